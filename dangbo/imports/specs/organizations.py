"""The list of party units as a spreadsheet: code, name, kind, the code of the unit above,
the founding date.

An import only ever adds units (through `orgs.services.create_organization`, the service the
tree page uses, so the rules of ALLOWED_CHILDREN, dates and unique codes are the same). A
row whose code is known is left as it is when it agrees with the tree; a rename, a move or a
change of kind is an event with a decision behind it, made on the tree's own pages, so such
a row is refused with that page named.

The parent of a new unit must be the unit being imported into, a unit under it, or a new
unit on an earlier row of the same sheet; a code outside that subtree reads exactly like a
code that does not exist (the user must not learn what lies beyond their reach).

Creating units changes the structure of the tree: the importing user needs Action.STRUCTURE
on the unit, checked here as well as by the pages, so no door skips it. A committed import of
units cannot be reverted: units are never deleted (DESIGN rule 3); one entered by mistake is
dissolved on the tree's pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.functions import Upper

from dangbo.access.policy import Action
from dangbo.access.scoping import can
from dangbo.core.formats import format_date
from dangbo.core.text import nfc
from dangbo.core.xlsx import CellKind
from dangbo.imports import lookups, values
from dangbo.imports.engine import ImportRefused
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
from dangbo.orgs.models import ALLOWED_CHILDREN, Organization, OrgKind
from dangbo.orgs.services import Decision, create_organization

D, C = CellKind.DATE, CellKind.CODE
FIELDS = (
    Field("code", "Mã", ("Mã tổ chức", "Mã đơn vị", "Mã tổ chức đảng", "Mã số", "Mã TCĐ"),
          required=True, kind=C, width=14),
    Field("name", "Tên", ("Tên tổ chức", "Tên tổ chức đảng", "Tên đơn vị", "Tên tổ chức cơ sở đảng",
          "Tổ chức đảng", "Tên chi bộ, đảng bộ"), required=True, width=40),
    Field("short_name", "Tên viết tắt", ("Viết tắt", "Tên tắt"), width=16),
    Field("kind", "Loại", ("Loại tổ chức", "Loại hình", "Loại hình tổ chức", "Loại tổ chức đảng"),
          width=26),
    Field("parent_code", "Mã đơn vị cấp trên", ("Mã cấp trên", "Mã tổ chức cấp trên",
          "Mã đơn vị trực thuộc", "Trực thuộc (mã)", "Mã tổ chức đảng cấp trên"), kind=C, width=14),
    Field("founded", "Ngày thành lập", ("Thành lập", "Ngày quyết định thành lập",
          "Ngày thành lập tổ chức"), kind=D, width=13),
    Field("dissolved", "Ngày chấm dứt", ("Ngày giải thể", "Ngày chấm dứt hoạt động"), kind=D,
          width=13, export_only=True),
    Field("member_count", "Số đảng viên", ("Tổng số đảng viên",), kind=CellKind.NUMBER, width=10,
          export_only=True),
)  # fmt: skip

# Only spellings that name one OrgKind: "Đảng bộ xã" may be either an upper or a grassroots
# committee, and "Đảng bộ bộ phận" has no kind of its own in the tree, so both are refused
# with the list of kinds the user can write instead.
KIND_SPELLINGS: dict[str, tuple[str, ...]] = {
    OrgKind.PROVINCE: ("Đảng bộ tỉnh", "Đảng bộ tỉnh, thành phố"),
    OrgKind.UPPER: (
        "Đảng bộ cấp trên trực tiếp cơ sở",
        "Đảng bộ cấp trên cơ sở",
        "Cấp trên trực tiếp cơ sở",
        "Cấp trên cơ sở",
    ),
    OrgKind.GRASSROOTS_COMMITTEE: ("Đảng bộ cơ sở", "ĐBCS"),
    OrgKind.GRASSROOTS_CELL: ("Chi bộ cơ sở", "CBCS"),
    OrgKind.CELL: ("Chi bộ trực thuộc", "Chi bộ", "Chi bộ trực thuộc đảng bộ cơ sở", "CBTT"),
    OrgKind.GROUP: ("Tổ đảng",),
}
CODE_MAX = Organization._meta.get_field("code").max_length or 32
NAME_MAX = Organization._meta.get_field("name").max_length or 255
SHORT_MAX = Organization._meta.get_field("short_name").max_length or 64
NO_REVERT = (
    "Không hoàn tác được lần nhập tổ chức đảng: tổ chức đảng không bao giờ bị xóa khỏi hệ "
    "thống (lịch sử phải được giữ nguyên). Đơn vị lập nhầm thì giải thể bằng chức năng sắp "
    "xếp tổ chức trên trang của đơn vị đó."
)
BY_EVENT = "đổi tên / chuyển đơn vị bằng chức năng sắp xếp tổ chức trên trang của đơn vị"


class OrganizationSpec(ImportSpec):
    name = "organizations"
    title = "Tổ chức đảng"
    fields = FIELDS
    unit_field = None
    # The pages and the API ask for this action on the job's unit; a committed import of
    # units is never reverted (see NO_REVERT).
    action = Action.STRUCTURE
    revertible = False

    def session(self, context: Context) -> OrganizationSession:
        return OrganizationSession(context)


@dataclass
class _Unit:
    """A unit of the subtree, or a new one planned on an earlier row."""

    code: str
    name: str
    short_name: str
    kind: str
    parent_code: str | None  # None: not known to this user (the import's own unit)
    active_from: date
    active_to: date | None = None
    pk: int | None = None


@dataclass
class _Plan:
    parent_code: str
    code: str
    kind: str
    name: str
    short_name: str
    founded: date


class OrganizationSession(SpecSession):
    def __init__(self, context: Context) -> None:
        self.root = context.organization
        self.allowed = context.actor is None or can(
            context.actor, Action.STRUCTURE, context.organization
        )
        self.kinds = lookups.Lookup.from_choices(KIND_SPELLINGS, "Loại tổ chức")
        self.known: dict[str, _Unit] = {}
        rows = (
            Organization.objects.filter(path__startswith=self.root.path)
            .order_by("path")
            .values("pk", "path", "code", "name", "short_name", "kind", "active_from", "active_to")
        )
        codes_by_path: dict[str, str] = {}
        for row in rows:
            code = row["code"].upper()
            codes_by_path[row["path"]] = code
            self.known[code] = _Unit(
                code=code,
                name=row["name"],
                short_name=row["short_name"],
                kind=row["kind"],
                parent_code=codes_by_path.get(row["path"][: -Organization.steplen]),
                active_from=row["active_from"],
                active_to=row["active_to"],
                pk=row["pk"],
            )
        root_code = self.root.code.upper()
        parent = (
            Organization.objects.filter(path=self.root.parent_path).values_list("code", flat=True)
            if self.root.depth > 1
            else None
        )
        # The unit above the import's own unit: compared, never named in a message.
        self.root_parent_code = parent[0].upper() if parent else ""
        self.root_code = root_code
        self.invalid_codes: dict[str, int] = {}
        self.created: dict[str, Organization] = {}

    # --- checking -------------------------------------------------------------------------

    def check(self, rows: Sequence[SourceRow], context: Context) -> list[Checked]:
        if not self.allowed:
            raise ImportRefused(
                f"Bạn không có quyền thay đổi cơ cấu tổ chức của {self.root.name}: không nhập "
                "được danh sách tổ chức đảng."
            )
        parsed = [self._parse(row, context) for row in rows]
        taken = self._taken_elsewhere(
            [p.payload["code"] for p in parsed if p.payload and p.payload["code"] not in self.known]
        )
        for item in parsed:
            if item.outcome != Outcome.INVALID:
                code = item.payload["code"]
                unit = self.known.get(code)
                if unit is not None and unit.pk is not None:
                    self._compare(item, unit)
                elif unit is not None:
                    # A new unit planned on an earlier row: the engine reports the duplicate.
                    pass
                elif code in taken:
                    item.refuse(Problem("code", f"Mã «{code}» đã được dùng cho tổ chức khác."))
                else:
                    self._plan_new(item)
            if item.outcome == Outcome.INVALID and item.payload:
                self.invalid_codes.setdefault(item.payload["code"], item.row.number)
        return parsed

    def _parse(self, row: SourceRow, context: Context) -> Checked:
        item = Checked(row=row, outcome=Outcome.NEW)
        cells = row.values
        got: dict[str, Any] = {}
        for key, limit in (
            ("code", CODE_MAX),
            ("name", NAME_MAX),
            ("short_name", SHORT_MAX),
            ("parent_code", CODE_MAX),
        ):
            value = nfc(values.text(cells.get(key)))
            if key in ("code", "parent_code"):
                value = value.removeprefix("'").strip().upper()
            if len(value) > limit:
                item.refuse(Problem(key, f"«{value[:40]}…» dài quá {limit} ký tự."))
            elif value:
                got[key] = value
        try:
            kind = self.kinds.get(cells.get("kind"))
        except ValueError as error:
            item.refuse(Problem("kind", str(error)))
        else:
            if kind:
                got["kind"] = kind
        try:
            founded = values.day(cells.get("founded"), today=context.today)
        except ValueError as error:
            item.refuse(Problem("founded", str(error)))
        else:
            if founded is not None:
                day, partial = founded
                if partial:
                    item.refuse(
                        Problem("founded", "Ngày thành lập chỉ có năm hoặc tháng: cần đủ ngày.")
                    )
                got["founded"] = day
        for key, label in (("code", "mã tổ chức"), ("name", "tên tổ chức")):
            if key not in got and not any(p.field == key for p in item.problems):
                item.refuse(Problem(key, f"Thiếu {label}."))
        item.payload = got if "code" in got else None
        item.keys = (RowKey.plain(f"Mã {got['code']}"),) if "code" in got else ()
        return item

    def _taken_elsewhere(self, codes: list[str]) -> set[str]:
        """Codes held by units outside the subtree: one query per batch."""
        if not codes:
            return set()
        return set(
            Organization.objects.annotate(code_upper=Upper("code"))
            .filter(code_upper__in=set(codes))
            .values_list("code_upper", flat=True)
        )

    def _compare(self, item: Checked, unit: _Unit) -> None:
        got = item.payload
        item.object_id = unit.pk
        differs = []
        if got["name"] != unit.name:
            differs.append(f"tên trong hệ thống là «{unit.name}»")
        if got.get("short_name") and got["short_name"] != unit.short_name:
            differs.append(f"tên viết tắt trong hệ thống là «{unit.short_name}»")
        if got.get("kind") and got["kind"] != unit.kind:
            differs.append(f"loại tổ chức trong hệ thống là «{OrgKind(unit.kind).label}»")
        parent = got.get("parent_code")
        if parent:
            if unit.code == self.root_code:
                if parent != self.root_parent_code:
                    differs.append("đơn vị cấp trên khác trong hệ thống")
            elif parent != unit.parent_code:
                differs.append(f"đơn vị cấp trên trong hệ thống có mã «{unit.parent_code}»")
        if got.get("founded") and got["founded"] != unit.active_from:
            differs.append(f"ngày thành lập trong hệ thống là {format_date(unit.active_from)}")
        if differs:
            item.refuse(
                Problem(
                    None,
                    f"Mã «{unit.code}» đã có ({'; '.join(differs)}): tệp nhập chỉ thêm tổ "
                    f"chức mới; {BY_EVENT}.",
                )
            )
        else:
            item.outcome = Outcome.UNCHANGED

    def _plan_new(self, item: Checked) -> None:
        got = item.payload
        code = got["code"]
        if "kind" not in got and not any(p.field == "kind" for p in item.problems):
            item.refuse(Problem("kind", "Thiếu loại tổ chức (ví dụ «Chi bộ trực thuộc»)."))
        if "founded" not in got and not any(p.field == "founded" for p in item.problems):
            item.refuse(Problem("founded", "Thiếu ngày thành lập (theo quyết định thành lập)."))
        parent = self._parent(item, got.get("parent_code") or self.root_code)
        if parent is None or item.outcome == Outcome.INVALID:
            return
        kind = got["kind"]
        if kind not in ALLOWED_CHILDREN[OrgKind(parent.kind)]:
            item.refuse(
                Problem(
                    "kind",
                    f"{OrgKind(kind).label} không thể trực thuộc "
                    f"{OrgKind(parent.kind).label.lower()} ({parent.name}).",
                )
            )
            return
        if got["founded"] < parent.active_from:
            item.refuse(
                Problem(
                    "founded",
                    f"Ngày thành lập {format_date(got['founded'])} trước ngày thành lập của "
                    f"{parent.name} ({format_date(parent.active_from)}).",
                )
            )
            return
        self.known[code] = _Unit(
            code=code,
            name=got["name"],
            short_name=got.get("short_name", ""),
            kind=kind,
            parent_code=parent.code,
            active_from=got["founded"],
        )
        item.payload = _Plan(
            parent_code=parent.code,
            code=code,
            kind=kind,
            name=got["name"],
            short_name=got.get("short_name", ""),
            founded=got["founded"],
        )
        item.after = {"code": code, "name": got["name"]}

    def _parent(self, item: Checked, code: str) -> _Unit | None:
        parent = self.known.get(code)
        if parent is None:
            row = self.invalid_codes.get(code)
            reason = (
                f"Đơn vị cấp trên mã «{code}» ở dòng {row} có lỗi."
                if row is not None
                else f"Không có đơn vị mã «{code}» trong {self.root.name}: đơn vị cấp trên "
                "phải là đơn vị đang nhập hoặc đơn vị trực thuộc, hoặc một dòng mới ở phía trên "
                "trong tệp."
            )
            item.refuse(Problem("parent_code", reason))
            return None
        if parent.active_to is not None:
            item.refuse(
                Problem(
                    "parent_code",
                    f"{parent.name} đã chấm dứt hoạt động từ {format_date(parent.active_to)}.",
                )
            )
            return None
        return parent

    # --- writing --------------------------------------------------------------------------

    def write(self, rows: Sequence[Checked], context: Context, source: dict[str, Any]) -> Written:
        """One unit at a time through the tree's own service: a province has a few thousand,
        and each needs its place in the tree (materialized path) below its parent."""
        written = Written()
        note = f"Nhập từ tệp {source.get('file', '')}".strip()
        for item in rows:
            if item.outcome != Outcome.NEW:
                continue
            plan: _Plan = item.payload
            parent = self.created.get(plan.parent_code)
            if parent is None:
                known = self.known[plan.parent_code]
                parent = Organization.objects.get(pk=known.pk)
            try:
                unit = create_organization(
                    actor=context.actor,
                    parent=parent,
                    kind=plan.kind,
                    name=plan.name,
                    code=plan.code,
                    short_name=plan.short_name,
                    decision=Decision(effective_on=plan.founded, note=note),
                )
            except ValidationError as error:
                # The tree changed since the check (a code taken, a parent dissolved): the
                # whole write is rolled back and the reason shown.
                raise ImportRefused(
                    f"Dòng {item.row.number}: {' '.join(error.messages)} Chưa ghi dòng nào."
                ) from None
            self.created[plan.code] = unit
            self.known[plan.code].pk = unit.pk
            written.created.append((item.row.number, unit.pk, item.after))
        return written

    def revert(
        self,
        created: QuerySet[Any],
        updated: Sequence[tuple[int, dict[str, Any], dict[str, Any]]],
        context: Context,
        source: dict[str, Any],
    ) -> None:
        raise ValidationError(NO_REVERT)


ORGANIZATIONS = register(OrganizationSpec())
