"""Filters of the member roll, one definition for the list page, its exports and the API
(/api/v1/members/), so that the same words find the same members everywhere.

Everything is a WHERE clause the database evaluates, portable between SQLite and PostgreSQL:
age and party-age bands become date thresholds (an index on the date does the rest), and the
folded search over the free-text position fields becomes a regular expression whose letters
are classes of every accented form ("bi thu" → [bB][iìíỉĩịIÌÍỈĨỊ…] [tT][hH][uùú…ưừứ…]), which
both databases run without an extension.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import models
from django.db.models import Q, QuerySet

from dangbo.access.policy import Action
from dangbo.access.scoping import units_for
from dangbo.core.text import fold
from dangbo.core.workdays import add_years
from dangbo.members.bands import AGE_BANDS, PARTY_AGE_BANDS, Band, PartyAgeBand
from dangbo.members.models import Member
from dangbo.orgs.models import Organization

__all__ = [
    "POSITION_TEXT_MAX_CHARS",
    "PartyAgeBand",
    "PositionFilter",
    "filter_members",
    "folded_pattern",
]

SEARCH_MAX_WORDS = 8
POSITION_MAX_WORDS = 6
POSITION_TEXT_MAX_CHARS = 100


class PositionFilter(models.TextChoices):
    """Who holds what, as a secretary asks it. The position fields are free text typed from
    the paper record ("Phó Bí thư Chi bộ", "Chi ủy viên", "Chủ tịch Hội Nông dân xã"), so the
    party-committee choices read the words in them."""

    ANY = "any", "Có chức vụ (bất kỳ)"
    PARTY = "party", "Có chức vụ Đảng"
    COMMITTEE = "committee", "Cấp ủy viên"
    SECRETARY = "secretary", "Bí thư, phó bí thư"
    GOVERNMENT = "government", "Có chức vụ chính quyền"
    MASS_ORG = "mass_org", "Có chức vụ đoàn thể"
    NONE = "none", "Không giữ chức vụ nào"


POSITION_FIELDS = ("party_position", "government_position", "mass_org_position")
# Folded words that make a party position a seat on a committee (cấp ủy): bí thư, phó bí thư,
# chi ủy viên, đảng ủy viên, ủy viên ban thường vụ, cấp ủy viên.
_COMMITTEE_WORDS = ("bi thu", "uy vien")
_SECRETARY_WORDS = ("bi thu",)


# --- Folded matching in SQL -----------------------------------------------------------------

# The Vietnamese vowels, each of which may carry one of the five tone marks (huyền, hỏi, ngã,
# sắc, nặng), and đ: every letter fold() turns into a plain one in Vietnamese text.
_VOWELS = "aăâeêioôơuưy"
_TONES = "\u0300\u0309\u0303\u0301\u0323"
# Spaces and the punctuation typed between words ("Bí thư - Chủ tịch", "P.Bí thư"); written
# so that Python, SQLite (through Python) and PostgreSQL read the bracket alike.
_BETWEEN_WORDS = r"[\s.,;/()-]+"


@lru_cache(maxsize=1)
def _letter_classes() -> dict[str, str]:
    forms: dict[str, set[str]] = {letter: {letter} for letter in "abcdefghijklmnopqrstuvwxyz"}
    for vowel in _VOWELS:
        for mark in ("", *_TONES):
            char = unicodedata.normalize("NFC", vowel + mark)
            forms[fold(char)].add(char)
    forms["d"].update("đð")
    return {
        letter: "[" + "".join(sorted(chars | {c.upper() for c in chars})) + "]"
        for letter, chars in forms.items()
    }


def folded_pattern(text: str, max_words: int = POSITION_MAX_WORDS) -> str:
    """A regular expression (the same in Python, SQLite's REGEXP and PostgreSQL's ~) matching
    stored NFC text whose folded form contains the folded `text` as a phrase; "" when `text`
    has no letters or digits. Other characters of the query are dropped: "Phó bí-thư" and
    "pho bi thu" ask the same."""
    words = re.findall(r"[a-z0-9]+", fold(text))[:max_words]
    classes = _letter_classes()
    return _BETWEEN_WORDS.join("".join(classes.get(ch, ch) for ch in word) for word in words)


def folded_contains(field: str, text: str) -> Q:
    """Rows whose `field` contains `text`, ignoring diacritics and case."""
    pattern = folded_pattern(text)
    if not pattern:
        return Q()
    # The cheap test first: most members hold no position, and SQLite stops at it.
    return ~Q(**{field: ""}) & Q(**{f"{field}__regex": pattern})


def _any_word(field: str, phrases: tuple[str, ...]) -> Q:
    q = Q()
    for phrase in phrases:
        q |= folded_contains(field, phrase)
    return q


def position_q(choice: str) -> Q:
    """The members a PositionFilter choice stands for."""
    held = [~Q(**{name: ""}) for name in POSITION_FIELDS]
    if choice == PositionFilter.ANY:
        return held[0] | held[1] | held[2]
    if choice == PositionFilter.NONE:
        return Q(**{name: "" for name in POSITION_FIELDS})
    if choice == PositionFilter.PARTY:
        return held[0]
    if choice == PositionFilter.GOVERNMENT:
        return held[1]
    if choice == PositionFilter.MASS_ORG:
        return held[2]
    if choice == PositionFilter.COMMITTEE:
        return _any_word("party_position", _COMMITTEE_WORDS)
    if choice == PositionFilter.SECRETARY:
        return _any_word("party_position", _SECRETARY_WORDS)
    raise ValueError(choice)


def position_text_q(text: str) -> Q:
    """Any of the three position fields contains `text`, folded ("chu tich hoi" finds
    "Chủ tịch Hội Nông dân")."""
    q = Q()
    for name in POSITION_FIELDS:
        q |= folded_contains(name, text)
    return q


# --- Dates ----------------------------------------------------------------------------------


def _band(bands: list[Band], value: str) -> tuple[int, int | None]:
    for code, _, low, high in bands:
        if code == value:
            return low, high
    raise ValueError(value)


def born_between(band: str, day: date) -> Q:
    """Members whose age in whole years on `day` falls in the band."""
    low, high = _band(AGE_BANDS, band)
    q = Q(birth_date__lte=add_years(day, -low))
    if high is not None:
        # Age ≤ high: born after the day `day` was their (high + 1)th birthday.
        q &= Q(birth_date__gt=add_years(day, -(high + 1)))
    return q


def party_age_between(band: str, day: date) -> Q:
    """Official members whose party age in whole years on `day` falls in the band. Party age
    counts from the admission decision (Điều lệ Art. 5; members.regulations.party_age_from),
    or the ceremony when an old record lacks the decision date. Interruptions (struck off,
    later re-admitted) are not subtracted here: they are rare, and the profile shows the
    exact figure from the history."""
    low, high = _band(PARTY_AGE_BANDS, band)

    def origin_on_or_before(limit: date) -> Q:
        return Q(decision_date__lte=limit) | Q(decision_date__isnull=True, admitted_on__lte=limit)

    def origin_after(limit: date) -> Q:
        return Q(decision_date__gt=limit) | Q(decision_date__isnull=True, admitted_on__gt=limit)

    q = Q(official_on__isnull=False, official_on__lte=day) & origin_on_or_before(
        add_years(day, -low)
    )
    if high is not None:
        q &= origin_after(add_years(day, -(high + 1)))
    return q


# --- Search and the whole filter ------------------------------------------------------------


def search_members(members: QuerySet[Member], text: str, user: Any) -> QuerySet[Member]:
    """Every folded word in the folded name ("nguyen van a" finds "Nguyễn Văn A"), or the exact
    card number, or the exact CCCD in units where the user may read it (elsewhere a match
    would tell whose number it is)."""
    text = text.strip()
    words = fold(text).split()[:SEARCH_MAX_WORDS]
    if not words:
        return members
    by_name = Q()
    for word in words:
        by_name &= Q(name_folded__contains=word)
    found = by_name | Q(card_number=text)
    personal_units = _personal_units(user)
    if personal_units is not None:
        found |= Q(national_id=text, organization__in=personal_units)
    return members.filter(found)


def _personal_units(user: Any) -> QuerySet[Organization] | None:
    try:
        return units_for(user, Action.PERSONAL)
    except ValueError:  # a policy without the action: nobody reads CCCDs
        return None


def filter_members(
    members: QuerySet[Member], data: Mapping[str, Any], user: Any, day: date
) -> QuerySet[Member]:
    """Apply the roll's filters found in `data` (already validated; empty values are skipped):
    sex, ethnicity, theory_level, age, party_age, position, position_text and the search `q`.
    Status and the unit are the caller's: the page and the API word them differently."""
    if data.get("sex"):
        members = members.filter(sex=data["sex"])
    if data.get("ethnicity") is not None:
        members = members.filter(ethnicity=data["ethnicity"])
    if data.get("theory_level"):
        members = members.filter(theory_level=data["theory_level"])
    if data.get("age"):
        members = members.filter(born_between(data["age"], day))
    if data.get("party_age"):
        members = members.filter(party_age_between(data["party_age"], day))
    if data.get("position"):
        members = members.filter(position_q(data["position"]))
    if data.get("position_text"):
        members = members.filter(position_text_q(data["position_text"]))
    if data.get("q"):
        members = search_members(members, data["q"], user)
    return members
