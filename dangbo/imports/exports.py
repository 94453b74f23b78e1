"""Spreadsheets that come back in: the full member record and the list of units, written in
the columns and the forms the import reads (issue #5: exporting and re-importing gives back
the same state).

The columns are the import spec's own fields (`spec.exported()`, labels as headers), and each
value is written the way the spec parses it back: dates as dates (dd/mm/yyyy in CSV), a birth
known by its year alone as the year ("1975"), choices by their Vietnamese labels, catalogs by
name, the unit by name and code. Personal fields (CCCD, addresses, phone) are filled only on
rows of units where the user holds Action.PERSONAL (members.columns does the same for the
roll), and left blank otherwise, which an import reads as "no change".

Rows are read with .values() in chunks and handed on as they come: a province's roll is never
held in memory. Which unit, who asks and the audit are the views' (imports.views_export).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import Any

from django.db.models import Count, QuerySet

from dangbo.access.scoping import scope
from dangbo.core.xlsx import SheetColumn
from dangbo.imports.spec import Field, get_spec
from dangbo.members.columns import Column, Row, cell_values, row_values
from dangbo.members.models import (
    ON_ROLL,
    EducationLevel,
    Member,
    MemberStatus,
    Sex,
    TheoryLevel,
)
from dangbo.orgs.models import Organization, OrgKind

CHUNK_ROWS = 2000
# What members.api calls PERSONAL_FIELDS: read only with Action.PERSONAL.
PERSONAL_FIELDS = frozenset({"national_id", "phone", "permanent_address", "current_address"})

Reader = Callable[[Row, date], Any]


def _plain(name: str) -> Reader:
    return lambda row, _day: row[name] if row[name] not in ("", None) else None


def _labelled(name: str, choices: Sequence[tuple[str, str]]) -> Reader:
    labels = dict(choices)
    return lambda row, _day: labels.get(row[name]) if row[name] else None


def _birth(row: Row, _day: date) -> Any:
    day: date | None = row["birth_date"]
    if day is None:
        return None
    # The import reads a bare year as "only the year is known" and keeps the flag.
    return str(day.year) if row["birth_year_only"] else day


# field key -> (Member values() lookups, reader); any other field is the attribute itself.
_MEMBER_READERS: dict[str, tuple[tuple[str, ...], Reader]] = {
    "birth_date": (("birth_date", "birth_year_only"), _birth),
    "sex": (("sex",), _labelled("sex", Sex.choices)),
    "ethnicity": (("ethnicity__name",), _plain("ethnicity__name")),
    "religion": (("religion__name",), _plain("religion__name")),
    "education_level": (("education_level",), _labelled("education_level", EducationLevel.choices)),
    "theory_level": (("theory_level",), _labelled("theory_level", TheoryLevel.choices)),
    "unit": (("organization__name",), _plain("organization__name")),
    "unit_code": (("organization__code",), _plain("organization__code")),
    "status": (("status",), _labelled("status", MemberStatus.choices)),
}


def sheet_columns(fields: Sequence[Field]) -> list[SheetColumn]:
    return [SheetColumn(f.label, f.kind, f.width) for f in fields]


def template_fields(spec_name: str) -> list[Field]:
    """The columns of an empty form to fill in: what is both exported and imported (a column
    the import ignores, such as the status, would only mislead whoever fills it in)."""
    spec = get_spec(spec_name)
    return [f for f in spec.exported() if not f.export_only]


# --- members ---------------------------------------------------------------------------------


def member_columns() -> list[Column]:
    """One column per exported field of the members spec, in its order."""
    columns = []
    for field in get_spec("members").exported():
        lookups, reader = _MEMBER_READERS.get(field.key, ((field.key,), _plain(field.key)))
        columns.append(
            Column(
                field.key,
                field.label,
                lookups,
                reader,
                field.kind,
                field.width,
                personal=field.key in PERSONAL_FIELDS,
            )
        )
    return columns


def members_on_roll(user: Any, unit: Organization) -> QuerySet[Member]:
    """Members on the roll of `unit` and the units below it that `user` may see, unit by
    unit (tree order), then by name the Vietnamese way."""
    return (
        scope(user, Member)
        .filter(status__in=ON_ROLL, organization__path__startswith=unit.path)
        .order_by("organization__path", "name_sort", "id")
    )


def member_rows(
    members: QuerySet[Member], columns: Sequence[Column], user: Any, day: date
) -> Iterator[list[Any]]:
    rows = row_values(members, columns, user).iterator(chunk_size=CHUNK_ROWS)
    for row in rows:
        yield cell_values(row, columns, day)


# --- organisations ---------------------------------------------------------------------------


def organizations_under(user: Any, unit: Organization) -> QuerySet[Organization]:
    return scope(user, Organization).filter(path__startswith=unit.path).order_by("path")


def _members_by_subtree(user: Any, unit: Organization) -> dict[str, int]:
    """Members on the roll per unit path, each counted in its unit and every unit above it
    up to `unit`: one GROUP BY, summed over path prefixes."""
    counts = (
        scope(user, Member)
        .filter(status__in=ON_ROLL, organization__path__startswith=unit.path)
        .order_by()
        .values_list("organization__path")
        .annotate(n=Count("id"))
    )
    totals: dict[str, int] = defaultdict(int)
    step = Organization.steplen
    for path, n in counts:
        for end in range(len(unit.path), len(path) + 1, step):
            totals[path[:end]] += n
    return totals


def organization_rows(user: Any, unit: Organization) -> Iterator[list[Any]]:
    """The units under `unit` (itself first), parents before children, so the file imports
    back in its own order. The code above `unit` is written only when the user may see that
    unit; left blank, an import reads it as "no change"."""
    totals = _members_by_subtree(user, unit)
    codes: dict[str, str] = {}
    if unit.depth > 1:
        above = scope(user, Organization).filter(path=unit.parent_path)
        for code in above.values_list("code", flat=True):
            codes[unit.parent_path] = code
    kinds = dict(OrgKind.choices)
    fields = [f.key for f in get_spec("organizations").exported()]
    units = organizations_under(user, unit).values(
        "path", "code", "name", "short_name", "kind", "active_from", "active_to"
    )
    for row in units.iterator(chunk_size=CHUNK_ROWS):
        path = row["path"]
        codes[path] = row["code"]
        value = {
            "code": row["code"],
            "name": row["name"],
            "short_name": row["short_name"] or None,
            "kind": kinds.get(row["kind"], row["kind"]),
            "parent_code": codes.get(path[: -Organization.steplen]),
            "founded": row["active_from"],
            "dissolved": row["active_to"],
            "member_count": totals.get(path, 0),
        }
        yield [value[key] for key in fields]
