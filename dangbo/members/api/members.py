"""REST API of the member roll: list, record, entering and correcting records (DESIGN rules
1, 2, 6). Status and unit never change here: only events do (members.api.events).

Personal data (CCCD, addresses, phone) is shown only to users allowed Action.PERSONAL on the
member's unit, only in the detail, and every such read is written to the audit log."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from dangbo.access.policy import Action
from dangbo.access.scoping import can, require
from dangbo.access.viewsets import (
    BooleanField,
    InputSerializer,
    ScopedObjectField,
    TextField,
    enum_field,
    error_responses,
)
from dangbo.audit.services import record
from dangbo.core.clock import today as local_today
from dangbo.members import services
from dangbo.members.api.corrections import MemberCorrectionsMixin
from dangbo.members.api.events import MemberEventsMixin
from dangbo.members.api.fields import (
    EARLIEST_BIRTH,
    MEMBER_NOT_FOUND,
    ORG_NOT_FOUND,
    CatalogField,
    PastDateField,
    optional_text,
)
from dangbo.members.api.member_actions import MemberActionsMixin
from dangbo.members.api.statistics import MemberStatisticsMixin
from dangbo.members.models import (
    ON_ROLL,
    EducationLevel,
    Ethnicity,
    Member,
    MemberStatus,
    Religion,
    Sex,
    TheoryLevel,
)
from dangbo.members.roll_filters import (
    POSITION_TEXT_MAX_CHARS,
    PartyAgeBand,
    PositionFilter,
    filter_members,
)
from dangbo.orgs.models import Organization
from dangbo.orgs.services import Decision

PERSONAL_FIELDS = ("national_id", "permanent_address", "current_address", "phone")
NO_PERSONAL_RIGHT = (
    "Bạn không có quyền xem và nhập thông tin cá nhân (CCCD, địa chỉ, điện thoại) của đảng viên "
    "đơn vị này."
)
_PERSONAL_DOC = (
    "Chỉ có khi người dùng có quyền Xem thông tin cá nhân tại chi bộ của đảng viên; nếu không, "
    "trường này không có trong kết quả (không phải null)."
)


# --- Output ---------------------------------------------------------------------------------


class MemberSerializer(serializers.ModelSerializer):
    """A member as lists show them: never with personal data."""

    sex = enum_field(Sex, "SexEnum", read_only=True)
    sex_label = serializers.CharField(source="get_sex_display", read_only=True)
    status = enum_field(MemberStatus, "MemberStatusEnum", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    theory_level = enum_field(TheoryLevel, "TheoryLevelEnum", read_only=True)
    education_level = serializers.CharField(
        read_only=True, help_text="Trình độ chuyên môn (mã), rỗng nếu chưa rõ."
    )
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    temporary_organization_name = serializers.CharField(
        source="temporary_organization.name", read_only=True, allow_null=True, default=None
    )
    ethnicity_name = serializers.CharField(
        source="ethnicity.name", read_only=True, allow_null=True, default=None
    )
    religion_name = serializers.CharField(
        source="religion.name", read_only=True, allow_null=True, default=None
    )
    url = serializers.SerializerMethodField()

    class Meta:
        model = Member
        fields = [
            "id",
            "url",
            "full_name",
            "other_name",
            "sex",
            "sex_label",
            "birth_date",
            "birth_place",
            "hometown",
            "ethnicity",
            "ethnicity_name",
            "religion",
            "religion_name",
            "occupation",
            "general_education",
            "education_level",
            "specialty",
            "academic_title",
            "theory_level",
            "foreign_language",
            "it_skill",
            "admitted_at",
            "sponsor_1",
            "sponsor_1_name",
            "sponsor_2",
            "sponsor_2_name",
            "card_number",
            "dossier_number",
            "party_position",
            "government_position",
            "mass_org_position",
            "status",
            "status_label",
            "organization",
            "organization_name",
            "temporary_organization",
            "temporary_organization_name",
            "decision_date",
            "admitted_on",
            "official_on",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, member: Member) -> str:
        return reverse(
            "api:member-detail", kwargs={"pk": member.pk}, request=self.context.get("request")
        )


class MemberDetailSerializer(MemberSerializer):
    """The full record. The personal fields are declared writable and optional only so that
    the schema marks them as not always present; this serializer is never used for input."""

    national_id = serializers.CharField(
        required=False, allow_null=True, help_text=f"Số CCCD (12 chữ số). {_PERSONAL_DOC}"
    )
    permanent_address = serializers.CharField(
        required=False, help_text=f"Nơi thường trú. {_PERSONAL_DOC}"
    )
    current_address = serializers.CharField(
        required=False, help_text=f"Nơi ở hiện nay. {_PERSONAL_DOC}"
    )
    phone = serializers.CharField(required=False, help_text=f"Điện thoại. {_PERSONAL_DOC}")

    class Meta(MemberSerializer.Meta):
        fields = [*MemberSerializer.Meta.fields, *PERSONAL_FIELDS]
        read_only_fields = MemberSerializer.Meta.fields

    def to_representation(self, member: Member) -> dict[str, Any]:
        data: dict[str, Any] = super().to_representation(member)
        request = self.context.get("request")
        if request is None or not can(request.user, Action.PERSONAL, member.organization):
            for name in PERSONAL_FIELDS:
                data.pop(name, None)
        return data


# --- Input ----------------------------------------------------------------------------------


class MemberListQuery(InputSerializer):
    organization = ScopedObjectField(
        Organization,
        required=False,
        not_found=ORG_NOT_FOUND,
        help_text="Chỉ đảng viên của tổ chức này và các đơn vị cấp dưới.",
    )
    status = enum_field(MemberStatus, "MemberStatusEnum", required=False)
    # allow_null: a boolean missing from a query string would otherwise read as false.
    on_roll = BooleanField(
        required=False,
        allow_null=True,
        help_text="true: chỉ đảng viên đang có tên trong danh sách (dự bị, chính thức, miễn); "
        "false: chỉ người đã ra khỏi danh sách.",
    )
    sex = enum_field(Sex, "SexEnum", required=False)
    ethnicity = CatalogField(Ethnicity, required=False, help_text="Mã số dân tộc.")
    theory_level = enum_field(TheoryLevel, "TheoryLevelEnum", required=False)
    party_age = enum_field(
        PartyAgeBand,
        "PartyAgeBandEnum",
        required=False,
        help_text="Nhóm tuổi đảng (năm tròn, tính từ ngày quyết định kết nạp; chỉ đảng viên "
        "chính thức).",
    )
    position = enum_field(PositionFilter, "PositionFilterEnum", required=False)
    position_text = TextField(
        required=False,
        allow_blank=True,
        max_length=POSITION_TEXT_MAX_CHARS,
        help_text="Chức vụ (Đảng, chính quyền hoặc đoàn thể) có cụm từ này, không phân biệt "
        "dấu và hoa thường, ví dụ «bi thu».",
    )
    search = TextField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Tìm theo họ tên (không phân biệt dấu và hoa thường, mọi từ đều phải có), "
        "hoặc đúng số thẻ đảng viên, hoặc đúng số CCCD (chỉ ở đơn vị bạn có quyền xem thông "
        "tin cá nhân).",
    )


class RecordInput(InputSerializer):
    """The facts of the record (mẫu 2-HSĐV) an API client may set."""

    full_name = TextField(max_length=128, help_text="Họ và tên khai sinh.")
    other_name = optional_text(128, "Tên gọi khác.")
    sex = enum_field(Sex, "SexEnum")
    birth_date = PastDateField(earliest=EARLIEST_BIRTH, help_text="Ngày sinh (dd/mm/yyyy).")
    birth_place = optional_text(255)
    hometown = optional_text(255)
    ethnicity = CatalogField(Ethnicity, required=False, allow_null=True)
    religion = CatalogField(Religion, required=False, allow_null=True)
    national_id = TextField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=32,
        help_text="Số CCCD, 12 chữ số (cần quyền Xem thông tin cá nhân).",
    )
    phone = optional_text(20, "Điện thoại (cần quyền Xem thông tin cá nhân).")
    permanent_address = optional_text(255, "Nơi thường trú (cần quyền Xem thông tin cá nhân).")
    current_address = optional_text(255, "Nơi ở hiện nay (cần quyền Xem thông tin cá nhân).")
    occupation = optional_text(128)
    general_education = optional_text(16, "Giáo dục phổ thông, ví dụ 12/12.")
    education_level = enum_field(
        EducationLevel, "EducationLevelEnum", required=False, allow_blank=True
    )
    specialty = optional_text(255)
    academic_title = optional_text(128)
    theory_level = enum_field(TheoryLevel, "TheoryLevelEnum", required=False)
    foreign_language = optional_text(128)
    it_skill = optional_text(128)
    admitted_at = optional_text(255, "Nơi vào Đảng.")
    sponsor_1 = ScopedObjectField(
        Member, required=False, allow_null=True, not_found=MEMBER_NOT_FOUND
    )
    sponsor_1_name = optional_text(255, "Người giới thiệu thứ nhất (ngoài hệ thống).")
    sponsor_2 = ScopedObjectField(
        Member, required=False, allow_null=True, not_found=MEMBER_NOT_FOUND
    )
    sponsor_2_name = optional_text(255, "Người giới thiệu thứ hai (ngoài hệ thống).")
    dossier_number = optional_text(32, "Số lý lịch.")
    party_position = optional_text(255)
    government_position = optional_text(255)
    mass_org_position = optional_text(255)


class MemberUpdateInput(RecordInput):
    """Every field optional: only those sent change."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class MemberCreateInput(RecordInput):
    organization = ScopedObjectField(
        Organization, not_found=ORG_NOT_FOUND, help_text="Chi bộ đảng viên đang sinh hoạt."
    )
    decision_date = PastDateField(help_text="Ngày quyết định kết nạp (dd/mm/yyyy).")
    admitted_on = PastDateField(help_text="Ngày vào Đảng (lễ kết nạp).")
    official_on = PastDateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Ngày chính thức; để trống nếu còn dự bị.",
    )
    decision_number = optional_text(64, "Số quyết định kết nạp.")
    note = optional_text(2000)


