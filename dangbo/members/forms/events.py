"""One page form per kind of event in a member's life. Each has the fields of the API input of
the same kind (members.api.events), with the same names, so the API's handler records it and
a refusal from the service lands on the right box."""

from __future__ import annotations

from typing import Any

from django import forms
from rest_framework import serializers

from dangbo.core.clock import today
from dangbo.core.rules import rule
from dangbo.members.api.events import BadgeInput
from dangbo.members.forms.fields import CellChoiceField, DayField, text_field
from dangbo.members.models import Member, MemberEvent, MemberStatus, Sanction
from dangbo.members.regulations import EarlyReason, probation_end
from dangbo.orgs.forms import BootstrapForm


def _api_choices(serializer: type[serializers.Serializer], name: str) -> list[tuple[str, str]]:
    field = serializer().fields[name]
    assert isinstance(field, serializers.ChoiceField)
    return list(field.choices.items())


def _decision_number(label: str = "Số quyết định", *, required: bool = False) -> forms.CharField:
    return text_field(
        label,
        64,
        required=required,
        widget=forms.TextInput(attrs={"placeholder": "Ví dụ: 125-QĐ/ĐU"}),
    )


def _note() -> forms.CharField:
    return text_field("Ghi chú", 2000, rows=2)


class EventForm(BootstrapForm):
    """What every event form knows: the member it is about."""

    def __init__(self, *args: Any, member: Member, **kwargs: Any) -> None:
        self.member = member
        super().__init__(*args, **kwargs)


