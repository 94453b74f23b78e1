"""Forms that change the tree: create, rename, move, merge, split, dissolve. Each feeds one
service with a dated decision (DecisionForm)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from dangbo.core.text import nfc
from dangbo.orgs.forms.base import DecisionForm, required_message
from dangbo.orgs.forms.units import UnitChoiceField, UnitsByNameField
from dangbo.orgs.models import ALLOWED_CHILDREN, Organization, OrgKind
from dangbo.orgs.services import NewUnit

MAX_SPLIT_UNITS = 8  # a split into more units than this is a data-entry mistake, not a decision


def _kind_choices(kinds: Iterable[str]) -> list[tuple[str, str]]:
    wanted = set(kinds)
    return [(value, label) for value, label in OrgKind.choices if value in wanted]


class OrgCreateForm(DecisionForm):
    name = forms.CharField(
        label="Tên đơn vị", max_length=255, error_messages=required_message("Tên đơn vị")
    )
    short_name = forms.CharField(label="Tên viết tắt", max_length=64, required=False)
    code = forms.CharField(
        label="Mã đơn vị",
        max_length=32,
        error_messages=required_message("Mã đơn vị"),
        help_text="Mã duy nhất trong toàn hệ thống, thường nối tiếp mã đơn vị cấp trên.",
    )
    kind = forms.ChoiceField(
        label="Loại tổ chức",
        error_messages={
            "required": "Chọn loại tổ chức.",
            "invalid_choice": "Loại tổ chức này không thể trực thuộc đơn vị cấp trên.",
        },
    )

    field_order = ["name", "short_name", "code", "kind", *DecisionForm.decision_fields]

    def __init__(self, *args: Any, parent: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = _kind_choices(ALLOWED_CHILDREN[OrgKind(parent.kind)])
        self.fields["effective_on"].label = "Ngày thành lập"
        self.fields["code"].widget.attrs["placeholder"] = f"{parent.code}.…"


class OrgRenameForm(DecisionForm):
    name = forms.CharField(
        label="Tên mới", max_length=255, error_messages=required_message("Tên mới")
    )
    short_name = forms.CharField(label="Tên viết tắt mới", max_length=64, required=False)

    field_order = ["name", "short_name", *DecisionForm.decision_fields]


def _structure_targets(
    org: Organization, units: QuerySet[Organization], fits: Iterable[str]
) -> tuple[QuerySet[Organization], set[int]]:
    """Units to offer as a new home, and which of them to grey out: `org` itself and its subtree
    (a unit cannot go under itself), and units of a kind that cannot hold `fits`."""
    kinds = set(fits)
    disabled = set(units.filter(path__startswith=org.path).values_list("pk", flat=True))
    for pk, kind in units.filter(active_to__isnull=True).values_list("pk", "kind"):
        if not kinds <= ALLOWED_CHILDREN[OrgKind(kind)]:
            disabled.add(pk)
    return units, disabled


class OrgMoveForm(DecisionForm):
    new_parent = UnitChoiceField(Organization.objects.none(), label="Chuyển về trực thuộc")

    field_order = ["new_parent", *DecisionForm.decision_fields]

    def __init__(
        self, *args: Any, org: Organization, units: QuerySet[Organization], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        queryset, disabled = _structure_targets(org, units, [org.kind])
        field = self.fields["new_parent"]
        assert isinstance(field, UnitChoiceField)
        field.offer(queryset, disabled)


class OrgMergeForm(DecisionForm):
    target = UnitChoiceField(Organization.objects.none(), label="Hợp nhất vào đơn vị")
    sources = UnitsByNameField(
        Organization.objects.none(),
        label="Cùng hợp nhất các đơn vị cùng cấp",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Đánh dấu nếu quyết định hợp nhất nhiều đơn vị cùng lúc.",
        error_messages={"invalid_choice": "Đơn vị đã chọn không thể hợp nhất."},
    )

    field_order = ["target", "sources", *DecisionForm.decision_fields]

    def __init__(
        self,
        *args: Any,
        org: Organization,
        units: QuerySet[Organization],
        siblings: QuerySet[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        child_kinds = set(
            Organization.objects.get_children(org)
            .filter(active_to__isnull=True)
            .values_list("kind", flat=True)
        )
        queryset, disabled = _structure_targets(org, units, child_kinds)
        target = self.fields["target"]
        assert isinstance(target, UnitChoiceField)
        target.offer(queryset, disabled)
        sources = self.fields["sources"]
        assert isinstance(sources, forms.ModelMultipleChoiceField)
        sources.queryset = siblings


@dataclass
class SplitRow:
    """One typed row of the split form, kept as typed so the page can show it again."""

    name: str = ""
    code: str = ""
    kind: str = ""
    short_name: str = ""

    @property
    def is_blank(self) -> bool:
        return not (self.name or self.code or self.short_name)


class OrgSplitForm(DecisionForm):
    """New units come as repeated `unit_name`/`unit_code`/`unit_kind` inputs (rows can be added
    in the browser); each active child gets a `dest_<id>` select naming the row that takes it."""

    field_order = list(DecisionForm.decision_fields)

    def __init__(
        self,
        *args: Any,
        org: Organization,
        parent: Organization,
        children: list[Organization],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.org = org
        self.children = children
        self.kind_choices = _kind_choices(ALLOWED_CHILDREN[OrgKind(parent.kind)])
        destinations = [("", "— Chọn —")] + [
            (str(i), f"Đơn vị mới số {i + 1}") for i in range(MAX_SPLIT_UNITS)
        ]
        for child in children:
            self.fields[f"dest_{child.pk}"] = forms.TypedChoiceField(
                label=child.name,
                choices=destinations,
                coerce=int,
                widget=forms.Select(attrs={"class": "form-select"}),
                error_messages={"required": f"Chọn đơn vị mới tiếp nhận {child.name}."},
            )
        self.rows = self._typed_rows()

    def _typed(self, name: str) -> list[str]:
        getlist = getattr(self.data, "getlist", None)
        values = getlist(name) if getlist else [self.data.get(name, "")]
        return [nfc(str(v)).strip() for v in values]

    def _typed_rows(self) -> list[SplitRow]:
        if not self.is_bound:
            return [SplitRow(kind=self.org.kind), SplitRow(kind=self.org.kind)]
        names, codes = self._typed("unit_name"), self._typed("unit_code")
        kinds, shorts = self._typed("unit_kind"), self._typed("unit_short_name")
        count = min(max(len(names), len(codes), len(kinds)), 50)

        def at(values: list[str], i: int) -> str:
            return values[i] if i < len(values) else ""

        return [
            SplitRow(
                name=at(names, i), code=at(codes, i), kind=at(kinds, i), short_name=at(shorts, i)
            )
            for i in range(count)
        ]

    def display_rows(self) -> list[SplitRow]:
        """The rows to show: what was typed, and never fewer than the two a split needs."""
        rows = list(self.rows)
        while len(rows) < 2:
            rows.append(SplitRow(kind=self.org.kind))
        return rows

    def destination_fields(self) -> list[forms.BoundField]:
        return [self[f"dest_{child.pk}"] for child in self.children]

    def clean(self) -> dict[str, Any]:
        data = self.cleaned_data
        rows = [row for row in self.rows if not row.is_blank]
        allowed = {value for value, _ in self.kind_choices}
        errors = []
        for number, row in enumerate(rows, start=1):
            if not row.name:
                errors.append(f"Đơn vị mới số {number}: nhập tên đơn vị.")
            if not row.code:
                errors.append(f"Đơn vị mới số {number}: nhập mã đơn vị.")
            if row.kind not in allowed:
                errors.append(f"Đơn vị mới số {number}: chọn loại tổ chức hợp lệ.")
        if len(rows) < 2:
            errors.append("Chia tách cần ít nhất hai đơn vị mới.")
        if len(rows) > MAX_SPLIT_UNITS:
            errors.append(f"Chia tách thành tối đa {MAX_SPLIT_UNITS} đơn vị mới.")
        for child in self.children:
            index = data.get(f"dest_{child.pk}")
            if index is not None and index >= len(rows):
                self.add_error(
                    f"dest_{child.pk}",
                    f"Chưa có đơn vị mới số {index + 1}: chọn một đơn vị đã nhập ở trên.",
                )
        if errors:
            raise ValidationError(errors)
        self.rows = rows
        return data

    def new_units(self) -> list[NewUnit]:
        return [
            NewUnit(name=r.name, code=r.code, kind=r.kind, short_name=r.short_name)
            for r in self.rows
        ]

    def child_destinations(self) -> dict[int, int]:
        return {child.pk: self.cleaned_data[f"dest_{child.pk}"] for child in self.children}


class OrgDissolveForm(DecisionForm):
    field_order = list(DecisionForm.decision_fields)