class MemberAdmitInput(RecordInput):
    organization = ScopedObjectField(
        Organization, not_found=ORG_NOT_FOUND, help_text="Chi bộ kết nạp."
    )
    decision_date = PastDateField(help_text="Ngày ký quyết định kết nạp (dd/mm/yyyy).")
    effective_on = PastDateField(help_text="Ngày tổ chức lễ kết nạp (ngày vào Đảng).")
    decision_number = optional_text(64, "Số quyết định kết nạp.")
    decision_received_on = PastDateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Ngày chi bộ nhận quyết định (mặc định: ngày ký).",
    )
    late_ceremony_approval = optional_text(255, "Văn bản đồng ý cho tổ chức lễ kết nạp quá hạn.")
    over_age_approval = optional_text(255, "Văn bản đồng ý kết nạp người quá tuổi.")
    note = optional_text(2000)


ADMISSION_FIELDS = {
    "organization",
    "decision_date",
    "admitted_on",
    "official_on",
    "decision_number",
    "note",
    "effective_on",
    "decision_received_on",
    "late_ceremony_approval",
    "over_age_approval",
}


def record_data(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ADMISSION_FIELDS}


def check_personal(
    user: Any, organization: Organization, data: dict[str, Any], clearing: bool = False
) -> None:
    """Writing personal data needs the right to read it; without that right, even a refusal
    such as "this CCCD is already taken" would tell what it may not. With `clearing`, sending
    an empty value (which erases the stored one) counts as writing too."""
    sent = [n for n in PERSONAL_FIELDS if n in data and (clearing or data[n])]
    if sent and not can(user, Action.PERSONAL, organization):
        raise ValidationError({name: [NO_PERSONAL_RIGHT] for name in sent})


