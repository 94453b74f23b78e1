"""Choosing an organisation among hundreds: an indented select in tree order, Vietnamese name
order for checkboxes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django import forms
from django.db.models import QuerySet

from dangbo.core.text import SortKey, text_sort_key
from dangbo.orgs.models import Organization


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