class ConfirmOfficialForm(EventForm):
    """Công nhận đảng viên chính thức (§3.1)."""

    decision_number = _decision_number("Số quyết định công nhận", required=True)
    decision_date = DayField("Ngày ký quyết định")
    official_on = DayField(
        "Ngày chính thức",
        required=False,
        help_text="Là ngày đủ 12 tháng dự bị, kể cả khi chi bộ xét hoặc cấp trên quyết định "
        "muộn hơn; để trống để lấy ngày đó.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.member.admitted_on is not None:
            self.fields["official_on"].initial = probation_end(self.member.admitted_on)


class ReasonForm(EventForm):
    """A decision with a reason: miễn, thôi miễn, xóa tên, khai trừ."""

    effective_on = DayField("Ngày có hiệu lực")
    decision_number = _decision_number()
    decision_date = DayField("Ngày ký quyết định", required=False)
    reason = text_field("Lý do", 2000, rows=2)
    note = _note()


class DeathForm(EventForm):
    effective_on = DayField("Ngày từ trần")
    note = _note()


class CardForm(EventForm):
    """Phát (or cấp lại) thẻ đảng viên."""

    card_number = text_field("Số thẻ đảng viên", 32, required=True)
    effective_on = DayField("Ngày phát thẻ")
    decision_number = _decision_number("Số quyết định phát thẻ")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.member.card_number:
            self.fields["card_number"].help_text = f"Số thẻ hiện tại: {self.member.card_number}."


class BadgeForm(EventForm):
    """Tặng Huy hiệu Đảng; the years offered are the rule's list (§3.3)."""

    years = forms.TypedChoiceField(
        label="Huy hiệu",
        coerce=int,
        error_messages={
            "required": "Chọn loại Huy hiệu.",
            "invalid_choice": "Không có loại Huy hiệu này.",
        },
    )
    effective_on = DayField("Ngày trao tặng")
    decision_number = _decision_number("Số quyết định tặng Huy hiệu")
    early_reason = forms.ChoiceField(
        label="Xét tặng",
        required=False,
        # The API's own list: the same three answers whichever door is used.
        choices=_api_choices(BadgeInput, "early_reason"),
        error_messages={"invalid_choice": "Giá trị đã chọn không có trong danh sách."},
    )

    def __init__(self, *args: Any, due_years: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = [int(y) for y in rule("badge_years", today())]
        field = self.fields["years"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", "— Chọn —"),
            *((y, f"Huy hiệu {y} năm tuổi Đảng") for y in years),
        ]
        if due_years is not None:
            self.fields["years"].initial = due_years
        if self.member.status == MemberStatus.DIED:
            self.fields["early_reason"].initial = EarlyReason.POSTHUMOUS


class PositionForm(EventForm):
    """Thay đổi chức vụ: the three positions as they will be; unchanged ones stay as they are."""

    party_position = text_field("Chức vụ Đảng", 255)
    government_position = text_field("Chức vụ chính quyền", 255)
    mass_org_position = text_field("Chức vụ đoàn thể", 255)
    effective_on = DayField("Ngày có hiệu lực")
    decision_number = _decision_number()
    decision_date = DayField("Ngày ký quyết định", required=False)
    note = _note()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("party_position", "government_position", "mass_org_position"):
            self.fields[name].initial = getattr(self.member, name)


class CommendForm(EventForm):
    """Khen thưởng (members.services.conduct.commend_member)."""

    form = text_field(
        "Hình thức khen thưởng",
        255,
        required=True,
        widget=forms.TextInput(attrs={"placeholder": "Ví dụ: Giấy khen, Bằng khen"}),
    )
    authority = text_field("Cấp, cơ quan khen thưởng", 255, required=True)
    achievement = text_field("Thành tích", 2000, rows=2)
    effective_on = DayField("Ngày khen thưởng")
    decision_number = _decision_number("Số quyết định khen thưởng", required=True)
    decision_date = DayField("Ngày ký quyết định", required=False)
    note = _note()


class DisciplineForm(EventForm):
    """Kỷ luật: khiển trách, cảnh cáo, cách chức (khai trừ is its own page)."""

    sanction = forms.ChoiceField(
        label="Hình thức kỷ luật",
        choices=[("", "— Chọn —"), *Sanction.choices],
        error_messages={
            "required": "Chọn hình thức kỷ luật.",
            "invalid_choice": "Chọn hình thức kỷ luật: khiển trách, cảnh cáo, cách chức.",
        },
    )
    position = text_field("Chức vụ bị cách (khi cách chức)", 255)
    authority = text_field("Cấp, tổ chức quyết định kỷ luật", 255, required=True)
    reason = text_field("Nội dung vi phạm", 2000, required=True, rows=2)
    effective_on = DayField("Ngày có hiệu lực")
    decision_number = _decision_number("Số quyết định kỷ luật", required=True)
    decision_date = DayField("Ngày ký quyết định", required=False)
    note = _note()


class ReadmitForm(EventForm):
    """Kết nạp lại a member struck off or expelled: a new probation on the same record."""

    organization = CellChoiceField("Chi bộ kết nạp lại")
    decision_number = _decision_number("Số quyết định kết nạp lại")
    decision_date = DayField("Ngày ký quyết định kết nạp lại")
    effective_on = DayField("Ngày tổ chức lễ kết nạp lại")
    late_ceremony_approval = text_field(
        "Văn bản đồng ý tổ chức lễ kết nạp quá hạn",
        255,
        help_text="Chỉ khi lễ kết nạp quá 30 ngày làm việc kể từ ngày quyết định.",
    )
    note = _note()

    def __init__(self, *args: Any, cells: Any, offered: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, CellChoiceField)
        field.queryset = cells
        if any(c.pk == self.member.organization_id for c in offered):
            field.initial = self.member.organization_id
        field.offer(offered)


REPLACE, VOID = "replace", "void"


class CorrectionForm(BootstrapForm):
    """Đính chính: the event replaced by one with the right date or decision, or voided."""

    mode = forms.ChoiceField(
        label="Cách đính chính",
        choices=[
            (REPLACE, "Sửa ngày hoặc quyết định của sự kiện"),
            (VOID, "Hủy bỏ: sự kiện này đã ghi nhầm, không có thật"),
        ],
        initial=REPLACE,
        widget=forms.RadioSelect,
        error_messages={"required": "Chọn cách đính chính."},
    )
    effective_on = DayField("Ngày có hiệu lực đúng", required=False)
    decision_number = _decision_number("Số quyết định đúng")
    decision_date = DayField("Ngày ký quyết định đúng", required=False)
    reason = text_field("Lý do đính chính", 2000, required=True, rows=2)

    def __init__(self, *args: Any, event: MemberEvent, **kwargs: Any) -> None:
        self.event = event
        kwargs.setdefault(
            "initial",
            {
                "effective_on": event.effective_on,
                "decision_number": event.decision_number,
                "decision_date": event.decision_date,
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("mode") == REPLACE and "effective_on" in data and not data["effective_on"]:
            self.add_error("effective_on", "Nhập ngày có hiệu lực đúng.")
        return data

    def corrections(self) -> dict[str, Any]:
        """The service's arguments: only what differs from the event (None keeps a value)."""
        data, event = self.cleaned_data, self.event
        if data["mode"] == VOID:
            return {"void": True}
        return {
            "effective_on": data["effective_on"]
            if data["effective_on"] != event.effective_on
            else None,
            "decision_number": data["decision_number"]
            if data["decision_number"] != event.decision_number
            else None,
            "decision_date": data["decision_date"]
            if data["decision_date"] is not None and data["decision_date"] != event.decision_date
            else None,
        }
