"""A member's history through the API: the events, newest first, and recording a new one.

POST takes a `kind` and the few fields that kind needs; each kind goes to its own service
(members.services), which validates it against the whole history (DESIGN rule 3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.scoping import scope
from dangbo.access.viewsets import (
    BooleanField,
    ChoiceField,
    IdField,
    IndexField,
    InputSerializer,
    ScopedViewSet,
    TextField,
    enum_field,
    error_responses,
)
from dangbo.accounts.models import User
from dangbo.members import services
from dangbo.members.api.fields import PastDateField, fields_renamed, optional_text
from dangbo.members.models import EventKind, Member, MemberEvent, MemberStatus, Sanction
from dangbo.members.regulations import EarlyReason
from dangbo.orgs.services import Decision

CORRECTION = "correction"


class MemberEventSerializer(serializers.ModelSerializer):
    kind = enum_field(EventKind, "MemberEventKindEnum", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    counterpart_organization = serializers.IntegerField(
        source="counterpart_id", read_only=True, allow_null=True
    )
    counterpart_organization_name = serializers.CharField(
        source="counterpart.name", read_only=True, allow_null=True, default=None
    )
    counterpart_name = serializers.CharField(
        read_only=True, help_text="Nơi đến / nơi đi ngoài hệ thống."
    )
    status_after = enum_field(MemberStatus, "MemberStatusEnum", read_only=True)
    organization_after_name = serializers.CharField(
        source="organization_after.name", read_only=True
    )
    details = serializers.DictField(read_only=True, help_text="Chi tiết theo loại sự kiện.")
    recorded_by_name = serializers.CharField(
        source="recorded_by.display_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = MemberEvent
        fields = [
            "id",
            "member",
            "kind",
            "kind_label",
            "effective_on",
            "decision_number",
            "decision_date",
            "organization",
            "organization_name",
            "counterpart_organization",
            "counterpart_organization_name",
            "counterpart_name",
            "corrects",
            "superseded",
            "status_after",
            "organization_after",
            "organization_after_name",
            "details",
            "note",
            "recorded_by_name",
            "recorded_at",
        ]
        read_only_fields = fields


# --- One small input per kind ---------------------------------------------------------------


class _EventInput(InputSerializer):
    kind = TextField(max_length=32, help_text="Loại sự kiện.")


class _DecisionInput(_EventInput):
    effective_on = PastDateField(help_text="Ngày hiệu lực (dd/mm/yyyy).")
    decision_number = optional_text(64, "Số quyết định.")
    decision_date = PastDateField(
        required=False, allow_null=True, default=None, help_text="Ngày ký quyết định."
    )
    note = optional_text(2000)


class ConfirmOfficialInput(_EventInput):
    decision_number = TextField(max_length=64, help_text="Số quyết định công nhận chính thức.")
    decision_date = PastDateField(help_text="Ngày ký quyết định.")
    official_on = PastDateField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Ngày chính thức; mặc định là ngày hết 12 tháng dự bị.",
    )


class ReasonInput(_DecisionInput):
    reason = optional_text(2000, "Lý do.")


class DeathInput(_EventInput):
    effective_on = PastDateField(help_text="Ngày từ trần.")
    note = optional_text(2000)


class CardInput(_EventInput):
    card_number = TextField(max_length=32, help_text="Số thẻ đảng viên.")
    effective_on = PastDateField(help_text="Ngày phát thẻ.")
    decision_number = optional_text(64, "Số quyết định phát thẻ.")


class BadgeInput(_EventInput):
    years = IndexField(min_value=1, max_value=100, help_text="Số năm tuổi Đảng của Huy hiệu.")
    effective_on = PastDateField(help_text="Ngày trao tặng.")
    decision_number = optional_text(64, "Số quyết định tặng Huy hiệu.")
    early_reason = ChoiceField(
        choices=[
            (EarlyReason.NONE, "Đúng hạn"),
            (EarlyReason.ILL, "Bệnh nặng (xét sớm)"),
            (EarlyReason.POSTHUMOUS, "Truy tặng"),
        ],
        required=False,
        allow_blank=True,
        default=EarlyReason.NONE,
        help_text="Lý do xét tặng sớm: rỗng, `ill` (bệnh nặng), `posthumous` (truy tặng).",
    )


class PositionInput(_DecisionInput):
    party_position = TextField(required=False, allow_blank=True, max_length=255, default=None)
    government_position = TextField(required=False, allow_blank=True, max_length=255, default=None)
    mass_org_position = TextField(required=False, allow_blank=True, max_length=255, default=None)


class CommendInput(_DecisionInput):
    decision_number = TextField(max_length=64, help_text="Số quyết định khen thưởng.")
    form = TextField(max_length=255, help_text="Hình thức khen thưởng (Giấy khen, Bằng khen…).")
    authority = TextField(max_length=255, help_text="Cấp, cơ quan quyết định khen thưởng.")
    achievement = optional_text(2000, "Thành tích được khen thưởng.")


class DisciplineInput(_DecisionInput):
    decision_number = TextField(max_length=64, help_text="Số quyết định kỷ luật.")
    sanction = enum_field(Sanction, "SanctionEnum", help_text="Hình thức kỷ luật.")
    authority = TextField(max_length=255, help_text="Cấp, tổ chức quyết định kỷ luật.")
    reason = TextField(max_length=2000, help_text="Nội dung vi phạm.")
    position = optional_text(255, "Chức vụ bị cách (khi cách chức).")


class CorrectionInput(_EventInput):
    corrects = IdField(help_text="Mã số sự kiện (của đảng viên này) cần đính chính.")
    reason = TextField(max_length=2000, help_text="Lý do đính chính.")
    void = BooleanField(required=False, default=False, help_text="true: hủy bỏ sự kiện ghi nhầm.")
    effective_on = PastDateField(
        required=False, allow_null=True, default=None, help_text="Ngày hiệu lực đúng."
    )
    decision_number = TextField(
        required=False, allow_blank=True, allow_null=True, max_length=64, default=None
    )
    decision_date = PastDateField(required=False, allow_null=True, default=None)


def _decision(data: dict[str, Any]) -> Decision:
    return Decision(
        effective_on=data["effective_on"],
        number=data.get("decision_number", ""),
        decided_on=data.get("decision_date"),
        note=data.get("note", ""),
    )


Handler = Callable[[User, Member, dict[str, Any]], MemberEvent]


def _confirm(actor: User, member: Member, data: dict[str, Any]) -> MemberEvent:
    with fields_renamed({"effective_on": "official_on"}):
        return services.confirm_official(
            actor=actor,
            member=member,
            decision_number=data["decision_number"],
            decided_on=data["decision_date"],
            official_on=data["official_on"],
        )


def _with_reason(service: Callable[..., MemberEvent]) -> Handler:
    def handler(actor: User, member: Member, data: dict[str, Any]) -> MemberEvent:
        return service(
            actor=actor, member=member, decision=_decision(data), reason=data.get("reason", "")
        )

    return handler


def _death(actor: User, member: Member, data: dict[str, Any]) -> MemberEvent:
    return services.record_death(
        actor=actor, member=member, died_on=data["effective_on"], note=data.get("note", "")
    )


def _card(reissue: bool) -> Handler:
    def handler(actor: User, member: Member, data: dict[str, Any]) -> MemberEvent:
        return services.issue_card(
            actor=actor,
            member=member,
            card_number=data["card_number"],
            issued_on=data["effective_on"],
            decision_number=data.get("decision_number", ""),
            reissue=reissue,
        )

    return handler


def _badge(actor: User, member: Member, data: dict[str, Any]) -> MemberEvent:
    with fields_renamed({"awarded_on": "effective_on"}):
        return services.award_badge(
            actor=actor,
            member=member,
            years=data["years"],
            awarded_on=data["effective_on"],
            decision_number=data.get("decision_number", ""),
            early_reason=data["early_reason"],
        )


def _position(actor: User, member: Member, data: dict[str, Any]) -> MemberEvent:
    return services.change_position(
        actor=actor,
        member=member,
        decision=_decision(data),
        party_position=data["party_position"],
        government_position=data["government_position"],
        mass_org_position=data["mass_org_position"],
    )


def _commend(actor: User, member: Member, data: dict[str, Any]) -> MemberEvent:
    return services.commend_member(
        actor=actor,
        member=member,
        decision=_decision(data),
        form=data["form"],
        authority=data["authority"],
        achievement=data.get("achievement", ""),
    )


def _discipline(actor: User, member: Member, data: dict[str, Any]) -> MemberEvent:
    return services.discipline_member(
        actor=actor,
        member=member,
        decision=_decision(data),
        sanction=data["sanction"],
        authority=data["authority"],
        reason=data["reason"],
        position=data.get("position", ""),
    )


def _correct(actor: User, member: Member, data: dict[str, Any]) -> MemberEvent:
    event = member.events.filter(pk=data["corrects"]).first()
    if event is None:
        raise serializers.ValidationError(
            {"corrects": ["Không có sự kiện này trong quá trình của đảng viên."]}
        )
    return services.correct_event(
        actor=actor,
        event=event,
        reason=data["reason"],
        void=data["void"],
        effective_on=data["effective_on"],
        decision_number=data["decision_number"],
        decision_date=data["decision_date"],
    )


# kind → (its input, what records it)
KINDS: dict[str, tuple[type[_EventInput], Handler]] = {
    EventKind.CONFIRMED_OFFICIAL.value: (ConfirmOfficialInput, _confirm),
    EventKind.EXEMPTED.value: (ReasonInput, _with_reason(services.exempt_member)),
    EventKind.EXEMPTION_ENDED.value: (ReasonInput, _with_reason(services.end_exemption)),
    EventKind.REMOVED.value: (ReasonInput, _with_reason(services.remove_member)),
    EventKind.EXPELLED.value: (ReasonInput, _with_reason(services.expel_member)),
    EventKind.DIED.value: (DeathInput, _death),
    EventKind.CARD_ISSUED.value: (CardInput, _card(reissue=False)),
    EventKind.CARD_REISSUED.value: (CardInput, _card(reissue=True)),
    EventKind.BADGE_AWARDED.value: (BadgeInput, _badge),
    EventKind.POSITION_CHANGED.value: (PositionInput, _position),
    EventKind.COMMENDED.value: (CommendInput, _commend),
    EventKind.DISCIPLINED.value: (DisciplineInput, _discipline),
    CORRECTION: (CorrectionInput, _correct),
}
KIND_LABELS = {**{k.value: str(k.label) for k in EventKind}, CORRECTION: "Đính chính sự kiện"}


class EventKindInput(InputSerializer):
    kind = ChoiceField(
        choices=[(k, KIND_LABELS[k]) for k in KINDS],
        error_messages={
            "invalid_choice": "«{input}» không phải loại sự kiện ghi được qua API ("
            + ", ".join(KINDS)
            + ")."
        },
    )


EVENT_REQUEST = PolymorphicProxySerializer(
    component_name="MemberEventInput",
    serializers={kind: serializer for kind, (serializer, _) in KINDS.items()},
    resource_type_field_name="kind",
)


class MemberEventsMixin(ScopedViewSet):
    """/members/{id}/events/ on MemberViewSet."""

    @extend_schema(
        methods=["GET"],
        summary="Quá trình của đảng viên (mới nhất trước)",
        responses={200: MemberEventSerializer(many=True), **error_responses(404)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Ghi một sự kiện: kind và các trường của loại đó",
        description="Loại sự kiện (kind): "
        + "; ".join(f"`{k}` {KIND_LABELS[k]}" for k in KINDS)
        + ". Chuyển sinh hoạt dùng /transfers/.",
        request=EVENT_REQUEST,
        responses={201: MemberEventSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["get", "post"])
    def events(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            member = self.get_object()
            return self.paginated(
                _events(request.user).filter(member=member).order_by("-effective_on", "-id"),
                MemberEventSerializer,
            )
        member = self.get_object_for()
        kind = self.body(EventKindInput)["kind"]
        serializer_class, handler = KINDS[kind]
        data = self.body(serializer_class)
        event = handler(self.actor, member, data)
        return self.output(
            _events(request.user).filter(pk=event.pk).get(), MemberEventSerializer, status=201
        )


def _events(user: Any) -> QuerySet[MemberEvent]:
    return scope(user, MemberEvent).select_related(
        "organization", "counterpart", "organization_after", "recorded_by"
    )
