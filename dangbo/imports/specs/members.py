"""The member roll as a spreadsheet: mẫu 2-HSĐV facts one column each, the unit, and the
admission dates.

A row is matched to a record by card number, else CCCD, else name + birth date + unit
(issue #5). A new row is entered as `create_member` would enter it (members.services.bulk
makes the same checks); a known row may complete or correct the facts of the record. Status,
unit and dates change only through events, so a row that disagrees with the record on those
is refused with the page to use instead; a blank cell never erases anything.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from dangbo.core.formats import format_date
from dangbo.core.rules import RuleTable
from dangbo.core.text import fold
from dangbo.core.workdays import add_months
from dangbo.core.xlsx import CellKind
from dangbo.imports import values
from dangbo.imports.spec import (
    Checked,
    Context,
    Field,
    ImportSpec,
    Outcome,
    Problem,
    SourceRow,
    SpecSession,
    Written,
    register,
)
from dangbo.imports.specs.units import UnitIndex
from dangbo.members.models import EducationLevel, Ethnicity, Member, Religion, TheoryLevel
from dangbo.members.services.bulk import (
    enter_members,
    plan_entry,
    revert_entries,
    update_member_facts,
)

D, C = CellKind.DATE, CellKind.CODE
FIELDS = (
    Field("full_name", "Họ và tên", ("Họ tên", "Họ, tên", "Họ và tên khai sinh", "Tên đảng viên",
          "Họ và tên đảng viên", "Họ tên đảng viên"), required=True, width=28),
    Field("other_name", "Tên gọi khác", ("Bí danh",)),
    Field("birth_date", "Ngày sinh", ("Ngày, tháng, năm sinh", "Ngày tháng năm sinh",
          "Sinh ngày", "Năm sinh", "Ngày/tháng/năm sinh"), required=True, kind=D, width=12),
    Field("sex", "Giới tính", ("Phái", "Nam/Nữ", "Nam, nữ"), width=9),
    Field("sex_male", "Nam", (), import_only=True),
    Field("sex_female", "Nữ", (), import_only=True),
    Field("ethnicity", "Dân tộc", (), width=12),
    Field("religion", "Tôn giáo", (), width=12),
    Field("birth_place", "Nơi sinh", (), width=24),
    Field("hometown", "Quê quán", ("Nguyên quán",), width=24),
    Field("national_id", "Số CCCD", ("CCCD", "Số định danh cá nhân", "Số CMND/CCCD",
          "Số căn cước", "Số căn cước công dân", "Số ĐDCN", "Số CMND"), kind=C, width=15),
    Field("phone", "Điện thoại", ("Số điện thoại", "SĐT", "ĐT", "Điện thoại di động"),
          kind=C, width=13),
    Field("permanent_address", "Nơi thường trú", ("Hộ khẩu thường trú", "Địa chỉ thường trú"),
          width=28),
    Field("current_address", "Nơi ở hiện nay", ("Chỗ ở hiện nay", "Nơi ở", "Địa chỉ"), width=28),
    Field("occupation", "Nghề nghiệp", ("Nghề nghiệp hiện nay",), width=18),
    Field("general_education", "Giáo dục phổ thông", ("Trình độ văn hóa", "Văn hóa", "GDPT",
          "Trình độ giáo dục phổ thông"), width=10),
    Field("education_level", "Trình độ chuyên môn", ("Trình độ CM", "Chuyên môn",
          "Trình độ chuyên môn nghiệp vụ"), width=14),
    Field("specialty", "Chuyên ngành", ("Chuyên môn nghiệp vụ", "Ngành đào tạo",
          "Chuyên ngành đào tạo"), width=20),
    Field("academic_title", "Học hàm, học vị", ("Học vị", "Học hàm"), width=12),
    Field("theory_level", "Lý luận chính trị", ("LLCT", "Trình độ LLCT", "Lý luận",
          "Trình độ lý luận chính trị"), width=12),
    Field("foreign_language", "Ngoại ngữ", ("Trình độ ngoại ngữ",), width=12),
    Field("it_skill", "Tin học", ("Trình độ tin học",), width=12),
    Field("unit", "Chi bộ", ("Tên chi bộ", "Chi bộ sinh hoạt", "Chi bộ đang sinh hoạt", "Đơn vị",
          "Chi bộ trực thuộc", "Tổ chức đảng"), width=30),
    Field("unit_code", "Mã chi bộ", ("Mã đơn vị", "Mã tổ chức"), kind=C, width=12),
    Field("decision_date", "Ngày quyết định kết nạp", ("Ngày QĐ kết nạp",
          "Ngày ký quyết định kết nạp"), kind=D, width=13),
    Field("admitted_on", "Ngày vào Đảng", ("Vào Đảng", "Ngày kết nạp", "Ngày kết nạp Đảng",
          "Ngày vào đảng"), required=True, kind=D, width=13),
    Field("official_on", "Ngày chính thức", ("Chính thức", "Ngày công nhận chính thức",
          "Ngày chuyển chính thức"), kind=D, width=13),
    Field("admitted_at", "Nơi vào Đảng", ("Nơi kết nạp",), width=24),
    Field("card_number", "Số thẻ đảng viên", ("Số thẻ ĐV", "Số thẻ", "Số thẻ Đảng",
          "Số thẻ đảng"), kind=C, width=14),
    Field("dossier_number", "Số lý lịch", ("Số LL", "Số lý lịch đảng viên"), kind=C, width=14),
    Field("party_position", "Chức vụ Đảng", ("Chức vụ đảng", "Chức vụ"), width=20),
    Field("government_position", "Chức vụ chính quyền", (), width=20),
    Field("mass_org_position", "Chức vụ đoàn thể", (), width=20),
    Field("sponsor_1_name", "Người giới thiệu thứ nhất", ("Người giới thiệu 1",), width=22),
    Field("sponsor_2_name", "Người giới thiệu thứ hai", ("Người giới thiệu 2",), width=22),
    Field("status", "Trạng thái", (), export_only=True, width=14),
)  # fmt: skip

# Plain text facts, copied as typed.
TEXT_FACTS = (
    "other_name", "birth_place", "hometown", "permanent_address", "current_address",
    "occupation", "general_education", "specialty", "academic_title", "foreign_language",
    "it_skill", "admitted_at", "dossier_number", "party_position", "government_position",
    "mass_org_position", "sponsor_1_name", "sponsor_2_name",
)  # fmt: skip
THEORY_SPELLINGS: dict[str, tuple[str, ...]] = {
    TheoryLevel.NONE: ("Chưa qua đào tạo", "Không", "Chưa", "Chưa học"),
    TheoryLevel.ELEMENTARY: ("Sơ cấp", "SC"),
    TheoryLevel.INTERMEDIATE: ("Trung cấp", "TC"),
    TheoryLevel.ADVANCED: ("Cao cấp", "CC"),
    TheoryLevel.BACHELOR: ("Cử nhân", "CN", "Cử nhân chính trị"),
}
EDUCATION_SPELLINGS: dict[str, tuple[str, ...]] = {
    EducationLevel.NONE: ("Chưa qua đào tạo", "Không"),
    EducationLevel.ELEMENTARY: ("Sơ cấp",),
    EducationLevel.INTERMEDIATE: ("Trung cấp",),
    EducationLevel.COLLEGE: ("Cao đẳng", "CĐ"),
    EducationLevel.BACHELOR: ("Đại học", "ĐH", "Cử nhân", "Kỹ sư", "Bác sĩ"),
    EducationLevel.MASTER: ("Thạc sĩ", "ThS", "Thạc sỹ"),
    EducationLevel.DOCTOR: ("Tiến sĩ", "TS", "Tiến sỹ"),
}
CARD_DIGITS = 8
PHONE_DIGITS = 10
NATIONAL_ID_DIGITS = 12
# Compared with the record to classify a known row (attnames).
COMPARED = (
    "full_name", "birth_date", "birth_year_only", "sex", "ethnicity_id", "religion_id",
    "national_id", "phone", "theory_level", "education_level", "card_number", *TEXT_FACTS,
)  # fmt: skip
EVENT_DATES = ("decision_date", "admitted_on", "official_on")


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
        self.theory = values.Lookup.from_choices(THEORY_SPELLINGS, "Lý luận chính trị")
        self.education = values.Lookup.from_choices(EDUCATION_SPELLINGS, "Trình độ chuyên môn")
        probation = RuleTable("probation_months")
        self.probation_end: Callable[[date], date] = lambda day: add_months(
            day, int(probation.value(day))
        )
        self.admission_ages = RuleTable("admission_age")

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
        cells = row.values

        def take(key: str, parse: Callable[[Any], Any]) -> None:
            raw = cells.get(key)
            if raw is None or raw == "":
                return
            try:
                value = parse(raw)
            except ValueError as error:
                item.refuse(Problem(key, str(error)))
                return
            if value is not None and value != "":
                got[key] = value

        take("full_name", values.text)
        for key in TEXT_FACTS:
            take(key, values.text)
        for key in ("birth_date", *EVENT_DATES):
            take(key, lambda raw: values.day(raw, today=context.today))
        take("sex", values.sex)
        take("sex_male", values.mark)
        take("sex_female", values.mark)
        take("ethnicity", self.ethnicities.get)
        take("religion", self.religions.get)
        take("theory_level", self.theory.get)
        take("education_level", self.education.get)
        take(
            "national_id",
            lambda raw: values.code(
                raw, digits=NATIONAL_ID_DIGITS, pattern=r"\d{12}", label="Số CCCD"
            ),
        )
        take("card_number", lambda raw: values.code(raw, digits=CARD_DIGITS, label="Số thẻ"))
        take("phone", _phone)
        self._sex_from_marks(item, got)
        self._unit(item, got, context)
        for key in ("full_name", "birth_date", "admitted_on"):
            if key not in got and not any(p.field == key for p in item.problems):
                item.refuse(Problem(key, f"Thiếu {_label(key).lower()}."))
        for key in ("birth_date", *EVENT_DATES):
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
            keys.append(f"Số thẻ {got['card_number']}")
        if "national_id" in got:
            keys.append(f"Số CCCD {got['national_id']}")
        if not keys and "full_name" in got and "birth_date" in got:
            keys.append(
                f"{got['full_name']}, sinh {format_date(got['birth_date'])}, "
                f"{got.get('unit_name', '')}"
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
        try:
            unit = self.units.find(
                code=values.text(code), name=values.text(name), sheet=context.sheet_name
            )
        except ValueError as error:
            item.refuse(Problem("unit_code" if code else "unit", str(error)))
            return
        got["organization_id"] = unit.id
        got["unit_name"] = unit.name

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


_RECORD_KEYS = {
    "full_name", "birth_date", "birth_year_only", "sex", "ethnicity", "religion",
    "national_id", "phone", "theory_level", "education_level", *TEXT_FACTS,
}  # fmt: skip
_FIELD_KEYS = {f.key for f in FIELDS}
_LABELS = {f.key: f.label for f in FIELDS}
_MEMBER_VALUES = (
    "id", "full_name", "organization_id", "organization__name", "organization__path", *COMPARED,
    *EVENT_DATES,
)  # fmt: skip


def _catalog(model: type[Ethnicity] | type[Religion], label: str) -> values.Lookup[int]:
    """A catalog's rows with their other spellings ("Khmer" for Khơ-me; comma-separated)."""
    rows = model.objects.values_list("id", "name", "variants")
    return values.Lookup(
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
    """The records a batch of rows may refer to, read in one query (by card number, CCCD, or
    folded name), never one per row. Records outside the unit being imported into are only
    ever reported as "taken": the user must not learn who holds them."""

    def __init__(self, items: Any, root_path: str) -> None:
        rows = [item.payload for item in items]
        cards = {r["card_number"] for r in rows if "card_number" in r}
        ids = {r["national_id"] for r in rows if "national_id" in r}
        named = [r for r in rows if "full_name" in r and "birth_date" in r]
        # Member.name_folded folds the other name in too ("Nguyễn Văn A Bảy"): a record
        # with one is found by what the row says of both.
        names = {fold(r["full_name"]) for r in named} | {
            fold(f"{r['full_name']} {r['other_name']}")[:128] for r in named if r.get("other_name")
        }
        query = Q(card_number__in=cards) | Q(national_id__in=ids) | Q(name_folded__in=names)
        found = list(Member.objects.filter(query).values(*_MEMBER_VALUES)) if rows else []
        self.root_path = root_path
        self.by_card = {m["card_number"]: m for m in found if m["card_number"]}
        self.by_id = {m["national_id"]: m for m in found if m["national_id"]}
        self.by_name: dict[tuple[str, date, int], dict[str, Any]] = {}
        for m in found:
            self.by_name[(fold(m["full_name"]), m["birth_date"], m["organization_id"])] = m

    def find(self, got: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
        """(the record this row is, None) by card number, else CCCD, else name, birth date
        and unit; (None, key) when the card or CCCD is held by a record out of reach."""
        for key, index in (("card_number", self.by_card), ("national_id", self.by_id)):
            member = index.get(got[key]) if key in got else None
            if member is not None:
                if not member["organization__path"].startswith(self.root_path):
                    return None, key
                return member, None
        name_key = (fold(got["full_name"]), got["birth_date"], got["organization_id"])
        return self.by_name.get(name_key), None


MEMBERS = register(MemberSpec())
