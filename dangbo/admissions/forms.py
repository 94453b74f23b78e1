"""Forms of the admissions pages: shape only (dd/mm/yyyy dates, numbers); the services check
the rules and their messages are shown beside these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from dangbo.admissions.models import AwarenessCourse, CourseEnrolment, CourseResult, Stage
from dangbo.members.models import Member, Sex
from dangbo.orgs.forms.base import BootstrapForm, date_field, required_message
from dangbo.orgs.models import Organization

# The inputs the step into each stage asks for (besides its date).
STEP_FIELDS: dict[str, tuple[str, ...]] = {
    Stage.COURSE: ("course",),
    Stage.FILE: ("note",),
    Stage.CELL_RESOLUTION: (
        "votes_for",
        "votes_against",
        "official_members",
        "decision_number",
        "over_age_approval",
        "note",
    ),
    Stage.COMMITTEE: ("decision_number", "note"),
    Stage.DECISION: ("decision_number", "received_on", "note"),
    Stage.CEREMONY: ("late_approval", "over_age_approval", "note"),
    Stage.CELL_VOTE: ("votes_for", "votes_against", "official_members", "note"),
    Stage.OFFICIAL: ("decision_number", "note"),
}
DATE_LABELS: dict[str, str] = {
    Stage.COURSE: "Ngày cấp giấy chứng nhận",
    Stage.FILE: "Ngày hoàn thiện hồ sơ",
    Stage.CELL_RESOLUTION: "Ngày chi bộ họp xét",
    Stage.COMMITTEE: "Ngày đảng ủy cơ sở xét",
    Stage.DECISION: "Ngày ký quyết định kết nạp",
    Stage.CEREMONY: "Ngày lễ kết nạp",
    Stage.CELL_VOTE: "Ngày chi bộ họp xét",
    Stage.OFFICIAL: "Ngày ký quyết định công nhận",
}


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=100_000,
        error_messages={
            "invalid": "Nhập một số nguyên.",
            "min_value": "Không được âm.",
            "max_value": "Số quá lớn.",
        },
    )


class CandidateForm(BootstrapForm):
    organization = forms.ModelChoiceField(
        label="Chi bộ",
        queryset=Organization.objects.none(),
        error_messages={**required_message("Chi bộ"), "invalid_choice": "Chọn chi bộ."},
    )
    full_name = forms.CharField(
        label="Họ và tên", max_length=128, error_messages=required_message("Họ và tên")
    )
    birth_date = date_field("Ngày sinh")
    sex = forms.ChoiceField(label="Giới tính", choices=Sex.choices)
    national_id = forms.CharField(label="Số CCCD", max_length=12, required=False)
    identified_on = date_field("Ngày chi bộ xác định")
    notes = forms.CharField(
        label="Ghi chú", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units


class AdvanceForm(BootstrapForm):
    """The step into `stage`; only the inputs that step needs are kept."""

    on = date_field("Ngày")
    course = forms.ModelChoiceField(
        label="Lớp bồi dưỡng nhận thức về Đảng",
        queryset=AwarenessCourse.objects.none(),
        required=False,
        error_messages={"invalid_choice": "Chọn lớp trong danh sách."},
    )
    decision_number = forms.CharField(label="Số văn bản", max_length=64, required=False)
    received_on = date_field("Ngày chi bộ nhận quyết định", required=False)
    votes_for = _count("Số phiếu tán thành")
    votes_against = _count("Số phiếu không tán thành")
    official_members = _count("Tổng số đảng viên chính thức (khi chưa nhập danh sách)")
    late_approval = forms.CharField(
        label="Văn bản đồng ý tổ chức lễ chậm", max_length=255, required=False
    )
    over_age_approval = forms.CharField(
        label="Văn bản đồng ý kết nạp trên 60 tuổi", max_length=255, required=False
    )
    note = forms.CharField(
        label="Ghi chú", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(
        self, *args: Any, stage: str, courses: QuerySet[AwarenessCourse], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.stage = stage
        keep = {"on", *STEP_FIELDS[stage]}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["on"].label = DATE_LABELS[stage]
        if "course" in self.fields:
            field = self.fields["course"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = courses
            field.required = True


class PapersForm(BootstrapForm):
    paper_history = forms.BooleanField(label="Lý lịch người xin vào Đảng", required=False)
    paper_mass_org = forms.BooleanField(label="Nhận xét của đoàn thể", required=False)
    paper_verification = forms.BooleanField(label="Kết quả thẩm tra lý lịch", required=False)


class SponsorForm(BootstrapForm):
    member = forms.ModelChoiceField(
        label="Đảng viên giới thiệu",
        queryset=Member.objects.none(),
        error_messages={**required_message("Đảng viên"), "invalid_choice": "Chọn đảng viên."},
    )
    role = forms.ChoiceField(
        label="Vai trò",
        choices=[("first", "Người giới thiệu thứ nhất"), ("second", "Người giới thiệu thứ hai")],
    )
    since = date_field("Ngày nhận giới thiệu")

    def __init__(self, *args: Any, members: QuerySet[Member], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = members


# --- Awareness courses ---------------------------------------------------------------------


class CourseForm(BootstrapForm):
    organization = forms.ModelChoiceField(
        label="Đơn vị tổ chức lớp",
        queryset=Organization.objects.none(),
        error_messages={**required_message("Đơn vị tổ chức"), "invalid_choice": "Chọn đơn vị."},
    )
    title = forms.CharField(
        label="Tên lớp", max_length=255, error_messages=required_message("Tên lớp")
    )
    starts_on = date_field("Ngày khai giảng")
    ends_on = date_field("Ngày bế giảng")
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)

    def __init__(
        self, *args: Any, units: QuerySet[Organization] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if units is None:  # editing: the organiser stays
            del self.fields["organization"]
        else:
            field = self.fields["organization"]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = units


RESULT_CHOICES = [
    (CourseResult.PENDING.value, CourseResult.PENDING.label),
    (CourseResult.PASSED.value, CourseResult.PASSED.label),
    (CourseResult.FAILED.value, CourseResult.FAILED.label),
]


class RosterResultsForm(BootstrapForm):
    """One result and certificate date per editable enrolment of the roster, keyed by the
    candidate: `result_<id>`, `certificate_<id>`."""

    def __init__(self, *args: Any, enrolments: list[CourseEnrolment], **kwargs: Any) -> None:
        self.enrolments = enrolments
        initial: dict[str, object] = {}
        for e in enrolments:
            initial[f"result_{e.candidate_id}"] = e.result
            initial[f"certificate_{e.candidate_id}"] = e.certificate_on
        super().__init__(*args, initial=initial, **kwargs)
        for e in enrolments:
            name = e.candidate.full_name
            self.fields[f"result_{e.candidate_id}"] = forms.ChoiceField(
                label=f"Kết quả của {name}",
                choices=RESULT_CHOICES,
                error_messages={"invalid_choice": "Chọn kết quả trong danh sách."},
            )
            self.fields[f"certificate_{e.candidate_id}"] = date_field(
                f"Ngày cấp giấy chứng nhận của {name}", required=False
            )
        # Fields added after the base class styled its fields: small inputs for a table.
        for field in self.fields.values():
            small = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs["class"] = f"{small} {small}-sm"

    def rows(self) -> list[tuple[CourseEnrolment, Any, Any]]:
        """(enrolment, result field, certificate field) for the template."""
        return [
            (e, self[f"result_{e.candidate_id}"], self[f"certificate_{e.candidate_id}"])
            for e in self.enrolments
        ]
