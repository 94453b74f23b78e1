"""The member roll as a spreadsheet: mẫu 2-HSĐV facts one column each, the unit, and the
admission dates.

A row is matched to a record by card number, else CCCD, else name + birth date + unit
(issue #5). A new row is entered as `create_member` would enter it (members.services.bulk
makes the same checks); a known row may complete or correct the facts of the record. Status,
unit and dates change only through events, so a row that disagrees with the record on those
is refused with the page to use instead; a blank cell never erases anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from functools import lru_cache, partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import QuerySet

from dangbo.core.bulk_rows import FreshStatistics
from dangbo.core.formats import format_date
from dangbo.core.rules import RuleTable
from dangbo.core.text import fold
from dangbo.core.workdays import add_months
from dangbo.imports import lookups, values
from dangbo.imports.spec import (
    Checked,
    Context,
    ImportSpec,
    Outcome,
    Problem,
    RowKey,
    SourceRow,
    SpecSession,
    Written,
    register,
)
from dangbo.imports.specs.member_fields import (
    CARD_DIGITS,
    COMPARED,
    EDUCATION_SPELLINGS,
    EVENT_DATES,
    FIELDS,
    NATIONAL_ID_DIGITS,
    PHONE_DIGITS,
    TEXT_FACTS,
    THEORY_SPELLINGS,
)
from dangbo.imports.specs.units import UnitIndex
from dangbo.members.models import Ethnicity, Member, Religion
from dangbo.members.services.bulk import (
    enter_members,
    plan_entry,
    revert_entries,
    update_member_facts,
)


class MemberSpec(ImportSpec):
    name = "members"
    title = "Đảng viên"
    fields = FIELDS
    unit_field = "unit"

    def session(self, context: Context) -> MemberSession:
        return MemberSession(context)


class MemberSession(SpecSession):
    def __init__(self, context: Context) -> None:
        self.units = UnitIndex(context.organization, members_only=True)
        self.ethnicities = _catalog(Ethnicity, "Dân tộc")
        self.religions = _catalog(Religion, "Tôn giáo")
        self.theory = lookups.Lookup.from_choices(THEORY_SPELLINGS, "Lý luận chính trị")
        self.education = lookups.Lookup.from_choices(EDUCATION_SPELLINGS, "Trình độ chuyên môn")
        probation = RuleTable("probation_months")
        # Per admission date, once: a roll's dates repeat.
        self.probation_end: Callable[[date], date] = lru_cache(maxsize=2**14)(
            lambda day: add_months(day, int(probation.value(day)))
        )
        self.admission_ages = RuleTable("admission_age")
        self.today = context.today
        # field → (its parser, and for the fields whose values repeat down a roll, text cell
        # → what the parser made of it or the refusal): a few ethnicities and positions, the
        # same places and dates typed again and again. Names and personal numbers do not
        # repeat (None: parsed every time).
        self.parsers: dict[str, tuple[Callable[[Any], Any], dict[Any, Any] | None]] = {
            key: (parse, None if key in _UNIQUE_PER_ROW else {})
            for key, parse in self._parsers(context.today).items()
        }
        # Only the members' table: the foreign-key checks at COMMIT look up the rows the new
        # ones point to there; nothing reads the events' table before the job ends.
        self.statistics = FreshStatistics(Member)
        # (code, name, sheet) → (unit id, unit name) or the refusal: a roll names its few
        # cells over and over.
        self._units_seen: dict[tuple[str, str, str], tuple[int, str] | str] = {}

    def _parsers(self, today: date) -> dict[str, Callable[[Any], Any]]:
        """field → how its cell is read (ValueError with the reason when it cannot be)."""
        parsers: dict[str, Callable[[Any], Any]] = dict.fromkeys(
            ("full_name", *TEXT_FACTS), values.text
        )
        for key in ("birth_date", *EVENT_DATES):
            parsers[key] = partial(values.day, today=today)
        parsers.update(
            sex=lookups.sex,
            sex_male=lookups.mark,
            sex_female=lookups.mark,
            ethnicity=self.ethnicities.get,
            religion=self.religions.get,
            theory_level=self.theory.get,
            education_level=self.education.get,
            national_id=partial(
                values.code, digits=NATIONAL_ID_DIGITS, pattern=r"\d{12}", label="Số CCCD"
            ),
            card_number=partial(values.code, digits=CARD_DIGITS, label="Số thẻ"),
            phone=_phone,
        )
        return parsers

    # --- checking -------------------------------------------------------------------------

    def check(self, rows: Sequence[SourceRow], context: Context) -> list[Checked]:
        parsed = [self._parse(row, context) for row in rows]
        known = _KnownMembers(
            (p for p in parsed if p.outcome != Outcome.INVALID), context.organization.path
        )
        for item in parsed:
            if item.outcome == Outcome.INVALID:
                continue
            member, taken = known.find(item.payload)
            if taken is not None:
                # Held by a member this user may not see: say it is taken, nothing more.
                label = "Số thẻ" if taken == "card_number" else "Số CCCD"
                item.refuse(
                    Problem(taken, f"{label} {item.payload[taken]} đã có ở đảng viên khác.")
                )
            elif member is None:
                self._plan_new(item)
            else:
                self._check_keys_free(item, member, known)
                self._compare(item, member)
        return parsed

    def _check_keys_free(self, item: Checked, member: dict[str, Any], known: _KnownMembers) -> None:
        """A known row may add a card number or CCCD to its record, not take another's."""
        for key, index, label in (
            ("card_number", known.by_card, "Số thẻ"),
            ("national_id", known.by_id, "Số CCCD"),
        ):
            holder = index.get(item.payload.get(key, ""))
            if holder is not None and holder["id"] != member["id"]:
                value = item.payload[key]
                item.refuse(Problem(key, f"{label} {value} đã có ở đảng viên khác."))

    def _parse(self, row: SourceRow, context: Context) -> Checked:
        item = Checked(row=row, outcome=Outcome.NEW)
        got: dict[str, Any] = {}
        parsers = self.parsers
        # Only the fields the file has: a parser per mapped column, set up once per session.
        for key, raw in row.values.items():
            if raw is None or raw == "":
                continue
            parser = parsers.get(key)
            if parser is None:
                continue
            parse, known = parser
            if known is not None and raw.__class__ is str:
                value = known.get(raw, _UNSEEN)
                if value is _UNSEEN:
                    value = _parsed(parse, raw)
                    if len(known) < _PARSED_PER_FIELD:
                        known[raw] = value
            else:
                value = _parsed(parse, raw)
            if value.__class__ is ValueError:
                item.refuse(Problem(key, str(value)))
                continue
            if value is not None and value != "":
                got[key] = value
        self._sex_from_marks(item, got)
        self._unit(item, got, context)
        for key in _REQUIRED:
            if key not in got and not any(p.field == key for p in item.problems):
                item.refuse(Problem(key, f"Thiếu {_label(key).lower()}."))
        for key in _DATE_KEYS:
            if key in got:
                day, partial = got.pop(key)
                if partial and key != "birth_date":
                    item.refuse(Problem(key, f"{_label(key)} chỉ có năm hoặc tháng: cần đủ ngày."))
                got[key] = day
                if key == "birth_date":
                    got["birth_year_only"] = partial
        if got.get("birth_year_only"):
            item.notices.append(f"Dòng {row.number}: chỉ rõ năm sinh {got['birth_date'].year}.")
        item.payload = got
        keys = []
        if "card_number" in got:
            keys.append(RowKey.plain(f"Số thẻ {got['card_number']}"))
        if "national_id" in got:
            keys.append(RowKey.plain(f"Số CCCD {got['national_id']}"))
        # Always, not only without card or CCCD: the commit matches a row by name against
        # rows written by earlier batches, so the dry run must refuse such a twin as well;
        # by the folded name, as records are matched ("NGUYEN VAN AN" is Nguyễn Văn An).
        if "full_name" in got and "birth_date" in got:
            full_name, birth = got["full_name"], got["birth_date"]
            keys.append(
                RowKey(
                    _name_key(full_name, birth, got.get("organization_id")),
                    f"{full_name}, sinh {format_date(birth)}, {got.get('unit_name', '')}",
                )
            )
        item.keys = tuple(keys)
        return item

    def _sex_from_marks(self, item: Checked, got: dict[str, Any]) -> None:
        male, female = got.pop("sex_male", False), got.pop("sex_female", False)
        if "sex" in got or any(p.field in ("sex", "sex_male", "sex_female") for p in item.problems):
            return
        if male and female:
            item.refuse(Problem("sex_male", "Đánh dấu cả Nam và Nữ: chỉ đánh dấu một cột."))
        elif male or female:
            got["sex"] = "male" if male else "female"
        else:
            item.refuse(Problem("sex", "Thiếu giới tính."))

    def _unit(self, item: Checked, got: dict[str, Any], context: Context) -> None:
        code = item.row.values.get("unit_code")
        name = item.row.values.get("unit")
        key = (values.text(code), values.text(name), context.sheet_name)
        found = self._units_seen.get(key)
        if found is None:
            try:
                unit = self.units.find(code=key[0], name=key[1], sheet=key[2])
                found = (unit.id, unit.name)
            except ValueError as error:
                found = str(error)
            self._units_seen[key] = found
        if isinstance(found, str):
            item.refuse(Problem("unit_code" if code else "unit", found))
            return
        got["organization_id"], got["unit_name"] = found

    def _plan_new(self, item: Checked) -> None:
        got = item.payload
        admitted_on = got["admitted_on"]
        decision_date = got.get("decision_date", admitted_on)
        data = {k: v for k, v in got.items() if k in _RECORD_KEYS}
        for key in ("ethnicity", "religion"):
            if key in data:
                data[f"{key}_id"] = data.pop(key)
        try:
            entry = plan_entry(
                organization_id=got["organization_id"],
                data=data,
                decision_date=decision_date,
                admitted_on=admitted_on,
                official_on=got.get("official_on"),
                probation_end=self.probation_end,
                admission_ages=self.admission_ages.value(decision_date),
                now=self.today,
            )
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    field = "admitted_on" if key == "effective_on" else key
                    item.refuse(Problem(field if field in _FIELD_KEYS else None, message))
            return
        if "card_number" in got:
            entry.facts["card_number"] = got["card_number"]
        item.payload = entry
        item.after = {"full_name": got["full_name"]}

    def _compare(self, item: Checked, member: dict[str, Any]) -> None:
        got = item.payload
        item.object_id = member["id"]
        if member["organization_id"] != got["organization_id"]:
            item.refuse(
                Problem(
                    "unit",
                    f"{member['full_name']} đang sinh hoạt ở {member['organization__name']}: "
                    "chuyển sinh hoạt bằng chức năng Chuyển sinh hoạt, không qua tệp nhập.",
                )
            )
        for key in EVENT_DATES:
            if key in got and member[key] is not None and got[key] != member[key]:
                item.refuse(
                    Problem(
                        key,
                        f"{_label(key)} {format_date(got[key])} khác hồ sơ "
                        f"({format_date(member[key])}): sửa bằng Đính chính trên trang hồ sơ.",
                    )
                )
        if (
            member["card_number"]
            and got.get("card_number", member["card_number"]) != member["card_number"]
        ):
            item.refuse(
                Problem(
                    "card_number",
                    f"Số thẻ {got['card_number']} khác hồ sơ ({member['card_number']}): "
                    "cấp lại thẻ bằng sự kiện trên trang hồ sơ.",
                )
            )
        if item.outcome == Outcome.INVALID:
            return
        new = {}
        for key in COMPARED:
            source = key.removesuffix("_id")
            if source not in got:
                continue
            value = got[source]
            if key == "birth_year_only" and "birth_date" not in got:
                continue
            if member[key] != value:
                new[key] = value
        if "birth_date" in got and got["birth_date"] != member["birth_date"]:
            new.setdefault("birth_year_only", got.get("birth_year_only", False))
        if new:
            item.outcome = Outcome.UPDATED
            item.before = {key: member[key] for key in new}
            item.after = new
            item.payload = new
        else:
            item.outcome = Outcome.UNCHANGED

    # --- writing --------------------------------------------------------------------------

    def write(self, rows: Sequence[Checked], context: Context, source: dict[str, Any]) -> Written:
        written = Written()
        new = [row for row in rows if row.outcome == Outcome.NEW]
        if new:
            ids = enter_members(
                actor=context.actor,
                entries=[row.payload for row in new],
                organization=context.organization,
                source=source,
            )
            written.created = [
                (row.row.number, pk, row.after) for row, pk in zip(new, ids, strict=True)
            ]
            self.statistics.grew(len(ids))
        updated = [row for row in rows if row.outcome == Outcome.UPDATED]
        if updated:
            assert all(row.object_id is not None for row in updated)
            update_member_facts(
                actor=context.actor,
                changes=[(row.object_id, row.payload) for row in updated],  # type: ignore[misc]
                organization=context.organization,
                source=source,
            )
            written.updated = [
                (row.row.number, row.object_id, row.before, row.after)  # type: ignore[misc]
                for row in updated
            ]
        return written

    def finish(self, context: Context) -> None:
        self.statistics.settle()

    def revert(
        self,
        created: QuerySet[Any],
        updated: Sequence[tuple[int, dict[str, Any], dict[str, Any]]],
        context: Context,
        source: dict[str, Any],
    ) -> None:
        revert_entries(
            actor=context.actor,
            created=created,
            restored=updated,
            organization=context.organization,
            source=source,
        )


