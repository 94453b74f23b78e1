"""Every write of the four-good app (DESIGN rule 1): validate, write, audit, in one transaction;
a refused call raises ValidationError with a Vietnamese message and changes nothing. Who may
call them is checked at the web edge: Action.EDIT on the issuer for a set, on the organization
for an assessment, on the organization's direct superior for the recognition (regulations.md
§2: recognition is by the BTV of the direct superior)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date, format_figure
from dangbo.four_good.models import (
    KINDS_FOR,
    THRESHOLDS,
    AppliesTo,
    FourGoodAssessment,
    FourGoodCriteriaSet,
    FourGoodCriterion,
    Group,
    Measure,
    applies_to_for,
)
from dangbo.four_good.queries import applicable_set, criteria_of, is_used, measure
from dangbo.orgs.models import Organization, OrgKind

ISSUER_KINDS = (OrgKind.PROVINCE, OrgKind.UPPER, OrgKind.GRASSROOTS_COMMITTEE)
USED = (
    "Bộ tiêu chí đã được dùng để đánh giá nên không sửa được các tiêu chí (để giữ nguyên kết "
    "quả đã đánh giá, công nhận). Hãy lập phiên bản mới của bộ tiêu chí (nút «Lập phiên bản "
    "mới») hoặc ban hành bộ tiêu chí mới, rồi sửa trên bản đó."
)


@dataclass(frozen=True)
class SetInput:
    name: str
    source: str
    valid_from: int
    valid_to: int | None = None
    applies_to: str = AppliesTo.CELL
    group_minimums: Mapping[int, int | None] | None = None


def _clean_minimums(values: Mapping[int, int | None] | None) -> dict[str, int]:
    cleaned: dict[str, int] = {}
    for group, value in (values or {}).items():
        if group not in Group.values:
            raise field_error("group_minimums", "Nội dung không hợp lệ.")
        if value is None:
            continue
        if not 1 <= value <= 50:
            raise field_error(
                f"min_{group}",
                f"Số tiêu chí tối thiểu phải đạt của nội dung {group} phải từ 1 đến 50 "
                "(để trống: phải đạt tất cả).",
            )
        cleaned[str(group)] = value
    return cleaned


def _check_set(data: SetInput) -> tuple[str, str, dict[str, int]]:
    name, source = data.name.strip(), data.source.strip()
    if not name:
        raise field_error("name", "Nhập tên bộ tiêu chí.")
    if len(name) > 255:
        raise field_error("name", "Tên bộ tiêu chí dài quá 255 ký tự.")
    if not source:
        raise field_error(
            "source", "Nhập văn bản ban hành (số, ngày), ví dụ: 948-QĐ/TU ngày 03/11/2023."
        )
    if len(source) > 255:
        raise field_error("source", "Văn bản ban hành dài quá 255 ký tự.")
    top = today().year + 5
    if not 2000 <= data.valid_from <= top:
        raise field_error("valid_from", f"Năm bắt đầu áp dụng phải từ 2000 đến {top}.")
    if data.valid_to is not None and not data.valid_from <= data.valid_to <= 2200:
        raise field_error("valid_to", "Năm kết thúc phải từ năm bắt đầu áp dụng trở đi.")
    if data.applies_to not in AppliesTo.values:
        raise field_error("applies_to", "Chọn áp dụng cho chi bộ hay đảng bộ cơ sở.")
    return name, source, _clean_minimums(data.group_minimums)


@transaction.atomic
def create_set(
    *, actor: User | None, organization: Organization, data: SetInput
) -> FourGoodCriteriaSet:
    if organization.kind not in ISSUER_KINDS:
        raise field_error(
            "organization",
            "Bộ tiêu chí do đảng bộ tỉnh, đảng bộ cấp trên cơ sở hoặc đảng bộ cơ sở ban hành.",
        )
    if organization.is_dissolved:
        raise field_error("organization", f"{organization.name} đã chấm dứt hoạt động.")
    name, source, minimums = _check_set(data)
    if data.applies_to == AppliesTo.COMMITTEE and organization.kind == OrgKind.GRASSROOTS_COMMITTEE:
        raise field_error(
            "applies_to", "Tiêu chí đảng bộ cơ sở bốn tốt do cấp ủy cấp trên ban hành."
        )
    criteria_set = FourGoodCriteriaSet.objects.create(
        organization=organization,
        name=name,
        source=source,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        applies_to=data.applies_to,
        group_minimums=minimums,
        created_by=actor,
    )
    record(
        actor=actor,
        action="four_good.set_create",
        target=criteria_set,
        organization=organization,
        after=_set_facts(criteria_set),
    )
    return criteria_set


def _set_facts(s: FourGoodCriteriaSet) -> dict[str, object]:
    return {
        "name": s.name,
        "source": s.source,
        "valid_from": s.valid_from,
        "valid_to": s.valid_to,
        "applies_to": s.applies_to,
        "group_minimums": s.group_minimums,
    }


@transaction.atomic
def edit_set(
    *, actor: User | None, criteria_set: FourGoodCriteriaSet, data: SetInput
) -> FourGoodCriteriaSet:
    """Name, source and years of a set. Once used, only the name, source and the end year may
    change (and the end year must still cover the years already assessed)."""
    criteria_set = FourGoodCriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
    name, source, minimums = _check_set(data)
    before = _set_facts(criteria_set)
    if is_used(criteria_set):
        if (
            data.valid_from != criteria_set.valid_from
            or data.applies_to != criteria_set.applies_to
            or minimums != (criteria_set.group_minimums or {})
        ):
            raise field_error("valid_from", USED)
        last = criteria_set.assessments.aggregate(last=Max("year"))["last"]
        if data.valid_to is not None and last is not None and data.valid_to < last:
            raise field_error(
                "valid_to",
                f"Bộ tiêu chí đã dùng để đánh giá năm {last}: năm kết thúc không được sớm hơn.",
            )
    criteria_set.name = name
    criteria_set.source = source
    criteria_set.valid_from = data.valid_from
    criteria_set.valid_to = data.valid_to
    criteria_set.applies_to = data.applies_to
    criteria_set.group_minimums = minimums
    criteria_set.save()
    record(
        actor=actor,
        action="four_good.set_edit",
        target=criteria_set,
        organization=criteria_set.organization,
        before=before,
        after=_set_facts(criteria_set),
    )
    return criteria_set


@transaction.atomic
def new_version(
    *, actor: User | None, criteria_set: FourGoodCriteriaSet, data: SetInput
) -> FourGoodCriteriaSet:
    """A copy of the set and its criteria to edit; it `replaces` the old one, which keeps the
    assessments made with it. For the years both cover, the newer version applies."""
    name, source, minimums = _check_set(data)
    new = FourGoodCriteriaSet.objects.create(
        organization=criteria_set.organization,
        name=name,
        source=source,
        valid_from=data.valid_from,
        valid_to=data.valid_to,
        applies_to=data.applies_to,
        group_minimums=minimums,
        replaces=criteria_set,
        created_by=actor,
    )
    FourGoodCriterion.objects.bulk_create(
        FourGoodCriterion(
            criteria_set=new,
            group=c.group,
            label=c.label,
            measure=c.measure,
            threshold=c.threshold,
            position=c.position,
        )
        for c in criteria_of(criteria_set)
    )
    record(
        actor=actor,
        action="four_good.set_version",
        target=new,
        organization=new.organization,
        before={"replaces": criteria_set.pk, "name": criteria_set.name},
        after=_set_facts(new),
    )
    return new


def _check_threshold(measure_kind: str, threshold: Decimal | None) -> Decimal | None:
    spec = THRESHOLDS.get(measure_kind)
    if spec is None:
        if threshold is not None:
            raise field_error("threshold", "Cách đánh giá này không dùng ngưỡng: để trống.")
        return None
    unit, low, high = spec
    if threshold is None:
        raise field_error("threshold", f"Nhập ngưỡng ({unit}), từ {low} đến {high}.")
    if not Decimal(low) <= threshold <= Decimal(high):
        raise field_error(
            "threshold",
            f"Ngưỡng phải từ {low} đến {high} {unit} (đã nhập {format_figure(threshold)}).",
        )
    if measure_kind != Measure.MEMBER_GOOD_SHARE and threshold != threshold.to_integral_value():
        raise field_error("threshold", f"Ngưỡng tính bằng số {unit}: nhập số nguyên.")
    return threshold


@transaction.atomic
def add_criterion(
    *,
    actor: User | None,
    criteria_set: FourGoodCriteriaSet,
    group: int,
    label: str,
    measure_kind: str = Measure.MANUAL,
    threshold: Decimal | None = None,
) -> FourGoodCriterion:
    if is_used(criteria_set):
        raise field_error("label", USED)
    if group not in Group.values:
        raise field_error("group", "Chọn một trong bốn nội dung.")
    if measure_kind not in Measure.values:
        raise field_error("measure", "Cách đánh giá không hợp lệ.")
    label = label.strip() or (Measure(measure_kind).label if measure_kind != Measure.MANUAL else "")
    if not label:
        raise field_error("label", "Nhập nội dung tiêu chí.")
    if len(label) > 500:
        raise field_error("label", "Nội dung tiêu chí dài quá 500 ký tự.")
    try:
        threshold = _check_threshold(measure_kind, threshold)
    except InvalidOperation:  # a NaN or infinity never reaches a comparison as a number
        raise field_error("threshold", "Ngưỡng phải là một số.") from None
    last = criteria_set.criteria.filter(group=group).aggregate(last=Max("position"))["last"]
    criterion = FourGoodCriterion.objects.create(
        criteria_set=criteria_set,
        group=group,
        label=label,
        measure=measure_kind,
        threshold=threshold,
        position=(last or 0) + 1,
    )
    record(
        actor=actor,
        action="four_good.criterion_add",
        target=criterion,
        organization=criteria_set.organization,
        after={
            "set": criteria_set.pk,
            "group": group,
            "label": label,
            "measure": measure_kind,
            "threshold": None if threshold is None else str(threshold),
        },
    )
    return criterion


@transaction.atomic
def remove_criterion(*, actor: User | None, criterion: FourGoodCriterion) -> None:
    """A criterion of a set never used is configuration still being drafted: it goes; the
    audit event keeps what it was."""
    criteria_set = criterion.criteria_set
    if is_used(criteria_set):
        raise field_error("criterion", USED)
    facts = {
        "set": criteria_set.pk,
        "group": criterion.group,
        "label": criterion.label,
        "measure": criterion.measure,
        "threshold": None if criterion.threshold is None else str(criterion.threshold),
    }
    record(
        actor=actor,
        action="four_good.criterion_remove",
        target=criterion,
        organization=criteria_set.organization,
        before=facts,
    )
    criterion.delete()


# --- Assessment and recognition -------------------------------------------------------------


@dataclass(frozen=True)
class ManualAnswer:
    passed: bool = False
    evidence: str = ""


def _check_unit(organization: Organization, year: int) -> FourGoodCriteriaSet:
    if applies_to_for(organization.kind) is None:
        raise field_error("organization", "Chỉ đánh giá «bốn tốt» cho chi bộ và đảng bộ cơ sở.")
    if not 2000 <= year <= today().year:
        raise field_error("year", f"Năm đánh giá phải từ 2000 đến {today().year}.")
    if not organization.is_active_on(date(year, 12, 31)) and not organization.is_active_on(
        date(year, 1, 1)
    ):
        raise field_error("organization", f"{organization.name} không hoạt động trong năm {year}.")
    criteria_set = applicable_set(organization, year)
    if criteria_set is None:
        kind = "đảng bộ cơ sở" if organization.kind in KINDS_FOR[AppliesTo.COMMITTEE] else "chi bộ"
        raise field_error(
            "organization",
            f"Chưa có bộ tiêu chí {kind} bốn tốt áp dụng cho {organization.name} năm {year}: "
            "cấp ủy cấp trên cần ban hành bộ tiêu chí (mục «Bộ tiêu chí») trước khi đánh giá.",
        )
    return criteria_set


def preview(
    organization: Organization, year: int, manual_answers: Mapping[int, ManualAnswer] | None = None
) -> tuple[FourGoodCriteriaSet, list[dict[str, object]], dict[str, bool], bool]:
    """What an assessment would record now: the set, one result per criterion, the groups and
    whether all four pass. Raises like `assess` when no set applies."""
    criteria_set = _check_unit(organization, year)
    return (criteria_set, *_evaluate(criteria_set, organization, year, manual_answers or {}))


def _evaluate(
    criteria_set: FourGoodCriteriaSet,
    organization: Organization,
    year: int,
    answers: Mapping[int, ManualAnswer],
) -> tuple[list[dict[str, object]], dict[str, bool], bool]:
    results: list[dict[str, object]] = []
    for c in criteria_of(criteria_set):
        measured = measure(c, organization, year)
        answer = answers.get(c.pk, ManualAnswer())
        if measured is None:
            passed, value, text = answer.passed, None, ""
        else:
            passed = measured.passed
            value = None if measured.value is None else str(measured.value)
            text = measured.text
        results.append(
            {
                "criterion": c.pk,
                "group": c.group,
                "label": c.label,
                "measure": c.measure,
                "measure_label": Measure(c.measure).label,
                "threshold": None if c.threshold is None else str(c.threshold),
                "threshold_text": _threshold_text(c),
                "value": value,
                "value_text": text,
                "passed": passed,
                "evidence": answer.evidence.strip(),
            }
        )
    groups: dict[str, bool] = {}
    for group in Group.values:
        mine = [r for r in results if r["group"] == group]
        passed_count = sum(1 for r in mine if r["passed"])
        need = criteria_set.minimum_for(group) or len(mine)
        groups[str(group)] = bool(mine) and passed_count >= min(need, len(mine))
    return results, groups, all(groups.values())


def _threshold_text(c: FourGoodCriterion) -> str:
    spec = THRESHOLDS.get(c.measure)
    if spec is None or c.threshold is None:
        return ""
    unit = spec[0] if spec[0] == "%" else f" {spec[0]}"
    return f"≥ {format_figure(c.threshold)}{unit}"


@transaction.atomic
def assess(
    *,
    actor: User | None,
    organization: Organization,
    year: int,
    manual_answers: Mapping[int, ManualAnswer],
) -> FourGoodAssessment:
    """Measure the automatic criteria, take the assessor's answers for the manual ones and save
    the snapshot. A second assessment of the same year replaces the first (kept as history);
    once recognized, the result stands."""
    criteria_set = _check_unit(organization, year)
    criteria = criteria_of(criteria_set)
    empty = [g.label for g in Group if not any(c.group == g.value for c in criteria)]
    if empty:
        raise field_error(
            "organization",
            f"Bộ tiêu chí «{criteria_set.name}» chưa có tiêu chí cho nội dung: "
            + "; ".join(empty)
            + ".",
        )
    manual_ids = {c.pk for c in criteria if c.measure == Measure.MANUAL}
    for pk, answer in manual_answers.items():
        if pk not in manual_ids:
            raise field_error("answers", "Có tiêu chí không thuộc bộ tiêu chí đang áp dụng.")
        if len(answer.evidence) > 2000:
            raise field_error(f"evidence_{pk}", "Minh chứng dài quá 2.000 ký tự.")
        if answer.passed and not answer.evidence.strip():
            label = next(c.label for c in criteria if c.pk == pk)
            raise field_error(
                f"evidence_{pk}", f"Tiêu chí «{label}» được đánh dấu đạt: ghi minh chứng, căn cứ."
            )
    old = (
        FourGoodAssessment.objects.select_for_update()
        .filter(organization=organization, year=year, current=True)
        .first()
    )
    if old is not None and old.recognized:
        raise field_error(
            "organization",
            f"{organization.name} đã được công nhận bốn tốt năm {year} theo quyết định "
            f"{old.decision_number} ngày {format_date(old.decision_date)}: không đánh giá lại.",
        )
    results, groups, eligible = _evaluate(criteria_set, organization, year, manual_answers)
    if old is not None:
        old.current = False
        old.save(update_fields=["current"])
    assessment = FourGoodAssessment.objects.create(
        organization=organization,
        year=year,
        criteria_set=criteria_set,
        set_name=criteria_set.name,
        set_source=criteria_set.source,
        results=results,
        groups=groups,
        eligible=eligible,
        assessed_by=actor,
        assessed_at=timezone.now(),
        corrects=old,
    )
    record(
        actor=actor,
        action="four_good.assess",
        target=assessment,
        organization=organization,
        before=None if old is None else {"assessment": old.pk, "eligible": old.eligible},
        after={
            "year": year,
            "set": criteria_set.name,
            "groups": groups,
            "eligible": eligible,
        },
    )
    return assessment


@transaction.atomic
def recognize(
    *,
    actor: User | None,
    assessment: FourGoodAssessment,
    decision_number: str,
    decision_date: date | None,
    note: str = "",
) -> FourGoodAssessment:
    """Record the superior committee's decision recognizing the organization as «bốn tốt».
    The recognition is a new row over the assessment, with the same snapshot."""
    old = FourGoodAssessment.objects.select_for_update().get(pk=assessment.pk)
    if not old.current:
        raise field_error("assessment", "Kết quả này đã được thay bằng kết quả mới hơn.")
    if old.recognized:
        raise field_error(
            "decision_number",
            f"Đã công nhận theo quyết định {old.decision_number} ngày "
            f"{format_date(old.decision_date)}.",
        )
    number, note = decision_number.strip(), note.strip()
    if not number:
        raise field_error("decision_number", "Nhập số quyết định công nhận.")
    if len(number) > 64:
        raise field_error("decision_number", "Số quyết định dài quá 64 ký tự.")
    if decision_date is None:
        raise field_error("decision_date", "Nhập ngày quyết định (dd/mm/yyyy).")
    if not date(old.year, 1, 1) <= decision_date <= today():
        raise field_error(
            "decision_date",
            f"Ngày quyết định phải từ 01/01/{old.year} đến hôm nay ({format_date(today())}).",
        )
    if not old.eligible and not note:
        failed = [Group(int(g)).label for g, ok in sorted(old.groups.items()) if not ok]
        raise field_error(
            "note",
            "Đơn vị chưa đạt đủ bốn nội dung (chưa đạt: "
            + "; ".join(failed)
            + "). Muốn vẫn công nhận, ghi rõ lý do, căn cứ.",
        )
    if len(note) > 2000:
        raise field_error("note", "Lý do, ghi chú dài quá 2.000 ký tự.")
    old.current = False
    old.save(update_fields=["current"])
    new = FourGoodAssessment.objects.create(
        organization=old.organization,
        year=old.year,
        criteria_set=old.criteria_set,
        set_name=old.set_name,
        set_source=old.set_source,
        results=old.results,
        groups=old.groups,
        eligible=old.eligible,
        assessed_by=old.assessed_by,
        assessed_at=old.assessed_at,
        recognized=True,
        decision_number=number,
        decision_date=decision_date,
        recognition_note=note,
        recognized_by=actor,
        recognized_at=timezone.now(),
        corrects=old,
    )
    record(
        actor=actor,
        action="four_good.recognize",
        target=new,
        organization=new.organization,
        before={"assessment": old.pk, "recognized": False},
        after={
            "recognized": True,
            "decision_number": number,
            "decision_date": format_date(decision_date),
            "eligible": old.eligible,
            "note": note,
        },
    )
    return new
