"""Forms of the organisation pages. They only read and clean input: the services validate the
rules of the tree and do every write (DESIGN rule 1), and their messages land on these fields,
so each field is named after the service argument it feeds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from dangbo.core.clock import today
from dangbo.core.text import SortKey, nfc, text_sort_key
from dangbo.orgs.models import ALLOWED_CHILDREN, Organization, OrgKind, SeatRole, Term
from dangbo.orgs.services import Decision, NewUnit

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
MAX_SPLIT_UNITS = 8  # a split into more units than this is a data-entry mistake, not a decision


def date_field(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    """A date typed as dd/mm/yyyy: date pickers differ by phone, a typed date works everywhere."""
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(
            format="%d/%m/%Y",
            attrs={"placeholder": "dd/mm/yyyy", "autocomplete": "off"},
        ),
        error_messages={
            "required": f"Nhập {label.lower()}.",
            "invalid": "Ngày không hợp lệ. Nhập theo dạng dd/mm/yyyy, ví dụ 01/07/2025.",
        },
    )


def _required(label: str) -> dict[str, str]:
    return {"required": f"Nhập {label.lower()}."}


class BootstrapForm(forms.Form):
    """Adds Bootstrap classes, and `is-invalid` on fields with errors, so templates stay plain."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self) -> None:
        """Flag fields that carry errors (also errors added after cleaning, by services)."""
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class DecisionForm(BootstrapForm):
    """The dated decision behind a change to the tree (services.Decision)."""

    effective_on = date_field("Ngày hiệu lực")
    number = forms.CharField(
        label="Số quyết định",
        max_length=64,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Ví dụ: 125-QĐ/TU"}),
    )
    decided_on = date_field("Ngày quyết định", required=False)
    note = forms.CharField(
        label="Ghi chú", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    decision_fields = ("effective_on", "number", "decided_on", "note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("effective_on", today())
        super().__init__(*args, **kwargs)

    def decision_bound_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.decision_fields]

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            effective_on=data["effective_on"],
            number=nfc(data.get("number") or "").strip(),
            decided_on=data.get("decided_on"),
            note=nfc(data.get("note") or "").strip(),
        )


# --- Choosing an organisation among hundreds: an indented select ------------------------------


def indented_label(org: Organization, base_depth: int) -> str:
    """Two levels down, "Chi bộ Ấp Một" reads "· · Chi bộ Ấp Một": the tree shows in a select."""
    return "\u00a0·\u00a0" * max(org.depth - base_depth, 0) + org.name