def _parsed(parse: Callable[[Any], Any], raw: Any) -> Any:
    """What `parse` makes of `raw`, or its refusal (a ValueError, returned, not raised)."""
    try:
        return parse(raw)
    except ValueError as error:
        # Kept without its traceback, which would hold this row's frame.
        return error.with_traceback(None)


_UNSEEN = object()
_UNIQUE_PER_ROW = frozenset(("full_name", "national_id", "card_number", "phone", "other_name"))
# Enough for every distinct value of a province's column; beyond, values are parsed afresh.
_PARSED_PER_FIELD = 50_000
_RECORD_KEYS = {
    "full_name", "birth_date", "birth_year_only", "sex", "ethnicity", "religion",
    "national_id", "phone", "theory_level", "education_level", *TEXT_FACTS,
}  # fmt: skip
_FIELD_KEYS = {f.key for f in FIELDS}
_REQUIRED = ("full_name", "birth_date", "admitted_on")
_DATE_KEYS = ("birth_date", *EVENT_DATES)
_LABELS = {f.key: f.label for f in FIELDS}
_MEMBER_VALUES = (
    "id", "full_name", "organization_id", "organization__name", "organization__path", *COMPARED,
    *EVENT_DATES,
)  # fmt: skip


def _catalog(model: type[Ethnicity] | type[Religion], label: str) -> lookups.Lookup[int]:
    """A catalog's rows with their other spellings ("Khmer" for Khơ-me; comma-separated)."""
    rows = model.objects.values_list("id", "name", "variants")
    return lookups.Lookup(
        (
            (pk, name, [v.strip() for v in variants.split(",") if v.strip()])
            for pk, name, variants in rows
        ),
        label,
    )


