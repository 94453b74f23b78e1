"""Which unit a row belongs to: a code or a name typed in the file, or the sheet's name (one
sheet per chi bộ), looked up only under the unit the user is importing into.

A unit outside that subtree is reported exactly like one that does not exist: the user must
not learn from an import what exists beyond their reach (issue #5, bad input).
"""

from __future__ import annotations

from collections import defaultdict

from dangbo.core.formats import format_date
from dangbo.core.text import fold
from dangbo.orgs.models import CELL_KINDS, Organization


def _name_key(name: str) -> str:
    return fold(name)


def _short_key(name: str) -> str:
    """ "Chi bộ Ấp Một" and "Ấp Một" are the same cell to the person who typed the file."""
    key = fold(name)
    for prefix in ("chi bo co so ", "chi bo "):
        if key.startswith(prefix):
            return key.removeprefix(prefix)
    return key


class UnitIndex:
    """The units under `root` (itself included), by code and by name, read once."""

    def __init__(self, root: Organization, *, members_only: bool) -> None:
        units = Organization.objects.filter(path__startswith=root.path)
        if members_only:
            units = units.filter(kind__in=CELL_KINDS)
        self.root = root
        self.members_only = members_only
        self.by_code: dict[str, Organization] = {}
        self.by_name: dict[str, list[Organization]] = defaultdict(list)
        for unit in units.only("id", "name", "code", "path", "kind", "active_from", "active_to"):
            self.by_code[fold(unit.code)] = unit
            self.by_name[_name_key(unit.name)].append(unit)
            short = _short_key(unit.name)
            if short != _name_key(unit.name):
                self.by_name[short].append(unit)

    def find(self, *, code: str = "", name: str = "", sheet: str = "") -> Organization:
        """The unit a row names, or ValueError with the Vietnamese reason."""
        if code:
            unit = self.by_code.get(fold(code))
            if unit is None:
                raise ValueError(f"Không có chi bộ mã «{code}» trong {self.root.name}.")
            return self._usable(unit)
        if name:
            if not self._named(name) and fold(name) in self.by_code:
                # Codes typed in the "Chi bộ" / "Đơn vị" column.
                return self._usable(self.by_code[fold(name)])
            return self._usable(self._by_name(name))
        if sheet:
            candidates = self._named(sheet)
            if len(candidates) == 1:
                return self._usable(candidates[0])
        if not self.members_only or self.root.kind in CELL_KINDS:
            return self._usable(self.root)
        raise ValueError(
            f"Dòng không ghi chi bộ: {self.root.name} có nhiều chi bộ, cần cột «Chi bộ» "
            "(tên hoặc mã chi bộ)."
        )

    def _named(self, name: str) -> list[Organization]:
        found = self.by_name.get(_name_key(name)) or self.by_name.get(_short_key(name)) or []
        return list(dict.fromkeys(found))

    def _by_name(self, name: str) -> Organization:
        found = self._named(name)
        if not found:
            raise ValueError(f"Không có chi bộ «{name}» trong {self.root.name}.")
        if len(found) > 1:
            raise ValueError(
                f"Có {len(found)} chi bộ tên «{name}» trong {self.root.name}: ghi mã chi bộ "
                "(cột «Mã chi bộ») để phân biệt."
            )
        return found[0]

    def _usable(self, unit: Organization) -> Organization:
        if self.members_only and unit.kind not in CELL_KINDS:
            raise ValueError(f"{unit.name} không phải chi bộ: đảng viên sinh hoạt ở chi bộ.")
        if unit.active_to is not None:
            raise ValueError(f"{unit.name} đã chấm dứt hoạt động từ {format_date(unit.active_to)}.")
        return unit
