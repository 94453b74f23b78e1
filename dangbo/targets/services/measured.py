"""Writes that make a target measured (issue #9 §3): linking it to an indicator, and
cascading a higher level's target to the units below it with their shares."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max

from dangbo import access
from dangbo.access.policy import Action
from dangbo.accounts.models import User
from dangbo.core.errors import field_error
from dangbo.core.formats import format_figure
from dangbo.core.jsonable import snapshot
from dangbo.indicators.models import Indicator
from dangbo.orgs.models import Organization
from dangbo.targets.models import Target, TargetStatus
from dangbo.targets.services.common import audit, clean_number, require_issuer, unit_key
from dangbo.targets.services.targets import TARGET_FIELDS

RATES = frozenset({"%", "‰"})
CASCADE_FIELDS = (*TARGET_FIELDS, "indicator", "cascaded_from")
# What a cascaded target takes from the one it is cascaded from.
INHERITED = ("unit", "comparator", "subject", "metric", "period", "deadline", "baseline_on")


def compatible_units(target_unit: str, indicator_unit: str) -> bool:
    """Can an indicator in `indicator_unit` measure a target in `target_unit`? The same unit
    (compared folded: "%" and "phần trăm" are one), or a per-unit average of the target's
    unit ("mô hình/chi bộ" measures «mỗi chi bộ có ít nhất một mô hình»)."""
    target_key, indicator_key = unit_key(target_unit), unit_key(indicator_unit)
    if target_key == indicator_key:
        return True
    if target_key in RATES or indicator_key in RATES:
        return False
    numerator, slash, _ = indicator_key.partition("/")
    return bool(slash) and unit_key(numerator) == target_key


@transaction.atomic
def link_indicator(*, actor: User | None, target: Target, indicator: Indicator | None) -> Target:
    """Link the target to the indicator that measures it (None unlinks). The indicator must
    be active and its unit compatible with the target's (compatible_units)."""
    target = (
        Target.objects.select_for_update(of=("self",))
        .select_related("document__issuer", "indicator")
        .get(pk=target.pk)
    )
    require_issuer(actor, target.document)
    if indicator is not None:
        if not isinstance(indicator, Indicator) or indicator.pk is None:
            raise field_error("indicator", "Chỉ số không hợp lệ.")
        if not indicator.active:
            raise field_error("indicator", f"Chỉ số «{indicator.name}» đã thôi sử dụng.")
        if not compatible_units(target.unit, indicator.unit):
            raise field_error(
                "indicator",
                f"Chỉ số «{indicator.name}» tính theo đơn vị «{indicator.unit}», chỉ tiêu tính "
                f"theo «{target.unit}»: hai đơn vị không khớp nên không đo được chỉ tiêu bằng "
                "chỉ số này.",
            )
    before = {"indicator": target.indicator.code if target.indicator else None}
    target.indicator = indicator
    target.save(update_fields=["indicator"])
    after = {"indicator": indicator.code if indicator else None}
    audit(actor, "target.link_indicator", target, target.document.issuer, before, after)
    return target


def _check_unit(actor: User | None, base: Organization, unit: Any) -> Organization:
    if not isinstance(unit, Organization):
        raise field_error("shares", "Đơn vị không hợp lệ.")
    if unit.pk == base.pk or not unit.path.startswith(base.path):
        raise field_error(
            "shares",
            f"{unit.name} không phải đơn vị cấp dưới của {base.name}: chỉ giao chỉ tiêu cho "
            "đơn vị cấp dưới.",
        )
    if unit.is_dissolved:
        raise field_error("shares", f"{unit.name} đã chấm dứt hoạt động.")
    if actor is None or not access.can(actor, Action.EDIT, unit):
        raise field_error("shares", f"Bạn không có quyền giao chỉ tiêu cho {unit.name}.")
    return unit


def _check_share(target: Target, unit: Organization, value: Any) -> Decimal:
    share = clean_number("shares", value)
    if share <= 0:
        raise field_error("shares", f"Phần giao cho {unit.name} phải lớn hơn 0.")
    if unit_key(target.unit) in RATES and share > 100:
        raise field_error("shares", f"Tỷ lệ giao cho {unit.name} không được quá 100.")
    return share


@transaction.atomic
def cascade_target(
    *,
    actor: User | None,
    target: Target,
    shares: Mapping[Organization, Decimal | int | float | str],
) -> list[Target]:
    """Give each unit below the responsible unit (else the issuer) its share of the target:
    one target per unit, in the same document, responsible = the unit, value = its share, with
    the unit, comparator, indicator, period and deadline of the target, and
    `cascaded_from` = the target. Cascading again updates a unit's target instead of adding
    another; the units not named keep theirs.

    A share is the unit's own value: for a "%" target the rate the unit must reach, each at
    most 100; for a count (400 members admitted) its part of the count, and the parts of all
    units (those given before included, the dropped ones not) must not exceed the target's
    value: what is left stays with the responsible unit itself. The units must be strictly
    below it and editable by the actor.
    """
    target = (
        Target.objects.select_for_update(of=("self",))
        .select_related("document__issuer", "responsible", "indicator")
        .get(pk=target.pk)
    )
    require_issuer(actor, target.document)
    if not shares:
        raise field_error("shares", "Nhập ít nhất một đơn vị và phần được giao.")
    base = target.responsible or target.document.issuer
    given = {
        _check_unit(actor, base, unit).pk: (unit, _check_share(target, unit, value))
        for unit, value in shares.items()
    }
    existing = {
        child.responsible_id: child
        for child in Target.objects.select_for_update()
        .filter(cascaded_from=target)
        .exclude(status=TargetStatus.DROPPED)
    }
    if unit_key(target.unit) not in RATES:
        kept = sum((c.value for org_id, c in existing.items() if org_id not in given), Decimal(0))
        total = kept + sum((share for _, share in given.values()), Decimal(0))
        if total > target.value:
            raise field_error(
                "shares",
                f"Tổng phần giao cho các đơn vị ({format_figure(total)} {target.unit}) vượt "
                f"chỉ tiêu ({format_figure(target.value)} {target.unit}).",
            )
    last = Target.objects.filter(document=target.document).aggregate(m=Max("position"))["m"]
    position = 0 if last is None else last + 1
    made: list[Target] = []
    for org_id, (unit, share) in given.items():
        child = existing.get(org_id)
        before = snapshot(child, CASCADE_FIELDS) if child else {}
        if child is None:
            child = Target(document=target.document, cascaded_from=target, position=position)
            position += 1
        for name in INHERITED:
            setattr(child, name, getattr(target, name))
        child.indicator = target.indicator
        child.responsible = unit
        child.value = share
        child.label = f"{target.label or target} — {unit.name}"[:255]
        child.save()
        audit(
            actor,
            "target.cascade",
            child,
            target.document.issuer,
            before,
            snapshot(child, CASCADE_FIELDS),
        )
        made.append(child)
    return made
