"""The member record (mẫu 2-HSĐV) as a page form: admitting a new member, entering one already
admitted (from the paper roll), and editing the facts of a record. Field names are those of
the services and the API, so a refusal lands beside the box that caused it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import QuerySet
from django.utils.text import capfirst

from dangbo.members.api.fields import EARLIEST_BIRTH
from dangbo.members.api.members import PERSONAL_FIELDS
from dangbo.members.forms.fields import (
    CellChoiceField,
    DayField,
    OfferedChoiceField,
    SponsorChoiceField,
    text_field,
)
from dangbo.members.models import (
    EducationLevel,
    Ethnicity,
    Member,
    Religion,
    Sex,
    TheoryLevel,
)
from dangbo.members.models.member import BIOGRAPHY_FIELDS
from dangbo.members.services.base import RECORD_FIELDS
from dangbo.orgs.forms import BootstrapForm
from dangbo.orgs.models import Organization

SPONSORS = (("sponsor_1", "sponsor_1_name"), ("sponsor_2", "sponsor_2_name"))


def label(name: str) -> str:
    """The record's own label for a field ("Họ và tên khai sinh"), as the profile shows it."""
    field = Member._meta.get_field(name)
    assert isinstance(field, models.Field)
    return capfirst(str(field.verbose_name))


def _text(name: str, **kwargs: Any) -> forms.CharField:
    field = Member._meta.get_field(name)
    assert isinstance(field, models.Field)
    return text_field(label(name), int(field.max_length or 255), **kwargs)


def _choice(name: str, choices: list[tuple[str, str]], **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label(name),
        choices=choices,
        error_messages={
            "required": f"Chọn {label(name).lower()}.",
            "invalid_choice": "Giá trị đã chọn không có trong danh sách.",
        },
        **kwargs,
    )


def _catalog(name: str, queryset: QuerySet[Any]) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset,
        label=label(name),
        required=False,
        empty_label="— Chưa rõ —",
        error_messages={"invalid_choice": "Giá trị đã chọn không có trong danh mục."},
    )


class RecordForm(BootstrapForm):
    """The facts of the record. Without the right to personal data (Action.PERSONAL) the
    CCCD, address and phone boxes are not there at all: neither shown nor changed."""

    full_name = _text("full_name", required=True)
    other_name = _text("other_name")
    sex = _choice("sex", [("", "— Chọn —"), *Sex.choices])
    birth_date = DayField(label("birth_date"), earliest=EARLIEST_BIRTH)
    birth_place = _text("birth_place")
    hometown = _text("hometown")
    ethnicity = _catalog("ethnicity", Ethnicity.objects.all())
    religion = _catalog("religion", Religion.objects.all())
    # 32, not 12: a wrong length gets the service's message, which says what a CCCD is.
    national_id = text_field(label("national_id"), 32, help_text="12 chữ số.")
    phone = _text("phone")
    permanent_address = _text("permanent_address")
    current_address = _text("current_address")
    occupation = _text("occupation")
    general_education = _text("general_education", help_text="Ví dụ 12/12.")
    education_level = _choice(
        "education_level", [("", "— Chưa rõ —"), *EducationLevel.choices], required=False
    )
    specialty = _text("specialty")
    academic_title = _text("academic_title")
    theory_level = _choice("theory_level", TheoryLevel.choices, initial=TheoryLevel.NONE)
    foreign_language = _text("foreign_language")
    it_skill = _text("it_skill")
    admitted_at = _text("admitted_at")
    sponsor_1 = SponsorChoiceField(label("sponsor_1"))
    sponsor_1_name = _text(
        "sponsor_1_name", help_text="Khi người giới thiệu không có trong danh sách."
    )
    sponsor_2 = SponsorChoiceField(label("sponsor_2"))
    sponsor_2_name = _text(
        "sponsor_2_name", help_text="Khi người giới thiệu không có trong danh sách."
    )
    dossier_number = _text("dossier_number")
    party_position = _text("party_position")
    government_position = _text("government_position")
    mass_org_position = _text("mass_org_position")

    # (title, fields) in the groups of mẫu 2-HSĐV, as the profile shows them.
    sections: tuple[tuple[str, tuple[str, ...]], ...] = (
        (
            "Sơ yếu lý lịch",
            BIOGRAPHY_FIELDS,
        ),
        ("Thông tin cá nhân", PERSONAL_FIELDS),
        (
            "Trình độ",
            (
                "occupation",
                "general_education",
                "education_level",
                "specialty",
                "academic_title",
                "theory_level",
                "foreign_language",
                "it_skill",
            ),
        ),
        ("Về Đảng", ("admitted_at", "dossier_number")),
        ("Chức vụ", ("party_position", "government_position", "mass_org_position")),
    )
    # What a page that chooses a cell refreshes when the cell changes (the sponsor list).
    sponsor_fields = ("sponsor_1", "sponsor_1_name", "sponsor_2", "sponsor_2_name")
    # The admission or entry decision, shown first by the forms that have one.
    decision_title = ""
    decision_fields: tuple[str, ...] = ()

    def __init__(
        self,
        *args: Any,
        members: QuerySet[Member],
        sponsors: list[Member],
        personal: bool,
        **kwargs: Any,
    ) -> None:
        """`members`: whom the user may name as a sponsor (already scoped); `sponsors`: the
        short list offered (official members of the cell); `personal`: may the user read and
        write CCCD, addresses and phone."""
        super().__init__(*args, **kwargs)
        self.personal = personal
        if not personal:
            for name in PERSONAL_FIELDS:
                del self.fields[name]
        for name, _ in SPONSORS:
            self.fields[name].queryset = members  # type: ignore[attr-defined]
            self.offer(name, sponsors)

    def offer(self, name: str, rows: list[Any]) -> None:
        """Offer `rows` in the select `name`, plus the row already chosen (sent back after an
        error, or the record's own value) so that a choice is never silently dropped."""
        field = self.fields[name]
        assert isinstance(field, OfferedChoiceField)
        chosen = str(self[name].value() or "")
        if chosen.isdigit() and len(chosen) < 19 and all(str(r.pk) != chosen for r in rows):
            assert field.queryset is not None
            rows = [*rows, *field.queryset.filter(pk=int(chosen))]
        field.offer(rows)

    def section_rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        sections = list(self.sections)
        if self.decision_fields:
            sections.insert(0, (self.decision_title, self.decision_fields))
        return [
            (title, [self[name] for name in names if name in self.fields])
            for title, names in sections
            if any(name in self.fields for name in names)
        ]

    @property
    def sponsors_after(self) -> str:
        """The section the sponsors follow: the admission decision, else "Về Đảng"."""
        return self.decision_title or "Về Đảng"

    def sponsor_rows(self) -> list[forms.BoundField]:
        return [self[name] for name in self.sponsor_fields]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for chosen, typed in SPONSORS:
            if data.get(chosen) is not None and data.get(typed):
                self.add_error(
                    typed, "Đã chọn người giới thiệu trong danh sách: không ghi thêm tên."
                )
        return data

    def record_data(self) -> dict[str, Any]:
        """The record fields as the services take them."""
        return {
            name: self.cleaned_data[name]
            for name in RECORD_FIELDS
            if name in self.fields and name in self.cleaned_data
        }


