"""Writes of the indicator catalog and on-demand refreshes (DESIGN rule 1): validate, write,
audit, in one transaction; a refused call raises ValidationError keyed by field, in Vietnamese,
and changes nothing. Who may call them is checked at the web edge (Action.EDIT at the unit
that adds the indicator, or at a unit whose values are refreshed)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangbo.audit.services import record
from dangbo.indicators.compute import refresh
from dangbo.indicators.definition import DefinitionError, parse
from dangbo.indicators.models import Indicator, IndicatorKind, IndicatorRefresh, RefreshTrigger
from dangbo.indicators.periods import Period, PeriodKind
from dangbo.orgs.models import Organization

EDITABLE = (
    "code",
    "name",
    "description",
    "kind",
    "unit",
    "numerator",
    "numerator_label",
    "denominator",
    "denominator_label",
    "period_kinds",
    "min_value",
    "max_value",
    "higher_is_better",
    "active",
    "position",
)
_CODE = re.compile(r"^[a-z0-9_-]{2,64}$")


def _decimal(value: Any, name: str, errors: dict[str, list[str]]) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        found = Decimal(str(value))
    except InvalidOperation:
        errors.setdefault(name, []).append("Nhập một số.")
        return None
    if not found.is_finite() or abs(found) >= Decimal(10) ** 16:
        errors.setdefault(name, []).append("Số không hợp lệ.")
        return None
    return found


def _taken(code: str, current: Indicator | None) -> bool:
    others = Indicator.objects.filter(code=code)
    if current is not None:
        others = others.exclude(pk=current.pk)
    return others.exists()


def _clean(data: dict[str, Any], current: Indicator | None) -> dict[str, Any]:
    """The indicator's fields, checked together; ValidationError by field when any is wrong."""
    errors: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    unknown = set(data) - set(EDITABLE)
    if unknown:
        fail("__all__", f"Trường không sửa được: {', '.join(sorted(unknown))}.")
    cleaned = {k: v for k, v in data.items() if k in EDITABLE}
    for text in ("code", "name", "description", "unit", "numerator", "denominator"):
        if text in cleaned:
            cleaned[text] = str(cleaned[text] or "").strip()
    for text in ("numerator_label", "denominator_label"):
        if text in cleaned:
            cleaned[text] = str(cleaned[text] or "").strip()
    merged = {f: getattr(current, f) for f in EDITABLE} if current else {}
    merged.update(cleaned)
    code = merged.get("code", "")
    if not _CODE.match(code or ""):
        fail("code", "Mã chỉ gồm chữ thường không dấu, số, «_» hoặc «-», từ 2 đến 64 ký tự.")
    elif current is not None and current.organization_id is None and code != current.code:
        fail("code", "Mã của chỉ số có sẵn không đổi được: chỉ tiêu, biểu mẫu dùng mã này.")
    elif _taken(code, current):
        fail("code", f"Đã có chỉ số mã «{code}».")
    if not merged.get("name"):
        fail("name", "Nhập tên chỉ số.")
    elif len(merged["name"]) > 255:
        fail("name", "Tên chỉ số dài quá 255 ký tự.")
    if not merged.get("unit"):
        fail("unit", "Nhập đơn vị tính, ví dụ «%» hoặc «đảng viên».")
    elif len(merged["unit"]) > 32:
        fail("unit", "Đơn vị tính dài quá 32 ký tự.")
    kind = merged.get("kind")
    if kind not in IndicatorKind.values:
        fail("kind", "Chọn loại chỉ số: tính từ dữ liệu hoặc đơn vị báo cáo.")
    if kind == IndicatorKind.COMPUTED:
        if not merged.get("numerator"):
            fail("numerator", "Chỉ số tính từ dữ liệu cần định nghĩa tử số, ví dụ «members».")
        for name in ("numerator", "denominator"):
            if merged.get(name):
                try:
                    parse(merged[name])
                except DefinitionError as error:
                    fail(name, str(error))
    elif kind == IndicatorKind.REPORTED:
        for name in ("numerator", "denominator"):
            if merged.get(name):
                fail(name, "Chỉ số do đơn vị báo cáo không có định nghĩa theo dữ liệu: để trống.")
    kinds = merged.get("period_kinds") or []
    if not isinstance(kinds, list | tuple) or not kinds:
        fail("period_kinds", "Chọn ít nhất một loại kỳ tính.")
    elif any(k not in PeriodKind.values for k in kinds):
        fail("period_kinds", f"Loại kỳ phải là một trong: {', '.join(PeriodKind.values)}.")
    else:
        cleaned["period_kinds"] = [k for k in PeriodKind.values if k in kinds]
    low = _decimal(merged.get("min_value"), "min_value", errors)
    high = _decimal(merged.get("max_value"), "max_value", errors)
    if low is not None and high is not None and low > high:
        fail("max_value", "Giá trị lớn nhất phải không nhỏ hơn giá trị nhỏ nhất.")
    if "min_value" in cleaned:
        cleaned["min_value"] = low
    if "max_value" in cleaned:
        cleaned["max_value"] = high
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def create_indicator(
    *, actor: Any, organization: Organization | None = None, **fields: Any
) -> Indicator:
    """Add an indicator to the catalog; `organization` is the unit adding it (the creator's)."""
    cleaned = _clean(fields, None)
    indicator = Indicator.objects.create(organization=organization, created_by=actor, **cleaned)
    record(
        actor=actor,
        action="indicators.create",
        target=indicator,
        organization=organization,
        after={f: getattr(indicator, f) for f in EDITABLE},
    )
    return indicator


@transaction.atomic
def update_indicator(*, actor: Any, indicator: Indicator, **fields: Any) -> Indicator:
    """Change an indicator; its values are recomputed by the next refresh (the audit event
    tells the incremental refresh this indicator changed)."""
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    cleaned = _clean(fields, locked)
    before = {f: getattr(locked, f) for f in cleaned}
    for name, value in cleaned.items():
        setattr(locked, name, value)
    locked.save()
    record(
        actor=actor,
        action="indicators.update",
        target=locked,
        organization=locked.organization,
        before=before,
        after={f: getattr(locked, f) for f in cleaned},
    )
    return locked


def refresh_indicators(
    *,
    actor: Any,
    indicators: Iterable[Indicator] | None = None,
    periods: Iterable[Period] | None = None,
) -> IndicatorRefresh:
    """Recompute now, at a user's request (the "Tính lại" button), and record who asked."""
    run = refresh(
        indicators=indicators, periods=periods, trigger=RefreshTrigger.ON_DEMAND, requested_by=actor
    )
    record(
        actor=actor,
        action="indicators.refresh",
        target=run,
        after={"indicators": run.indicators, "values": run.values},
    )
    return run