# --- The viewset ----------------------------------------------------------------------------

_TAG = ["Đảng viên"]
_DOC = (
    "Hồ sơ đảng viên trong phạm vi được phân quyền (đảng viên tự phục vụ chỉ thấy hồ sơ của "
    "mình). Danh sách sắp theo thứ tự tên tiếng Việt (tên trước, rồi họ và tên đệm). "
    "Danh sách không có thông tin cá nhân (CCCD, địa chỉ, điện "
    "thoại); chi tiết có các trường đó khi người dùng có quyền Xem thông tin cá nhân tại chi bộ "
    "của đảng viên, và mỗi lần xem như vậy được ghi nhật ký. Trạng thái và chi bộ chỉ thay đổi "
    "qua sự kiện (/events/) và chuyển sinh hoạt (/transfers/)."
)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách đảng viên trong phạm vi được xem",
        parameters=[MemberListQuery],
        responses={200: MemberSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Hồ sơ một đảng viên (xem đầy đủ được ghi nhật ký)",
        responses={200: MemberDetailSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Nhập hồ sơ đảng viên đã vào Đảng (từ hồ sơ giấy)",
        request=MemberCreateInput,
        responses={201: MemberDetailSerializer, **error_responses(400)},
    ),
    partial_update=extend_schema(
        summary="Sửa, bổ sung thông tin hồ sơ (không đổi trạng thái, chi bộ)",
        request=MemberUpdateInput,
        responses={200: MemberDetailSerializer, **error_responses(400, 404)},
    ),
)
@extend_schema(tags=_TAG, description=_DOC)
class MemberViewSet(
    MemberStatisticsMixin, MemberActionsMixin, MemberCorrectionsMixin, MemberEventsMixin
):
    model = Member
    write_action = Action.EDIT

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related(
            "organization", "temporary_organization", "ethnicity", "religion"
        )

    def list(self, request: Request) -> Response:
        params = self.query(MemberListQuery)
        rows = self.get_queryset()
        unit: Organization | None = params.get("organization")
        if unit is not None:
            rows = rows.filter(organization__path__startswith=unit.path)
        if params.get("status"):
            rows = rows.filter(status=params["status"])
        if params.get("on_roll") is True:
            rows = rows.filter(status__in=ON_ROLL)
        elif params.get("on_roll") is False:
            rows = rows.exclude(status__in=ON_ROLL)
        filters = {**params, "q": params.get("search", "")}
        rows = filter_members(rows, filters, request.user, local_today())
        return self.paginated(rows.order_by("name_sort", "pk"), MemberSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        member = self.get_object()
        if can(request.user, Action.PERSONAL, member.organization):
            # A read of personal data leaves a trace, as a change does.
            record(
                actor=self.actor,
                action="member.view_full",
                target=member,
                organization=member.organization,
            )
        return self.output(member, MemberDetailSerializer)

    def create(self, request: Request) -> Response:
        data = self.body(MemberCreateInput)
        organization: Organization = data["organization"]
        require(request.user, Action.EDIT, organization)
        check_personal(request.user, organization, data)
        member = services.create_member(
            actor=self.actor,
            organization=organization,
            data=record_data(data),
            decision_date=data["decision_date"],
            admitted_on=data["admitted_on"],
            official_on=data["official_on"],
            decision_number=data.get("decision_number", ""),
            note=data.get("note", ""),
        )
        return self.output(self.reread(member.pk), MemberDetailSerializer, status=201)

    @extend_schema(
        summary="Kết nạp đảng viên mới (dự bị)",
        request=MemberAdmitInput,
        responses={201: MemberDetailSerializer, **error_responses(400)},
    )
    @action(detail=False, methods=["post"])
    def admit(self, request: Request) -> Response:
        data = self.body(MemberAdmitInput)
        organization: Organization = data["organization"]
        require(request.user, Action.EDIT, organization)
        check_personal(request.user, organization, data)
        member = services.admit_member(
            actor=self.actor,
            organization=organization,
            data=record_data(data),
            decision=Decision(
                effective_on=data["effective_on"],
                number=data.get("decision_number", ""),
                decided_on=data["decision_date"],
                note=data.get("note", ""),
            ),
            decision_received_on=data["decision_received_on"],
            late_ceremony_approval=data.get("late_ceremony_approval", ""),
            over_age_approval=data.get("over_age_approval", ""),
        )
        return self.output(self.reread(member.pk), MemberDetailSerializer, status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        member: Member = self.get_object_for()
        data = self.body(MemberUpdateInput)
        check_personal(request.user, member.organization, data, clearing=True)
        if data:
            services.update_member(actor=self.actor, member=member, data=data)
        return self.output(self.reread(member.pk), MemberDetailSerializer)
