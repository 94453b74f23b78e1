"""/api/v1/candidates/ and /api/v1/awareness-courses/: the admissions pipeline for other
systems. Reads are scoped (access.scope); each write is the service the pages call, with the
same checks, Vietnamese messages per field (400) and audit; 404 for what the user cannot see,
403 for what they see but may not change."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.viewsets import (
    BooleanField,
    IndexField,
    InputSerializer,
    ScopedObjectField,
    ScopedViewSet,
    TextField,
    enum_field,
    error_responses,
)
from dangbo.admissions import services
from dangbo.admissions.models import (
    AwarenessCourse,
    Candidate,
    Sponsor,
    SponsorRole,
    Stage,
    StageRecord,
)
from dangbo.admissions.stages import next_step
from dangbo.core.clock import today
from dangbo.members.api.fields import PastDateField
from dangbo.members.models import Member, Sex
from dangbo.orgs.models import Organization

ORG_NOT_FOUND = "Không tìm thấy tổ chức này, hoặc tổ chức nằm ngoài phạm vi bạn được xem."
NOT_FOUND = "Không tìm thấy, hoặc nằm ngoài phạm vi bạn được xem."


def _stage() -> Any:
    return enum_field(Stage, "AdmissionStageEnum")


class StageRecordSerializer(serializers.ModelSerializer):
    stage = enum_field(Stage, "AdmissionStageEnum", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)

    class Meta:
        model = StageRecord
        fields = [
            "stage",
            "stage_label",
            "on",
            "decision_number",
            "votes_for",
            "votes_against",
            "votes_total",
            "note",
        ]
        read_only_fields = fields


class SponsorSerializer(serializers.ModelSerializer):
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    role = enum_field(SponsorRole, "SponsorRoleEnum", read_only=True)

    class Meta:
        model = Sponsor
        fields = ["id", "member", "member_name", "role", "since"]
        read_only_fields = fields


class CandidateSerializer(serializers.ModelSerializer):
    """A candidate with the step it waits for, who takes it, and its deadline."""

    stage = enum_field(Stage, "AdmissionStageEnum", read_only=True)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    sex = enum_field(Sex, "SexEnum", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    next_stage = serializers.SerializerMethodField()
    next_actor = serializers.SerializerMethodField()
    deadline = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Candidate
        fields = [
            "id",
            "full_name",
            "birth_date",
            "sex",
            "organization",
            "organization_name",
            "stage",
            "stage_label",
            "identified_on",
            "course_on",
            "file_on",
            "resolution_on",
            "committee_on",
            "decision_on",
            "decision_number",
            "ceremony_on",
            "vote_on",
            "official_on",
            "member",
            "next_stage",
            "next_actor",
            "deadline",
            "overdue",
        ]
        read_only_fields = fields

    def _step(self, obj: Candidate) -> Any:
        cache = self.context.setdefault("steps", {})
        if obj.pk not in cache:
            cache[obj.pk] = next_step(obj)
        return cache[obj.pk]

    def get_next_stage(self, obj: Candidate) -> str | None:
        step = self._step(obj)
        return step.stage if step else None

    def get_next_actor(self, obj: Candidate) -> str | None:
        step = self._step(obj)
        return step.actor if step else None

    def get_deadline(self, obj: Candidate) -> str | None:
        step = self._step(obj)
        return step.deadline.isoformat() if step and step.deadline else None

    def get_overdue(self, obj: Candidate) -> bool:
        step = self._step(obj)
        return bool(step and step.overdue(today()))


class CandidateDetailSerializer(CandidateSerializer):
    records = StageRecordSerializer(many=True, read_only=True)
    sponsors = SponsorSerializer(many=True, read_only=True)

    class Meta(CandidateSerializer.Meta):
        fields = [
            *CandidateSerializer.Meta.fields,
            "paper_history",
            "paper_mass_org",
            "paper_verification",
            "notes",
            "records",
            "sponsors",
        ]
        read_only_fields = fields


class CandidateListQuery(InputSerializer):
    organization = ScopedObjectField(
        Organization, required=False, not_found=ORG_NOT_FOUND, help_text="Đơn vị và cấp dưới."
    )
    stage = _stage()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].required = False


class CandidateCreateInput(InputSerializer):
    organization = ScopedObjectField(Organization, not_found=ORG_NOT_FOUND)
    full_name = TextField(max_length=128)
    birth_date = PastDateField()
    sex = enum_field(Sex, "SexEnum")
    identified_on = PastDateField()
    national_id = TextField(required=False, allow_blank=True, max_length=12)
    notes = TextField(required=False, allow_blank=True, max_length=5000)


class AdvanceInput(InputSerializer):
    """The step into `stage` (the next one: no stage may be skipped) and what it needs."""

    stage = _stage()
    on = PastDateField(help_text="Ngày của bước (dd/mm/yyyy).")
    course = ScopedObjectField(AwarenessCourse, required=False, not_found=NOT_FOUND)
    decision_number = TextField(required=False, allow_blank=True, max_length=64)
    received_on = PastDateField(required=False)
    votes_for = IndexField(required=False, min_value=0, max_value=100_000)
    votes_against = IndexField(required=False, min_value=0, max_value=100_000)
    official_members = IndexField(required=False, min_value=1, max_value=100_000)
    late_approval = TextField(required=False, allow_blank=True, max_length=255)
    over_age_approval = TextField(required=False, allow_blank=True, max_length=255)
    note = TextField(required=False, allow_blank=True, max_length=5000)


class SponsorInput(InputSerializer):
    member = ScopedObjectField(Member, not_found=NOT_FOUND)
    role = enum_field(SponsorRole, "SponsorRoleEnum")
    since = PastDateField()


class PapersInput(InputSerializer):
    paper_history = BooleanField(required=False)
    paper_mass_org = BooleanField(required=False)
    paper_verification = BooleanField(required=False)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách người vào Đảng, với bước tiếp theo và hạn",
        parameters=[CandidateListQuery],
        responses={200: CandidateSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một người vào Đảng: các bước đã qua, người giới thiệu, giấy tờ",
        responses={200: CandidateDetailSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Chi bộ xác định quần chúng ưu tú",
        request=CandidateCreateInput,
        responses={201: CandidateDetailSerializer, **error_responses(400)},
    ),
)
@extend_schema(tags=["Phát triển đảng viên"])
class CandidateViewSet(ScopedViewSet):
    model = Candidate
    http_method_names = ["get", "post", "head"]

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization")

    def list(self, request: Request) -> Response:
        params = self.query(CandidateListQuery)
        rows = self.get_queryset()
        if params.get("organization") is not None:
            rows = rows.filter(organization__path__startswith=params["organization"].path)
        if params.get("stage"):
            rows = rows.filter(stage=params["stage"])
        return self.paginated(rows.order_by("id"), CandidateSerializer)

    def _detail(self, pk: int, status: int = 200) -> Response:
        obj = self.get_queryset().prefetch_related("records", "sponsors__member").get(pk=pk)
        return self.output(obj, CandidateDetailSerializer, status=status)

    def retrieve(self, request: Request, pk: str) -> Response:
        return self._detail(self.get_object().pk)

    def create(self, request: Request) -> Response:
        data = self.body(CandidateCreateInput)
        candidate = services.identify_candidate(actor=self.actor, **data)
        return self._detail(self.reread(candidate.pk).pk, status=201)

    @extend_schema(
        summary="Ghi bước tiếp theo (không được bỏ qua bước)",
        request=AdvanceInput,
        responses={200: CandidateDetailSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def advance(self, request: Request, pk: str) -> Response:
        candidate: Candidate = self.get_object_for()
        data = self.body(AdvanceInput)
        services.advance_candidate(actor=self.actor, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(
        summary="Thêm người giới thiệu (đảng viên chính thức của chi bộ)",
        request=SponsorInput,
        responses={200: CandidateDetailSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def sponsors(self, request: Request, pk: str) -> Response:
        candidate: Candidate = self.get_object_for()
        data = self.body(SponsorInput)
        services.add_sponsor(actor=self.actor, candidate=candidate, **data)
        return self._detail(candidate.pk)

    @extend_schema(
        summary="Đánh dấu giấy tờ hồ sơ đã có",
        request=PapersInput,
        responses={200: CandidateDetailSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def papers(self, request: Request, pk: str) -> Response:
        candidate: Candidate = self.get_object_for()
        data = self.body(PapersInput)
        services.update_papers(actor=self.actor, candidate=candidate, **data)
        return self._detail(candidate.pk)