def _phone(raw: Any) -> str:
    """As typed ("0913 123 456" stays so); a number Excel stored lost its leading 0."""
    if isinstance(raw, str):
        return values.text(raw)
    return values.code(raw, digits=PHONE_DIGITS, label="Số điện thoại")


def _label(key: str) -> str:
    return _LABELS.get(key, key)


class _KnownMembers:
    """The records a batch of rows may refer to, read in two queries (which records hold one
    of the batch's card numbers, CCCDs, or folded name + birth date pairs; then those
    records), never one per row. Records outside the unit being imported into are only ever
    reported as "taken": the user must not learn who holds them."""

    def __init__(self, items: Any, root_path: str) -> None:
        rows = [item.payload for item in items]
        cards = sorted({r["card_number"] for r in rows if "card_number" in r})
        ids = sorted({r["national_id"] for r in rows if "national_id" in r})
        named = [r for r in rows if "full_name" in r and "birth_date" in r]
        # Member.name_folded folds the other name in too ("Nguyễn Văn A Bảy"): a record
        # with one is found by what the row says of both.
        pairs = {(_fold(r["full_name"]), r["birth_date"]) for r in named} | {
            (_fold(f"{r['full_name']} {r['other_name']}")[:128], r["birth_date"])
            for r in named
            if r.get("other_name")
        }
        found = _members(_holders(cards, ids, sorted(pairs))) if rows else []
        self.root_path = root_path
        self.by_card = {m["card_number"]: m for m in found if m["card_number"]}
        self.by_id = {m["national_id"]: m for m in found if m["national_id"]}
        self.by_name: dict[tuple[str, date, int], dict[str, Any]] = {}
        for m in found:
            self.by_name[_name_key(m["full_name"], m["birth_date"], m["organization_id"])] = m

    def find(self, got: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
        """(the record this row is, None) by card number, else CCCD, else name, birth date
        and unit; (None, key) when the card or CCCD is held by a record out of reach."""
        for key, index in (("card_number", self.by_card), ("national_id", self.by_id)):
            member = index.get(got[key]) if key in got else None
            if member is not None:
                if not member["organization__path"].startswith(self.root_path):
                    return None, key
                return member, None
        name_key = _name_key(got["full_name"], got["birth_date"], got["organization_id"])
        return self.by_name.get(name_key), None


# Names repeat a lot in a province's roll, and each is folded several times per row.
_fold = lru_cache(maxsize=2**16)(fold)


def _name_key(full_name: str, birth_date: date, organization_id: int | None) -> tuple[Any, ...]:
    """Who a record is without card or CCCD: the folded name ("NGUYEN VAN AN" is Nguyễn
    Văn An), birth date and unit. Records are found by it, and a file may not hold it twice."""
    return (_fold(full_name), birth_date, organization_id)


def _holders(cards: list[str], ids: list[str], pairs: list[tuple[str, date]]) -> list[int]:
    """Ids of the records holding one of `cards`, `ids` (CCCD) or (folded name, birth date)
    `pairs`. The lists go to the database as ONE parameter each (an array on PostgreSQL, a
    JSON array on SQLite): a query with thousands of placeholders costs more to build and
    parse than to run, and matching name and birth date as pairs (not any name with any of
    the batch's birth dates) brings back only the records that can match."""
    table = connection.ops.quote_name(Member._meta.db_table)
    if connection.vendor == "postgresql":
        # One index probe per value (OFFSET 0 keeps each probe apart): given thousands of
        # values, the planner would rather scan the whole table, and the table grows with
        # every batch a commit writes.
        sql = (
            f"SELECT m.id FROM unnest(%s::text[]) AS k(card) CROSS JOIN LATERAL "  # noqa: S608 (table name from model metadata)
            f"(SELECT id FROM {table} WHERE card_number = k.card OFFSET 0) AS m "
            "UNION SELECT m.id FROM unnest(%s::text[]) AS k(cccd) CROSS JOIN LATERAL "
            f"(SELECT id FROM {table} WHERE national_id = k.cccd OFFSET 0) AS m "
            "UNION SELECT m.id FROM unnest(%s::text[], %s::date[]) AS k(name, birth) "
            f"CROSS JOIN LATERAL (SELECT id FROM {table} "
            "WHERE name_folded = k.name AND birth_date = k.birth OFFSET 0) AS m"
        )
        params: list[Any] = [cards, ids, [n for n, _ in pairs], [b for _, b in pairs]]
    else:  # SQLite, the other database dangbo runs on
        sql = (
            f"SELECT id FROM {table} WHERE card_number IN (SELECT value FROM json_each(%s)) "  # noqa: S608
            f"UNION SELECT id FROM {table} WHERE national_id IN (SELECT value FROM json_each(%s)) "
            # CROSS JOIN keeps the pairs outside, so each is looked up by the name index.
            f"UNION SELECT m.id FROM json_each(%s) AS k CROSS JOIN {table} m "
            "ON m.name_folded = json_extract(k.value, '$[0]') "
            "AND m.birth_date = json_extract(k.value, '$[1]')"
        )
        named = [[n, b.isoformat()] for n, b in pairs]
        params = [json.dumps(cards), json.dumps(ids), json.dumps(named, ensure_ascii=False)]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _members(ids: list[int]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        found.extend(Member.objects.filter(pk__in=chunk).values(*_MEMBER_VALUES))
    return found


MEMBERS = register(MemberSpec())
