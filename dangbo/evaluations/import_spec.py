"""Ratings from a spreadsheet (issue #8): the cell's grid as a file, one row per member, brought
in through the import engine (dangbo.imports) and written through `services.save_grid`, so
every rule, the HTXSNV quota and the audit apply exactly as on the grid page.

The round. The engine knows no job parameter but the unit, so the round is the latest round
(by year) opened at the chosen unit or above it. Rows are accepted only while that round is at
the self-review or cell stage; a round at another stage, or locked, refuses the whole job with
the grid's own message. A unit above the rounds (a district over several communes) has no such
round: choose the commune or the cell.

Every rating sheet has a «Họ và tên» column, the one required. A row names the member as the
member import does: số thẻ đảng viên, else số CCCD, else họ tên + ngày sinh (with the cell
when two namesakes share a birth date); there is no "mã đảng viên" in the records. Members are
looked up in ONE query per batch among the members on the round's roll on the rating day,
under the chosen unit. A member outside that roll is reported as unknown or not to be rated,
never more. A blank cell keeps what is saved; what a member handed in themselves (self score
and level) stays theirs.

Each batch is checked the way save_grid will check it (ranges, what the rules allow, the
reasons, the quota over the whole cell with what is already saved); a cell whose quota fails
has all its rows refused with the service's message. A committed import is not undone: the
grid has no deletion; the cell corrects it on the grid page or with a corrected file.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields, replace
from decimal import Decimal
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from dangbo.core.formats import format_date, format_figure
from dangbo.core.text import fold
from dangbo.core.xlsx import CellKind
from dangbo.evaluations import rules as rule_sets
from dangbo.evaluations.classify import classify
from dangbo.evaluations.models import (
    SHORT,
    EvaluationRound,
    MemberEvaluation,
    Rating,
)
from dangbo.evaluations.queries import evaluated_on, uncounted_disciplines
from dangbo.evaluations.services import (
    GRID_STAGES,
    GridInput,
    check_quota,
    line_facts,
    prefixes,
    proposal,
    save_grid,
)
from dangbo.imports import lookups, values
from dangbo.imports.engine.base import ImportRefused
from dangbo.imports.spec import (
    Checked,
    Context,
    Field,
    ImportSpec,
    Outcome,
    Problem,
    RowKey,
    SourceRow,
    SpecSession,
    Written,
    register,
)
from dangbo.imports.specs.units import UnitIndex
from dangbo.members.models import Member, MemberStatus
from dangbo.members.queries import members_as_of
from dangbo.orgs.models import CELL_KINDS, Organization

C, N = CellKind.CODE, CellKind.NUMBER
# The member keys and their spellings are the member import's (imports.specs.member_fields).
FIELDS = (
    Field("full_name", "Họ và tên", ("Họ tên", "Họ, tên", "Tên đảng viên", "Họ và tên đảng viên",
          "Họ tên đảng viên"), required=True, width=28),
    Field("birth_date", "Ngày sinh", ("Ngày, tháng, năm sinh", "Ngày tháng năm sinh",
          "Sinh ngày", "Ngày/tháng/năm sinh"), kind=CellKind.DATE, width=12),
    Field("card_number", "Số thẻ đảng viên", ("Số thẻ ĐV", "Số thẻ", "Số thẻ Đảng",
          "Số thẻ đảng"), kind=C, width=14),
    Field("national_id", "Số CCCD", ("CCCD", "Số định danh cá nhân", "Số CMND/CCCD",
          "Số căn cước", "Số căn cước công dân"), kind=C, width=15),
    Field("unit", "Chi bộ", ("Tên chi bộ", "Chi bộ sinh hoạt", "Đơn vị"), width=26),
    Field("unit_code", "Mã chi bộ", ("Mã đơn vị",), kind=C, width=12),
    Field("self_score", "Điểm tự chấm", ("Tự chấm", "Đảng viên tự chấm"), kind=N, width=10),
    Field("score", "Điểm chi bộ thống nhất", ("Điểm chi bộ", "Điểm thống nhất",
          "Chi bộ chấm", "Điểm đánh giá"), kind=N, width=11),
    Field("tasks_done_pct", "% nhiệm vụ hoàn thành", ("Tỷ lệ hoàn thành nhiệm vụ",
          "% hoàn thành", "Tỷ lệ hoàn thành"), kind=N, width=11),
    Field("tasks_exceeding_pct", "% nhiệm vụ vượt mức", ("% vượt mức", "Tỷ lệ vượt mức",
          "Tỷ lệ nhiệm vụ vượt mức"), kind=N, width=11),
    Field("tasks_on_time", "Hoàn thành đúng hạn", ("Đúng hạn", "Đúng tiến độ"), width=10),
    Field("sick_leave_days", "Số ngày nghỉ ốm", ("Nghỉ ốm", "Nghỉ ốm (ngày)",
          "Ngày nghỉ ốm"), kind=N, width=9),
    Field("maternity_leave_days", "Số ngày nghỉ thai sản", ("Nghỉ thai sản",
          "Nghỉ thai sản (ngày)", "Ngày nghỉ thai sản"), kind=N, width=9),
    Field("proposed_rating", "Chi bộ đề xuất", ("Mức đề xuất", "Đề xuất xếp loại",
          "Chi bộ đề xuất xếp loại", "Mức xếp loại", "Xếp loại", "Đề xuất"), width=14),
    Field("override_reason", "Lý do", ("Lý do vượt tỷ lệ", "Lý do khác đề xuất",
          "Lý do (vượt tỷ lệ, khác đề xuất)"), width=30),
    Field("notes", "Ghi chú", (), width=24),
)  # fmt: skip
_LABELS = {f.key: f.label for f in FIELDS}
# The four levels, by short name, full name and the words a secretary types; compared folded,
# so "hoàn thành tốt", "HOAN THANH TOT NHIEM VU" and "HTT" are one.
RATING_SPELLINGS: dict[str, tuple[str, ...]] = {
    Rating.EXCELLENT: ("HTXSNV", Rating.EXCELLENT.label, "HTXS", "Xuất sắc",
                       "Hoàn thành xuất sắc"),
    Rating.GOOD: ("HTTNV", Rating.GOOD.label, "HTT", "Hoàn thành tốt", "Tốt"),
    Rating.SATISFACTORY: ("HTNV", Rating.SATISFACTORY.label, "HT", "Hoàn thành"),
    Rating.FAILED: ("KHTNV", Rating.FAILED.label, "KHT", "Không hoàn thành"),
}  # fmt: skip
_YES = frozenset({"co", "x", "v", "1", "dung han", "dung", "dat", "true", "yes"})
_NO = frozenset({"khong", "0", "cham", "tre", "qua han", "khong dung han", "false", "no"})
_TEXT_LIMIT = 2000
NO_REVERT = (
    "Kết quả xếp loại đã nhập không hoàn tác được: sửa trên bảng đánh giá của chi bộ, hoặc "
    "nhập lại tệp đã sửa."
)
# GridInput's fields a row may give; a blank cell keeps the saved value.
_GRID_KEYS = tuple(f.name for f in fields(GridInput))


def _on_time(raw: Any) -> bool | None:
    if raw is None or raw == "":
        return None
    if raw is True or raw is False:
        return raw
    shown = values.text(raw)
    key = fold(shown).strip(" .")
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(f"Hoàn thành đúng hạn «{shown}» không rõ: ghi Có hoặc Không.")


def _percent(raw: Any, label: str) -> Decimal | None:
    """A share typed "95", "95%" or "95,5 %"."""
    if isinstance(raw, str):
        raw = raw.strip().removesuffix("%").strip()
    try:
        return values.number(raw)
    except ValueError:
        raise ValueError(f"{label} «{values.text(raw)}» không phải là số.") from None


def _number(raw: Any, label: str) -> Decimal | None:
    try:
        return values.number(raw)
    except ValueError:
        raise ValueError(f"{label} «{values.text(raw)}» không phải là số.") from None


def _days(raw: Any, label: str) -> int | None:
    found = _number(raw, label)
    if found is None:
        return None
    if found != found.to_integral_value() or not 0 <= found <= 366:
        raise ValueError(f"{label} «{values.text(raw)}»: nhập số nguyên từ 0 đến 366.")
    return int(found)


def _limited(raw: Any) -> str:
    return values.text(raw).replace("\x00", "")[:_TEXT_LIMIT]


def _shown(value: Any) -> Any:
    """A saved value as the import's records keep it (JSON)."""
    if isinstance(value, Decimal):
        return format_figure(value)
    return value