class CellRecordForm(RecordForm):
    """A record entered into a cell the user chooses."""

    organization = CellChoiceField()

    def __init__(
        self, *args: Any, cells: QuerySet[Organization], offered: list[Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = cells  # type: ignore[attr-defined]
        self.offer("organization", offered)


class AdmitForm(CellRecordForm):
    """Kết nạp: the decision of the superior committee, then the ceremony at the cell."""

    decision_number = text_field("Số quyết định kết nạp", 64)
    decision_date = DayField("Ngày ký quyết định kết nạp")
    decision_received_on = DayField(
        "Ngày chi bộ nhận quyết định",
        required=False,
        help_text="Để trống nếu là ngày ký. Lễ kết nạp phải trong 30 ngày làm việc kể từ ngày "
        "nhận quyết định.",
    )
    effective_on = DayField("Ngày tổ chức lễ kết nạp (ngày vào Đảng)")
    late_ceremony_approval = text_field(
        "Văn bản đồng ý tổ chức lễ kết nạp quá hạn",
        255,
        help_text="Chỉ khi lễ kết nạp quá 30 ngày làm việc.",
    )
    over_age_approval = text_field(
        "Văn bản đồng ý kết nạp người trên 60 tuổi", 255, help_text="Số, ngày của văn bản."
    )
    note = text_field("Ghi chú", 2000, rows=2)

    decision_title = "Chi bộ và quyết định kết nạp"
    decision_fields = (
        "organization",
        "decision_number",
        "decision_date",
        "decision_received_on",
        "effective_on",
        "late_ceremony_approval",
        "over_age_approval",
        "note",
    )


class EnterForm(CellRecordForm):
    """A member admitted before the roll was kept here: admission (and recognition) dates
    from their paper record become their first events."""

    decision_number = text_field("Số quyết định kết nạp", 64)
    decision_date = DayField("Ngày quyết định kết nạp")
    admitted_on = DayField("Ngày vào Đảng")
    official_on = DayField(
        "Ngày chính thức", required=False, help_text="Để trống nếu còn là đảng viên dự bị."
    )
    note = text_field("Ghi chú", 2000, rows=2)

    decision_title = "Chi bộ và quá trình vào Đảng"
    decision_fields = (
        "organization",
        "decision_number",
        "decision_date",
        "admitted_on",
        "official_on",
        "note",
    )


def record_initial(member: Member) -> dict[str, Any]:
    """What the edit form starts from: the record as stored."""
    return {name: getattr(member, name) for name in RECORD_FIELDS if name != "user"}


def changed_fields(form: RecordForm, member: Member) -> dict[str, Any]:
    """Only what the user changed: the service re-checks a sponsor only when a sponsor is
    sent, so an old record (its sponsor not official on the day, per the paper roll) can
    still have its address corrected."""
    current = record_initial(member)
    return {
        name: value
        for name, value in form.record_data().items()
        if _normal(value) != _normal(current.get(name))
    }


def _normal(value: Any) -> Any:
    return "" if value is None else value
