"""Forms of the meeting pages: shape only; the services check the rules (roll, quorum, dates)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from dangbo.access.scoping import scope
from dangbo.core.clock import today
from dangbo.meetings.models import MeetingKind
from dangbo.meetings.queries import quality_choices
from dangbo.members.models import ON_ROLL, Member
from dangbo.orgs.forms.base import BootstrapForm, date_field, required_message
from dangbo.orgs.models import Organization

PICKER_SIZE = 300
SUPERVISOR_ATTENDED = [("", "— Chưa ghi —"), ("yes", "Có dự"), ("no", "Không dự")]


def _member_field(label: str, members: QuerySet[Member]) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label,
        queryset=members,
        required=False,
        empty_label="— Chọn —",
        error_messages={"invalid_choice": "Chọn một đảng viên trong danh sách."},
    )


def pickable_members(user: Any, org: Organization) -> QuerySet[Member]:
    """Members now on the roll of the cell, as the user may see them (for chair, thư ký)."""
    return (
        scope(user, Member)
        .filter(organization=org, status__in=ON_ROLL)
        .order_by("name_sort", "id")[:PICKER_SIZE]
    )


def supervisor_choices(user: Any, org: Organization) -> QuerySet[Member]:
    """Members of the unit above the cell the user sees: the committee member in charge."""
    parent_path = org.path[: -Organization.steplen] or org.path
    return (
        scope(user, Member)
        .filter(organization__path__startswith=parent_path, status__in=ON_ROLL)
        .order_by("name_sort", "id")[:PICKER_SIZE]
    )


class MeetingForm(BootstrapForm):
    kind = forms.ChoiceField(
        label="Loại sinh hoạt",
        choices=MeetingKind.choices,
        error_messages={"invalid_choice": "Chọn loại sinh hoạt trong danh sách."},
    )
    date = date_field("Ngày họp")
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    agenda = forms.CharField(
        label="Chủ đề, nội dung chính",
        max_length=500,
        error_messages={
            **required_message("Chủ đề, nội dung chính"),
            "max_length": "Không được dài quá {max_length} ký tự.",
        },
    )

    plan_fields = ("kind", "date", "place", "agenda", "chair", "minute_taker", "supervisor")
    minutes_fields = ("supervisor_attended", "content", "conclusions", "quality")

    def __init__(self, *args: Any, user: Any, organization: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = Member.objects.filter(
            pk__in=pickable_members(user, organization).values("pk")
        ).order_by("name_sort", "id")
        self.fields["chair"] = _member_field("Chủ trì", members)
        self.fields["minute_taker"] = _member_field("Thư ký", members)
        self.fields["supervisor"] = _member_field(
            "Cấp ủy viên phụ trách",
            Member.objects.filter(
                pk__in=supervisor_choices(user, organization).values("pk")
            ).order_by("name_sort", "id"),
        )
        self.fields["supervisor_attended"] = forms.ChoiceField(
            label="Cấp ủy viên phụ trách dự họp",
            choices=SUPERVISOR_ATTENDED,
            required=False,
            error_messages={"invalid_choice": "Chọn trong danh sách."},
        )
        self.fields["content"] = forms.CharField(
            label="Diễn biến", required=False, max_length=20000, widget=forms.Textarea({"rows": 4})
        )
        self.fields["conclusions"] = forms.CharField(
            label="Kết luận", required=False, max_length=20000, widget=forms.Textarea({"rows": 3})
        )
        day = self.initial.get("date") or today()
        self.fields["quality"] = forms.ChoiceField(
            label="Xếp loại chất lượng",
            choices=[("", "— Chưa xếp loại —"), *quality_choices(day)],
            required=False,
            error_messages={"invalid_choice": "Chọn xếp loại trong danh sách."},
        )
        # The fields added here need the Bootstrap classes BootstrapForm gives at its init.
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            if css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        attended = data.pop("supervisor_attended", "")
        data["supervisor_attended"] = {"yes": True, "no": False}.get(attended)
        return data


def attended_initial(value: bool | None) -> str:
    return {True: "yes", False: "no"}.get(value, "") if value is not None else ""


class PlanYearForm(BootstrapForm):
    """The yearly plan of regular meetings of one cell."""

    year = forms.IntegerField(
        label="Năm",
        min_value=1945,
        max_value=2200,
        error_messages={
            **required_message("Năm"),
            "invalid": "Nhập năm bằng số, ví dụ 2026.",
            "min_value": "Năm không hợp lệ.",
            "max_value": "Năm không hợp lệ.",
        },
    )
    day_of_month = forms.IntegerField(
        label="Ngày họp hằng tháng",
        min_value=1,
        max_value=31,
        help_text="Tháng ít ngày hơn thì họp vào ngày cuối tháng.",
        error_messages={
            **required_message("Ngày họp hằng tháng"),
            "invalid": "Nhập một số từ 1 đến 31.",
            "min_value": "Ngày trong tháng phải từ 1 đến 31.",
            "max_value": "Ngày trong tháng phải từ 1 đến 31.",
        },
    )
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