class RatingSpec(ImportSpec):
    name = "member_ratings"
    title = "Kết quả đánh giá, xếp loại đảng viên"
    fields = FIELDS
    unit_field = "unit"
    revertible = False

    def session(self, context: Context) -> RatingSession:
        return RatingSession(context)


def round_for(unit: Organization) -> EvaluationRound | None:
    """The latest round opened at `unit` or above it (the one a file for it goes into)."""
    return (
        EvaluationRound.objects.filter(organization__path__in=prefixes(unit.path))
        .select_related("organization")
        .order_by("-year")
        .first()
    )


@dataclass
class _Row:
    """What a row says, read."""

    given: dict[str, Any]  # GridInput field -> value, only the cells the row fills
    full_name: str = ""
    birth_date: Any = None
    card_number: str = ""
    national_id: str = ""
    unit: Organization | None = None


@dataclass
class _Plan:
    cell_id: int
    member_id: int
    line: GridInput
    proposed: str
    not_rated: bool


class RatingSession(SpecSession):
    def __init__(self, context: Context) -> None:
        unit = context.organization
        found = round_for(unit)
        if found is None:
            raise ImportRefused(
                f"Chưa có đợt đánh giá, xếp loại nào bao gồm {unit.name}: mở đợt đánh giá (ở "
                "đảng bộ hoặc chi bộ) rồi mới nhập kết quả; nhập vào từng đảng bộ xã hoặc chi "
                "bộ có đợt đánh giá."
            )
        if found.is_locked:
            raise ImportRefused(
                f"Đợt đánh giá năm {found.year} của {found.organization.name} đã khóa sổ: "
                "không sửa được kết quả."
            )
        if found.stage not in GRID_STAGES:
            raise ImportRefused(
                f"Đợt đánh giá năm {found.year} đang ở bước «{found.get_stage_display()}»: "
                "chi bộ không sửa được kết quả, không nhập được tệp."
            )
        self.round = found
        self.rules = rule_sets.for_year(found.year)
        self.day = evaluated_on(found)
        # The cells of the round the user chose (the deeper of the two units).
        top = unit if unit.path.startswith(found.organization.path) else found.organization
        self.units = UnitIndex(top, members_only=True)
        self.cells = {
            c.pk: c
            for c in Organization.objects.filter(path__startswith=top.path, kind__in=CELL_KINDS)
        }
        self.top = top
        self.ratings = lookups.Lookup.from_choices(RATING_SPELLINGS, "Mức đề xuất")
        self.parsers = self._parsers(context)
        # Rows of earlier batches, per cell (member -> plan): the quota counts them too.
        self.planned: dict[int, dict[int, _Plan]] = defaultdict(dict)

    def _parsers(self, context: Context) -> dict[str, Callable[[Any], Any]]:
        return {
            "full_name": values.text,
            "birth_date": partial(values.day, today=context.today),
            "card_number": partial(values.code, digits=8, label="Số thẻ"),
            "national_id": partial(values.code, digits=12, pattern=r"\d{12}", label="Số CCCD"),
            "self_score": partial(_number, label="Điểm tự chấm"),
            "score": partial(_number, label="Điểm chi bộ thống nhất"),
            "tasks_done_pct": partial(_percent, label="% nhiệm vụ hoàn thành"),
            "tasks_exceeding_pct": partial(_percent, label="% nhiệm vụ vượt mức"),
            "tasks_on_time": _on_time,
            "sick_leave_days": partial(_days, label="Số ngày nghỉ ốm"),
            "maternity_leave_days": partial(_days, label="Số ngày nghỉ thai sản"),
            "proposed_rating": self.ratings.get,
            "override_reason": _limited,
            "notes": _limited,
        }

    # --- checking -------------------------------------------------------------------------

    def check(self, rows: Sequence[SourceRow], context: Context) -> list[Checked]:
        items = [self._parse(row, context) for row in rows]
        valid = [(item, read) for item, read in items if item.outcome != Outcome.INVALID]
        roll = _Roll(self, [read for _, read in valid])
        matched: list[tuple[Checked, _Row, dict[str, Any]]] = []
        for item, read in valid:
            member = roll.find(item, read)
            if member is not None:
                matched.append((item, read, member))
        ids = [m["id"] for _, _, m in matched]
        cell_ids = {m["unit_on"] for _, _, m in matched}
        saved = {
            (e.organization_id, e.member_id): e
            for e in MemberEvaluation.objects.filter(
                round=self.round, organization_id__in=cell_ids, current=True
            )
        }
        disciplines = uncounted_disciplines(ids, self.round.year, self.round)
        by_cell: dict[int, list[Checked]] = defaultdict(list)
        for item, read, member in matched:
            cell_id = member["unit_on"]
            old = saved.get((cell_id, member["id"]))
            self._plan(item, read, member, old, disciplines.get(member["id"]))
            if item.outcome != Outcome.INVALID:
                by_cell[cell_id].append(item)
        for cell_id, cell_items in by_cell.items():
            self._quota(cell_id, cell_items, saved)
        return [item for item, _ in items]

    def _parse(self, row: SourceRow, context: Context) -> tuple[Checked, _Row]:
        item = Checked(row=row, outcome=Outcome.NEW)
        read = _Row(given={})
        for key, raw in row.values.items():
            if raw is None or raw == "":
                continue
            parse = self.parsers.get(key)
            if parse is None:
                continue
            try:
                value = parse(raw)
            except ValueError as error:
                item.refuse(Problem(key, str(error)))
                continue
            if value is None or value == "":
                continue
            if key == "birth_date":
                read.birth_date = value[0]
            elif key in ("full_name", "card_number", "national_id"):
                setattr(read, key, value)
            else:
                read.given[key] = value
        code, name = row.values.get("unit_code"), row.values.get("unit")
        if values.text(code) or values.text(name):
            try:
                read.unit = self.units.find(code=values.text(code), name=values.text(name))
            except ValueError as error:
                item.refuse(Problem("unit_code" if values.text(code) else "unit", str(error)))
        named = read.card_number or read.national_id or (read.full_name and read.birth_date)
        if not named and not item.problems:
            item.refuse(
                Problem(
                    None,
                    "Không xác định được đảng viên: ghi số thẻ đảng viên, số CCCD, hoặc họ tên "
                    "và ngày sinh.",
                )
            )
        for key, top in (
            ("score", self.rules.scale_max),
            ("self_score", self.rules.scale_max),
            ("tasks_done_pct", Decimal(100)),
            ("tasks_exceeding_pct", Decimal(100)),
        ):
            value = read.given.get(key)
            if value is not None and not Decimal(0) <= value <= top:
                item.refuse(
                    Problem(
                        key,
                        f"{_LABELS[key]} {format_figure(value)} không hợp lệ: phải từ 0 đến "
                        f"{format_figure(top)}.",
                    )
                )
        return item, read

    def _plan(
        self,
        item: Checked,
        read: _Row,
        member: dict[str, Any],
        old: MemberEvaluation | None,
        discipline: Any,
    ) -> None:
        name = member["full_name"]
        start = _from_saved(old) if old is not None else GridInput()
        if self.rules.scored:
            # With a score scale, a blank proposal takes what the rules give for the figures
            # of the row, as the grid does with an empty box.
            start = replace(start, proposed_rating="")
        given = {k: v for k, v in read.given.items() if k in _GRID_KEYS}
        if old is not None and old.self_reviewed_at is not None:
            # What the member handed in stays theirs (save_grid keeps it too).
            for key in ("self_score", "self_rating"):
                if given.pop(key, None) is not None:
                    item.notices.append(
                        f"Dòng {item.row.number}: {name} đã tự nộp bản tự kiểm điểm; giữ điểm "
                        "tự chấm của đảng viên."
                    )
        line = replace(start, **given)
        if line.sick_leave_days + line.maternity_leave_days > 366:
            item.refuse(
                Problem(
                    "sick_leave_days",
                    "Số ngày nghỉ ốm và nghỉ thai sản cộng lại không được quá 366.",
                )
            )
            return
        facts = line_facts(
            line,
            year=self.round.year,
            day=self.day,
            admitted_on=member["admitted_on"],
            disciplined_on=discipline.effective_on if discipline else None,
        )
        outcome = classify(self.rules, facts)
        if self.rules.scored:
            try:
                proposed = proposal(name, line, outcome.rating, outcome.not_rated)
            except ValidationError as error:
                item.refuse(Problem("proposed_rating", " ".join(error.messages)))
                return
        else:
            proposed = outcome.rating
        if outcome.not_rated and read.given.get("proposed_rating"):
            item.notices.append(
                f"Dòng {item.row.number}: {name} thuộc trường hợp không xếp loại "
                f"({' '.join(outcome.reasons)}); bỏ qua mức đề xuất."
            )
        elif line.proposed_rating and proposed != line.proposed_rating:
            item.notices.append(
                f"Dòng {item.row.number}: {name} chỉ được xếp tối đa "
                f"{SHORT[Rating(proposed)]} ({' '.join(outcome.reasons)})."
            )
        cell_id = member["unit_on"]
        item.object_id = old.pk if old is not None else None
        item.payload = _Plan(cell_id, member["id"], line, proposed, outcome.not_rated)
        item.keys = (
            RowKey(
                f"member {member['id']}",
                f"{name}, sinh {format_date(member['birth_date'])}, đảng viên số {member['id']}",
            ),
        )
        after = {
            "member": name,
            **{k: _shown(getattr(line, k)) for k in _GRID_KEYS},
            "proposed_rating": proposed,
        }
        if old is None:
            item.outcome = Outcome.NEW
            item.after = after
            return
        before = {"member": name, **{k: _shown(getattr(old, k)) for k in _GRID_KEYS}}
        before["proposed_rating"] = old.proposed_rating
        changed = [k for k in after if k != "member" and after[k] != before.get(k)]
        if changed:
            item.outcome = Outcome.UPDATED
            item.before = {"member": name, **{k: before[k] for k in changed}}
            item.after = {"member": name, **{k: after[k] for k in changed}}
        else:
            item.outcome = Outcome.UNCHANGED

    def _quota(
        self,
        cell_id: int,
        items: list[Checked],
        saved: dict[tuple[int, int], MemberEvaluation],
    ) -> None:
        """The cell's HTXSNV over the cap, counted as save_grid counts it: these rows, rows of
        earlier batches, and what is saved for the others."""
        cell = self.cells[cell_id]
        planned = self.planned[cell_id]
        batch = {item.payload.member_id: item.payload for item in items}
        lines: list[MemberEvaluation] = []
        for plan in {**planned, **batch}.values():
            lines.append(
                MemberEvaluation(
                    proposed_rating=plan.proposed,
                    not_rated=plan.not_rated,
                    override_reason=plan.line.override_reason.strip(),
                )
            )
        others = MemberEvaluation.objects.filter(
            round=self.round, organization_id=cell_id, current=True
        ).exclude(member_id__in=[*planned, *batch])
        lines.extend(others.only("proposed_rating", "rating", "not_rated", "override_reason"))
        try:
            check_quota(self.round, cell, lines, "proposed_rating", self.rules.excellent_share)
        except ValidationError as error:
            message = " ".join(error.messages)
            for item in items:
                item.refuse(Problem("proposed_rating", message))
            return
        planned.update(batch)

    # --- writing --------------------------------------------------------------------------

    def write(self, rows: Sequence[Checked], context: Context, source: dict[str, Any]) -> Written:
        written = Written()
        by_cell: dict[int, list[Checked]] = defaultdict(list)
        for row in rows:
            by_cell[row.payload.cell_id].append(row)
        for cell_id, cell_rows in by_cell.items():
            try:
                saved = save_grid(
                    actor=context.actor,
                    round_=self.round,
                    cell=self.cells[cell_id],
                    rows={r.payload.member_id: r.payload.line for r in cell_rows},
                )
            except ValidationError as error:
                raise ImportRefused(
                    f"{self.cells[cell_id].name}: {' '.join(error.messages)} Chưa ghi dòng nào."
                ) from None
            ids = {e.member_id: e.pk for e in saved}
            for row in cell_rows:
                pk = ids[row.payload.member_id]
                if row.outcome == Outcome.NEW:
                    written.created.append((row.row.number, pk, row.after))
                else:
                    written.updated.append((row.row.number, pk, row.before, row.after))
        return written

    def revert(
        self,
        created: QuerySet[Any],
        updated: Sequence[tuple[int, dict[str, Any], dict[str, Any]]],
        context: Context,
        source: dict[str, Any],
    ) -> None:
        raise ValidationError(NO_REVERT)