class TreeSelect(forms.Select):
    """A select whose options can be shown but not chosen (the unit itself, its own subtree,
    units of a kind that cannot hold it), so the user still sees where they sit in the tree."""

    def __init__(self, *args: Any, disabled: Iterable[int] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.disabled = set(disabled)

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        pk = getattr(value, "value", value)
        if pk in self.disabled:
            option["attrs"]["disabled"] = True
        return option


class ActiveUnitIterator(forms.models.ModelChoiceIterator):
    """Offers only units active today, while the field still accepts any unit in its queryset:
    a dissolved unit posted by hand then reaches the service, which explains why it is refused."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in in_tree_order(self.queryset.filter(active_to__isnull=True)):
            yield self.choice(obj)


class ByNameIterator(forms.models.ModelChoiceIterator):
    """Choices in Vietnamese dictionary order (the database collation puts "Ấp" after "Trường")."""

    def __iter__(self) -> Iterator[Any]:
        for obj in sorted(self.queryset, key=lambda o: text_sort_key(o.name)):
            yield self.choice(obj)


def in_tree_order(units: QuerySet[Organization]) -> list[Organization]:
    """Units as a tree reads: each under its parent, siblings in Vietnamese name order (path
    order would list siblings by creation). Units whose parent is not offered start a branch."""
    steplen = Organization.steplen
    keys: dict[str, tuple[SortKey, ...]] = {}
    rows = list(units.order_by("path"))  # parents come before their children
    for org in rows:
        keys[org.path] = (*keys.get(org.path[:-steplen], ()), text_sort_key(org.name))
    return sorted(rows, key=lambda o: keys[o.path])


class UnitChoiceField(forms.ModelChoiceField):
    iterator = ActiveUnitIterator

    def __init__(
        self, queryset: QuerySet[Organization], *, base_depth: int = 1, **kwargs: Any
    ) -> None:
        self.base_depth = base_depth
        kwargs.setdefault("empty_label", "— Chọn đơn vị —")
        kwargs.setdefault("widget", TreeSelect)
        kwargs.setdefault(
            "error_messages",
            {
                "required": "Chọn một đơn vị.",
                "invalid_choice": "Đơn vị đã chọn không có trong danh sách bạn được thao tác.",
            },
        )
        super().__init__(queryset, **kwargs)

    def label_from_instance(self, obj: Organization) -> str:
        return indented_label(obj, self.base_depth)

    def offer(self, units: QuerySet[Organization], disabled: Iterable[int] = ()) -> None:
        """Offer `units` (indented from the shallowest), greying out `disabled` ones."""
        self.queryset = units
        self.base_depth = _min_depth(units)
        assert isinstance(self.widget, TreeSelect)
        self.widget.disabled = set(disabled)


class UnitsByNameField(forms.ModelMultipleChoiceField):
    iterator = ByNameIterator


def _min_depth(queryset: QuerySet[Organization]) -> int:
    first = queryset.order_by("depth").values_list("depth", flat=True).first()
    return first or 1


def _kind_choices(kinds: Iterable[str]) -> list[tuple[str, str]]:
    wanted = set(kinds)
    return [(value, label) for value, label in OrgKind.choices if value in wanted]


# --- The tree ---------------------------------------------------------------------------------


class OrgCreateForm(DecisionForm):
    name = forms.CharField(
        label="Tên đơn vị", max_length=255, error_messages=_required("Tên đơn vị")
    )
    short_name = forms.CharField(label="Tên viết tắt", max_length=64, required=False)
    code = forms.CharField(
        label="Mã đơn vị",
        max_length=32,
        error_messages=_required("Mã đơn vị"),
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
    name = forms.CharField(label="Tên mới", max_length=255, error_messages=_required("Tên mới"))
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


# --- Terms, committees, seats ----------------------------------------------------------------


class TermForm(BootstrapForm):
    name = forms.CharField(
        label="Tên nhiệm kỳ",
        max_length=32,
        required=False,
        help_text="Để trống để ghi theo năm, ví dụ 2025–2030.",
    )
    starts_on = date_field("Ngày bắt đầu")
    ends_on = date_field("Ngày kết thúc")


class CommitteeForm(BootstrapForm):
    term = forms.ModelChoiceField(
        Term.objects.none(),
        label="Nhiệm kỳ",
        empty_label=None,
        error_messages={
            "required": "Chọn nhiệm kỳ.",
            "invalid_choice": "Nhiệm kỳ đã chọn không thuộc đơn vị này.",
        },
    )
    name = forms.CharField(
        label="Tên cấp ủy",
        max_length=255,
        required=False,
        help_text="Để trống để đặt theo mẫu, ví dụ «Ban Chấp hành … nhiệm kỳ 2025–2030».",
    )

    def __init__(self, *args: Any, terms: QuerySet[Term], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["term"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = terms


class SeatForm(BootstrapForm):
    holder_name = forms.CharField(
        label="Họ và tên", max_length=150, error_messages=_required("Họ và tên")
    )
    role = forms.ChoiceField(
        label="Chức vụ",
        choices=SeatRole.choices,
        initial=SeatRole.MEMBER,
        error_messages={"required": "Chọn chức vụ.", "invalid_choice": "Chức vụ không hợp lệ."},
    )
    started_on = date_field("Từ ngày")
    ended_on = date_field(
        "Đến ngày", required=False, help_text="Để trống nếu giữ chức vụ đến hết nhiệm kỳ."
    )
    decision_number = forms.CharField(label="Số quyết định", max_length=64, required=False)


class SeatEndForm(BootstrapForm):
    ended_on = date_field("Ngày thôi giữ chức vụ")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("ended_on", today())
        super().__init__(*args, **kwargs)


class AssignmentForm(BootstrapForm):
    organization = UnitChoiceField(Organization.objects.none(), label="Đơn vị phụ trách")
    started_on = date_field("Từ ngày")
    ended_on = date_field("Đến ngày", required=False)

    def __init__(self, *args: Any, units: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organization"]
        assert isinstance(field, UnitChoiceField)
        field.offer(units)


# --- Reading the tree -------------------------------------------------------------------------


class HistoryDayForm(BootstrapForm):
    """The date of "Cây tổ chức theo ngày", sent in the query string as ?ngay=dd/mm/yyyy."""

    ngay = date_field("Xem cây tổ chức vào ngày")

    def clean_ngay(self) -> Any:
        day = self.cleaned_data["ngay"]
        if day > today():
            raise ValidationError("Chọn một ngày từ hôm nay trở về trước.")
        return day
