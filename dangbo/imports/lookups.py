"""Free text matched to a catalog or a fixed choice: ethnicity, religion, levels, sex, ticks.

Spellings vary freely ("Khơ-me", "Khơ me", "KHƠME", "Khmer"): each is folded once to a key
without diacritics, spaces or punctuation, then looked up in a dict.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Mapping
from functools import lru_cache
from typing import Generic, TypeVar

from dangbo.core.text import fold
from dangbo.imports.values import CellValue, text

K = TypeVar("K", bound=Hashable)

# --- catalogs and choices --------------------------------------------------------------------

# Spaces, hyphens, dots and apostrophes vary freely in ethnic and religious names: "Khơ-me",
# "Khơ me", "KHƠME"; "Ê-đê", "Ê Đê"; "Tin lành", "Tin Lành".
_LOOKUP_NOISE = re.compile(r"[\s\-\u2010-\u2015.'`´\u2018\u2019_]+")


@lru_cache(maxsize=65536)
def _lookup_key(s: str) -> str:
    return _LOOKUP_NOISE.sub("", fold(s))


class Lookup(Generic[K]):
    """Match free text to a catalog entry: by its name, its key or one of its variants.

    Built once per import; each get() is one cached normalisation and one dict lookup.
    When two entries claim the same spelling, names win over keys and keys over variants.
    """

    __slots__ = ("_hint", "_index", "label")

    def __init__(
        self, entries: Iterable[tuple[K, str, Iterable[str]]], label: str, *, hint: str = ""
    ) -> None:
        self.label = label
        self._hint = hint
        names: dict[str, K] = {}
        keys: dict[str, K] = {}
        variants: dict[str, K] = {}
        for key, name, spellings in entries:
            names.setdefault(_lookup_key(name), key)
            keys.setdefault(_lookup_key(str(key)), key)
            for spelling in spellings:
                variants.setdefault(_lookup_key(spelling), key)
        index = {**variants, **keys, **names}
        index.pop("", None)
        self._index = index

    @staticmethod
    def from_choices(options: Mapping[str, Iterable[str]], label: str) -> Lookup[str]:
        """A Lookup over TextChoices: stored value -> accepted spellings (label first).

        Small choice lists name their options in the refusal, so the user can fix the cell
        without looking anything up.
        """
        entries = [
            (value, *_first_and_all(value, spellings)) for value, spellings in options.items()
        ]
        hint = ""
        if len(entries) <= 8:
            hint = ": ghi một trong " + ", ".join(name for _, name, _ in entries)
        return Lookup(entries, label, hint=hint)

    def get(self, raw: CellValue) -> K | None:
        """The key for this cell, None when blank; ValueError when nothing matches."""
        if raw is None:
            return None
        s = raw.strip() if isinstance(raw, str) else text(raw)
        if not s:
            return None
        key = self._index.get(_lookup_key(s))
        if key is None:
            raise ValueError(f"{self.label} «{s}» không có trong danh mục{self._hint}.")
        return key


def _first_and_all(value: str, spellings: Iterable[str]) -> tuple[str, tuple[str, ...]]:
    all_spellings = tuple(spellings)
    return (all_spellings[0] if all_spellings else value), all_spellings


_CHOICE_LOOKUPS: dict[tuple[int, str], tuple[Mapping[str, Iterable[str]], Lookup[str]]] = {}


def choice(raw: CellValue, options: Mapping[str, Iterable[str]], label: str) -> str | None:
    """Lookup.from_choices(options, label).get(raw), built once per options mapping.

    Keyed by identity so no per-cell hashing of the options; the cached entry holds the mapping
    itself so its id cannot be reused by another object. Options must not change after first use.
    """
    cache_key = (id(options), label)
    cached = _CHOICE_LOOKUPS.get(cache_key)
    if cached is None or cached[0] is not options:
        if len(_CHOICE_LOOKUPS) >= 256:  # callers building options per call must not leak
            _CHOICE_LOOKUPS.clear()
        cached = (options, Lookup.from_choices(options, label))
        _CHOICE_LOOKUPS[cache_key] = cached
    return cached[1].get(raw)


# --- sex and tick marks ----------------------------------------------------------------------

_SEXES = {
    "nam": "male",
    "namgioi": "male",
    "m": "male",
    "male": "male",
    "nu": "female",
    "nugioi": "female",
    "phunu": "female",
    "f": "female",
    "female": "female",
}


def sex(raw: CellValue) -> str | None:
    """Return "male" or "female", None when blank. 1/0 are refused: files disagree on which is
    which."""
    if raw is None:
        return None
    s = raw.strip() if isinstance(raw, str) else text(raw)
    if not s:
        return None
    value = _SEXES.get(_lookup_key(s)) if isinstance(raw, str) else None
    if value is None:
        raise ValueError(f"Giới tính «{s}» không rõ: ghi Nam hoặc Nữ.")
    return value


_TICKED = frozenset({"x", "v", "1", "co", "true", "✓", "✔", "√", "☑", "☒", "✗", "✘"})
_UNTICKED = frozenset({"", "0", "khong", "false"})


def mark(raw: CellValue) -> bool:
    """A tick column (two columns "Nam" | "Nữ" holding an x): True when ticked, False when blank."""
    if raw is None or raw is False:
        return False
    if raw is True:
        return True
    if isinstance(raw, int | float) and raw in (0, 1):
        return raw == 1
    s = raw.strip() if isinstance(raw, str) else text(raw)
    key = _lookup_key(s) if isinstance(raw, str) else None
    if key in _TICKED:
        return True
    if key in _UNTICKED:
        return False
    raise ValueError(f"Không hiểu dấu «{s}»: đánh x nếu có, để trống nếu không.")