def _from_saved(row: MemberEvaluation) -> GridInput:
    return GridInput(**{k: getattr(row, k) for k in _GRID_KEYS})


_MEMBER_VALUES = (
    "id", "full_name", "birth_date", "card_number", "national_id", "name_folded",
    "admitted_on", "unit_on",
)  # fmt: skip


class _Roll:
    """The members a batch names, among those on the round's roll on the rating day in the
    chosen unit's cells: one query, plus one for the names not found (to say why)."""

    def __init__(self, session: RatingSession, rows: list[_Row]) -> None:
        self.session = session
        cards = {r.card_number for r in rows if r.card_number}
        ids = {r.national_id for r in rows if r.national_id}
        names = {fold(r.full_name) for r in rows if r.full_name and r.birth_date}
        births = {r.birth_date for r in rows if r.full_name and r.birth_date}
        query = (
            Q(card_number__in=cards)
            | Q(national_id__in=ids)
            | Q(name_folded__in=names, birth_date__in=births)
        )
        cells = Organization.objects.filter(pk__in=list(session.cells))
        found: list[dict[str, Any]] = []
        if rows:
            on_roll = members_as_of(cells, session.day).exclude(
                **{"status_on": MemberStatus.EXEMPT}
            )
            found = list(on_roll.filter(query).values(*_MEMBER_VALUES))
        self.by_card = {m["card_number"]: m for m in found if m["card_number"]}
        self.by_id = {m["national_id"]: m for m in found if m["national_id"]}
        self.by_name: dict[tuple[str, Any], list[dict[str, Any]]] = defaultdict(list)
        for m in found:
            self.by_name[(m["name_folded"], m["birth_date"])].append(m)
        self.query = query
        self.top_path = session.top.path
        self.known_ids = {m["id"] for m in found}
        self._elsewhere: set[tuple[str, Any]] | None = None

    def find(self, item: Checked, read: _Row) -> dict[str, Any] | None:
        member = None
        if read.card_number:
            member = self.by_card.get(read.card_number)
        if member is None and read.national_id:
            member = self.by_id.get(read.national_id)
        if member is None and read.full_name and read.birth_date:
            namesakes = self.by_name.get((fold(read.full_name), read.birth_date), [])
            if read.unit is not None:
                namesakes = [m for m in namesakes if m["unit_on"] == read.unit.pk] or namesakes
            if len(namesakes) > 1:
                item.refuse(
                    Problem(
                        "full_name",
                        f"Có {len(namesakes)} đảng viên tên {read.full_name}, sinh "
                        f"{format_date(read.birth_date)}: ghi số thẻ đảng viên hoặc chi bộ.",
                    )
                )
                return None
            member = namesakes[0] if namesakes else None
        if member is None:
            item.refuse(Problem(self._key_field(read), self._why_not(read)))
            return None
        if read.unit is not None and member["unit_on"] != read.unit.pk:
            cell = self.session.cells[member["unit_on"]]
            item.refuse(
                Problem(
                    "unit",
                    f"{member['full_name']} sinh hoạt ở {cell.name} ngày "
                    f"{format_date(self.session.day)}, không phải {read.unit.name}: xếp loại ở "
                    "chi bộ nơi đảng viên sinh hoạt.",
                )
            )
            return None
        return member

    @staticmethod
    def _key_field(read: _Row) -> str:
        if read.card_number:
            return "card_number"
        if read.national_id:
            return "national_id"
        return "full_name"

    def _why_not(self, read: _Row) -> str:
        """An unknown member, or one on the chosen unit's books who is not to be rated this
        round (admitted after the rating day, exempt, moved): said without more."""
        session = self.session
        who = (
            f"số thẻ {read.card_number}"
            if read.card_number
            else f"số CCCD {read.national_id}"
            if read.national_id
            else f"{read.full_name}, sinh {format_date(read.birth_date)}"
        )
        elsewhere = self._on_books()
        keys: set[tuple[str, Any]] = {("card", read.card_number), ("id", read.national_id)}
        keys.add(("name", (fold(read.full_name), read.birth_date)))
        if keys & elsewhere:
            return (
                f"Đảng viên {who} không có tên trong danh sách đảng viên phải xếp loại của "
                f"{session.top.name} ngày {format_date(session.day)} (đợt đánh giá năm "
                f"{session.round.year})."
            )
        return f"Không tìm thấy đảng viên {who} trong {session.top.name}."

    def _on_books(self) -> set[tuple[str, Any]]:
        """The batch's keys held by members of the chosen unit who are not on the round's
        roll: one query, the first time a row is not found."""
        if self._elsewhere is None:
            rows = (
                Member.objects.filter(organization__path__startswith=self.top_path)
                .filter(self.query)
                .exclude(pk__in=self.known_ids)
                .values_list("card_number", "national_id", "name_folded", "birth_date")
            )
            self._elsewhere = set()
            for card, national_id, name, birth in rows:
                if card:
                    self._elsewhere.add(("card", card))
                if national_id:
                    self._elsewhere.add(("id", national_id))
                self._elsewhere.add(("name", (name, birth)))
        return self._elsewhere


MEMBER_RATINGS = register(RatingSpec())
