"""Forms of the import pages. They only read and clean input: the services keep the file, the
mapping and the job (DESIGN rule 1), and their messages land on these fields."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q

from dangbo.access.policy import ACTION_LABELS, Action
from dangbo.access.scoping import can, units_for
from dangbo.access.views.scope import action_roots
from dangbo.imports.services import max_bytes, too_big_message
from dangbo.imports.spec import Field, all_specs, get_spec
from dangbo.orgs.forms import BootstrapForm
from dangbo.orgs.forms.units import in_tree_order, indented_label
from dangbo.orgs.models import Organization, OrgKind

ACCEPTED = ".xlsx,.xls,.ods,.csv"
# Levels below the working unit the select offers, and how many units at most; an import into
# a unit deeper down starts from that unit (the scope switcher).
LISTED_LEVELS = 2
LISTED_MAX = 300
IGNORE = ""
IGNORE_LABEL = "— bỏ qua —"


def offered_units(user: Any, working: Organization | None) -> tuple[list[Organization], int]:
    """The units the unit select lists (the working unit and two levels below it when the user
    may change records there, otherwise the user's own units), and the one chosen first."""
    if working is not None and can(user, Action.EDIT, working):
        roots = [working]
    else:
        roots = action_roots(user, Action.EDIT)
    if not roots:
        return [], 0
    near = Q()
    for root in roots:
        near |= Q(path__startswith=root.path, depth__lte=root.depth + LISTED_LEVELS)
    ids = list(
        units_for(user, Action.EDIT)
        .filter(near, active_to__isnull=True)
        .exclude(kind=OrgKind.GROUP)
        .order_by("path")
        .values_list("pk", flat=True)[:LISTED_MAX]
    )
    return in_tree_order(Organization.objects.filter(pk__in=ids)), roots[0].pk


class UploadForm(BootstrapForm):
    organization = forms.ModelChoiceField(
        label="Đơn vị nhập vào",
        queryset=Organization.objects.none(),
        error_messages={
            "required": "Chọn đơn vị nhận dữ liệu.",
            "invalid_choice": "Đơn vị đã chọn không có trong danh sách bạn được cập nhật hồ sơ.",
        },
    )
    spec = forms.ChoiceField(
        label="Loại dữ liệu",
        error_messages={
            "required": "Chọn loại dữ liệu.",
            "invalid_choice": "Loại dữ liệu không hợp lệ.",
        },
    )
    file = forms.FileField(
        label="Tệp bảng tính",
        widget=forms.FileInput(attrs={"accept": ACCEPTED}),
        error_messages={
            "required": "Chọn tệp cần nhập.",
            "empty": "Tệp rỗng: không có gì để nhập.",
            "invalid": "Không nhận được tệp: chọn lại tệp rồi tải lên.",
            "missing": "Không nhận được tệp: chọn lại tệp rồi tải lên.",
        },
    )

    def __init__(
        self,
        *args: Any,
        user: Any,
        working: Organization | None,
        chosen: Organization | None = None,
        **kwargs: Any,
    ) -> None:
        """`chosen`: a unit asked for by link (the roll's «Nhập từ tệp Excel»), already
        checked to be one the user may change records of."""
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        # Any unit the user may change records of is accepted; a few are listed.
        field.queryset = units_for(user, Action.EDIT)
        listed, first = offered_units(user, working)
        base = min((u.depth for u in listed), default=1)
        choices = [(u.pk, indented_label(u, base)) for u in listed]
        if chosen is not None:
            first = chosen.pk
            if all(pk != chosen.pk for pk, _ in choices):
                choices.insert(0, (chosen.pk, chosen.name))
        field.widget.choices = choices
        self.units_listed = bool(choices)
        if first and not self.is_bound:
            self.initial.setdefault("organization", first)
        self.user = user
        # Only the kinds of data the user may bring in somewhere: organisations need
        # Action.STRUCTURE, which a cell secretary does not hold.
        specs = [s for s in all_specs() if units_for(user, s.action).exists()]
        spec_field = self.fields["spec"]
        assert isinstance(spec_field, forms.ChoiceField)
        spec_field.choices = [(s.name, s.title) for s in specs]
        self.initial.setdefault("spec", specs[0].name if specs else "")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        unit, name = cleaned.get("organization"), cleaned.get("spec")
        if unit is not None and name:
            spec = get_spec(name)
            if not can(self.user, spec.action, unit):
                self.add_error(
                    "organization",
                    f"Bạn không có quyền «{ACTION_LABELS[Action(spec.action)].lower()}» tại "
                    f"{unit.name}, nên không nhập được «{spec.title}» vào đơn vị này.",
                )
        return cleaned

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if upload.size is not None and upload.size > max_bytes():
            raise forms.ValidationError(too_big_message(upload.size))
        return upload


class SheetForm(BootstrapForm):
    sheet = forms.ChoiceField(
        label="Trang tính", error_messages={"invalid_choice": "Tệp không có trang tính này."}
    )
    all_sheets = forms.BooleanField(
        label="Nhập mọi trang tính (mỗi trang một chi bộ)", required=False
    )

    def __init__(self, *args: Any, sheets: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sheet = self.fields["sheet"]
        assert isinstance(sheet, forms.ChoiceField)
        sheet.choices = [(name, name) for name in sheets]


class MappingForm(BootstrapForm):
    """One select per column of the file (`col_<index>`): the field it holds, or none."""

    def __init__(self, *args: Any, columns: int, fields: Sequence[Field], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.labels = {f.key: f.label for f in fields}
        choices = [(IGNORE, IGNORE_LABEL), *((f.key, f.label) for f in fields)]
        for index in range(columns):
            self.fields[f"col_{index}"] = forms.ChoiceField(
                choices=choices,
                required=False,
                widget=forms.Select(attrs={"class": "form-select-sm"}),
                error_messages={"invalid_choice": "Trường không hợp lệ."},
            )
        self.columns = columns

    def column(self, index: int) -> forms.BoundField:
        return self[f"col_{index}"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        used: dict[str, list[int]] = {}
        for index in range(self.columns):
            key = data.get(f"col_{index}") or IGNORE
            if key:
                used.setdefault(key, []).append(index)
        for key, indexes in used.items():
            if len(indexes) > 1:
                letters = ", ".join(column_letter(i) for i in indexes)
                self.add_error(
                    None,
                    f"Trường «{self.labels[key]}» được ghép với nhiều cột ({letters}): "
                    "mỗi trường chỉ ghép với một cột.",
                )
                for index in indexes:
                    self.add_error(f"col_{index}", "Trùng trường với cột khác.")
        return data

    def mapping(self) -> dict[int, str]:
        return {
            index: key
            for index in range(self.columns)
            if (key := self.cleaned_data.get(f"col_{index}") or IGNORE)
        }


class CommitForm(BootstrapForm):
    skip_invalid = forms.BooleanField(label="Bỏ qua các dòng lỗi", required=False)


def column_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA", as the spreadsheet names its columns."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name
