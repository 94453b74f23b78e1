"""Forms of the target and task pages. They read and shape input only; the services check
the rules and write (DESIGN rule 1), and their messages land on these fields, which are named
after the service arguments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from dangbo.access.policy import Action
from dangbo.access.scoping import units_for
from dangbo.core.clock import today
from dangbo.documents.models import Document
from dangbo.indicators.models import Indicator
from dangbo.orgs.forms import BootstrapForm, UnitChoiceField, date_field
from dangbo.orgs.models import Organization
from dangbo.targets.models import (
    Comparator,
    Period,
    Target,
    TargetStatus,
    Task,
    TaskKind,
    TaskStatus,
)
from dangbo.targets.services.common import FILE_EXTENSIONS, MAX_FILE_BYTES

ACCEPT = ",".join(sorted(FILE_EXTENSIONS))
UNITS_LEVELS = 2  # levels below the issuer the unit pickers list
UNITS_MAX = 500


def offered_units(user: Any, document: Document, *keep: Organization | None) -> QuerySet:
    """Units the user may assign work to: the issuer and two levels below it (plus the ones
    already assigned, wherever they sit)."""
    issuer = document.issuer
    units = units_for(user, Action.VIEW).filter(
        path__startswith=issuer.path, depth__lte=issuer.depth + UNITS_LEVELS
    )
    ids = list(units.order_by("path").values_list("pk", flat=True)[:UNITS_MAX])
    ids += [org.pk for org in keep if org is not None]
    return Organization.objects.filter(pk__in=ids).order_by("path")


def _text(label: str, *, required: bool = False, max_length: int = 500, rows: int = 0) -> Any:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label,
        required=required,
        max_length=max_length,
        widget=widget,
        error_messages={
            "required": f"Nhập {label.lower()}.",
            "max_length": "Không được dài quá %(limit_value)d ký tự.",
        },
    )


def _choice(label: str, choices: list[tuple[str, str]], *, required: bool = True) -> Any:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        error_messages={
            "required": f"Chọn {label.lower()}.",
            "invalid_choice": "Lựa chọn không hợp lệ.",
        },
    )


def _file(label: str) -> Any:
    return forms.FileField(
        label=label,
        required=False,
        help_text=f"Tệp pdf, Word, Excel hoặc ảnh, tối đa {MAX_FILE_BYTES // 2**20} MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={
            "invalid": "Không đọc được tệp.",
            "empty": "Tệp rỗng.",
            "max_length": "Tên tệp quá dài.",
        },
    )


class TargetForm(BootstrapForm):
    label = _text("Tên ngắn", max_length=255)
    subject = _text("Đối tượng", rows=2)
    metric = _text("Nội dung đo", rows=2)
    comparator = _choice("So sánh", list(Comparator.choices))
    value = _text("Giá trị chỉ tiêu", required=True, max_length=40)
    value_max = _text("Giá trị tối đa (nếu là khoảng)", max_length=40)
    unit = _text("Đơn vị tính", required=True, max_length=64)
    period = _choice("Kỳ", [("", "— Không rõ —"), *Period.choices], required=False)
    baseline = _text("Giá trị đầu kỳ", max_length=40)
    baseline_on = date_field("Ngày của giá trị đầu kỳ", required=False)
    deadline = date_field("Thời hạn", required=False)
    responsible = UnitChoiceField(
        Organization.objects.none(), label="Đơn vị chịu trách nhiệm", required=False
    )
    weight = _text("Trọng số trong chỉ tiêu cha", required=True, max_length=20)
    parent = forms.ModelChoiceField(
        Target.objects.none(),
        label="Thuộc chỉ tiêu («trong đó»)",
        required=False,
        empty_label="— Không —",
        error_messages={"invalid_choice": "Chỉ tiêu cha không hợp lệ."},
    )
    status = _choice("Trạng thái", list(TargetStatus.choices))

    def __init__(self, *args: Any, user: Any, target: Target, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["responsible"]
        assert isinstance(field, UnitChoiceField)
        field.offer(offered_units(user, target.document, target.responsible))
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = Target.objects.filter(document=target.document).exclude(pk=target.pk)


class TaskForm(BootstrapForm):
    kind = _choice("Loại nhiệm vụ", list(TaskKind.choices))
    title = _text("Tên nhiệm vụ", required=True)
    description = _text("Nội dung", max_length=50000, rows=4)
    lead = UnitChoiceField(Organization.objects.none(), label="Đơn vị chủ trì", required=False)
    supporting = forms.ModelMultipleChoiceField(
        Organization.objects.none(),
        label="Đơn vị phối hợp",
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        error_messages={"invalid_choice": "Đơn vị đã chọn không có trong danh sách."},
    )
    starts_on = date_field("Ngày bắt đầu", required=False)
    deadline = date_field("Thời hạn", required=False)
    status = _choice("Trạng thái", list(TaskStatus.choices))
    parent = forms.ModelChoiceField(
        Task.objects.none(),
        label="Thuộc nhiệm vụ",
        required=False,
        empty_label="— Không —",
        error_messages={"invalid_choice": "Nhiệm vụ cha không hợp lệ."},
    )

    def __init__(self, *args: Any, user: Any, task: Task, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        supporting = list(task.supporting.all())
        units = offered_units(user, task.document, task.lead, *supporting)
        lead = self.fields["lead"]
        assert isinstance(lead, UnitChoiceField)
        lead.offer(units)
        many = self.fields["supporting"]
        assert isinstance(many, forms.ModelMultipleChoiceField)
        many.queryset = units
        parent = self.fields["parent"]
        assert isinstance(parent, forms.ModelChoiceField)
        parent.queryset = Task.objects.filter(document=task.document).exclude(pk=task.pk)


class TargetProgressForm(BootstrapForm):
    period_label = _text("Kỳ báo cáo", required=True, max_length=64)
    as_of = date_field("Số liệu tính đến ngày")
    value = _text("Kết quả đạt được", required=True, max_length=40)
    unit = _text("Đơn vị tính", required=True, max_length=64)
    comment = _text("Nhận xét", max_length=5000, rows=2)
    evidence = _file("Minh chứng")

    def __init__(self, *args: Any, target: Target, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("unit", target.unit)
        initial.setdefault("as_of", today())
        initial.setdefault("period_label", f"Năm {today().year}")
        super().__init__(*args, **kwargs)
        self.fields["period_label"].widget.attrs["placeholder"] = "Ví dụ: 6 tháng đầu năm 2026"


class TaskReportForm(BootstrapForm):
    reported_on = date_field("Ngày báo cáo")
    progress = forms.IntegerField(
        label="Tiến độ (%)",
        error_messages={
            "required": "Nhập tiến độ.",
            "invalid": "Tiến độ phải là một số nguyên từ 0 đến 100.",
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
    )
    status = _choice("Trạng thái", list(TaskStatus.choices))
    text = _text("Kết quả thực hiện", required=True, max_length=20000, rows=3)
    attachment = _file("Tệp đính kèm")

    def __init__(self, *args: Any, task: Task, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("reported_on", today())
        initial.setdefault("progress", task.progress)
        initial.setdefault(
            "status",
            TaskStatus.IN_PROGRESS if task.status == TaskStatus.NOT_STARTED else task.status,
        )
        super().__init__(*args, **kwargs)

    def clean_progress(self) -> int:
        value = self.cleaned_data["progress"]
        if not 0 <= value <= 100:
            raise ValidationError(f"Tiến độ {value}% không hợp lệ: nhập từ 0 đến 100.")
        return int(value)


class BoardFilterForm(BootstrapForm):
    kind = _choice("Loại nhiệm vụ", [("", "Tất cả"), *TaskKind.choices], required=False)
    status = _choice("Trạng thái", [("", "Tất cả"), *TaskStatus.choices], required=False)
    unit = forms.ModelChoiceField(
        Organization.objects.none(),
        label="Đơn vị chủ trì",
        required=False,
        empty_label="Tất cả",
        error_messages={"invalid_choice": "Đơn vị không hợp lệ."},
    )

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = units


class IndicatorLinkForm(BootstrapForm):
    """The indicator that measures a target (targets.measured); empty unlinks it."""

    indicator = forms.ModelChoiceField(
        Indicator.objects.filter(active=True).order_by("position", "code"),
        label="Chỉ số đo",
        required=False,
        empty_label="— Không đo bằng chỉ số —",
        error_messages={"invalid_choice": "Chỉ số không hợp lệ hoặc đã thôi sử dụng."},
    )


CASCADE_UNITS_MAX = 200


def cascade_units(user: Any, target: Target) -> list[Organization]:
    """Units a target can be cascaded to from its page: the units directly below the
    responsible unit (else the issuer) that the user may edit, and those given a share
    before."""
    base = target.responsible or target.document.issuer
    below = units_for(user, Action.EDIT).filter(
        path__startswith=base.path, depth=base.depth + 1, active_to__isnull=True
    )
    ids = list(below.values_list("pk", flat=True)[:CASCADE_UNITS_MAX])
    ids += list(target.cascaded.values_list("responsible_id", flat=True))
    return list(Organization.objects.filter(pk__in=ids).order_by("path"))


class CascadeForm(BootstrapForm):
    """One row per unit below: its share of the target (empty: not given)."""

    def __init__(
        self,
        *args: Any,
        units: list[Organization],
        current: dict[int, str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        for unit in units:
            self.fields[f"share_{unit.pk}"] = forms.CharField(
                label=unit.name,
                required=False,
                max_length=40,
                initial=(current or {}).get(unit.pk, ""),
                error_messages={"max_length": "Không được dài quá %(limit_value)d ký tự."},
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def rows(self) -> list[tuple[Organization, Any]]:
        return [(unit, self[f"share_{unit.pk}"]) for unit in self.units]

    def shares(self) -> dict[Organization, str]:
        """The units given a share, with the share as typed (the service reads the number)."""
        found: dict[Organization, str] = {}
        for unit in self.units:
            text = (self.cleaned_data.get(f"share_{unit.pk}") or "").strip()
            if text:
                found[unit] = text
        return found
