"""Issuing and changing a reporting form (issue #9 §2): a data set of reported indicators
with a period kind, the kinds of units that fill it in below the issuer, and the deadline.
Issued by a unit the actor may edit (Action.EDIT on the issuer); re-exported by
dangbo.indicators.reporting, which holds the rest of the reporting services."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from dangbo.access.policy import Action
from dangbo.access.scoping import can
from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.errors import field_error
from dangbo.indicators.models import Indicator, IndicatorKind, ReportingForm
from dangbo.indicators.periods import PeriodKind
from dangbo.orgs.models import Organization, OrgKind

# The province is never asked to report: it is the top of the tree.
REPORTING_KINDS = tuple(k for k in OrgKind.values if k != OrgKind.PROVINCE)
# Periods a form may ask for; a term-long report is a congress document, not a form.
FORM_PERIOD_KINDS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR)


def _clean_form(
    *,
    name: str,
    period_kind: str,
    org_kinds: Iterable[str],
    indicators: Iterable[Indicator],
    due_days: Any,
    remind_days: Any,
) -> tuple[str, list[str], list[Indicator], int, int]:
    errors: dict[str, list[str]] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = ["Nhập tên biểu mẫu."]
    elif len(name) > 255:
        errors["name"] = ["Tên biểu mẫu dài quá 255 ký tự."]
    if period_kind not in FORM_PERIOD_KINDS:
        errors["period_kind"] = ["Chọn kỳ báo cáo: tháng, quý, 6 tháng hoặc năm."]
    kinds = list(dict.fromkeys(org_kinds or []))
    if not kinds:
        errors["org_kinds"] = ["Chọn ít nhất một loại tổ chức phải báo cáo."]
    elif any(k not in REPORTING_KINDS for k in kinds):
        errors["org_kinds"] = ["Loại tổ chức báo cáo không hợp lệ."]
    chosen = list(dict.fromkeys(indicators or []))
    if not chosen:
        errors["indicators"] = ["Chọn ít nhất một chỉ số."]
    for indicator in chosen:
        if indicator.kind != IndicatorKind.REPORTED:
            errors.setdefault("indicators", []).append(
                f"Chỉ số «{indicator.name}» được tính từ dữ liệu, không nhập qua biểu mẫu."
            )
        elif not indicator.active:
            errors.setdefault("indicators", []).append(
                f"Chỉ số «{indicator.name}» đã ngừng sử dụng."
            )
        elif period_kind in PeriodKind.values and period_kind not in indicator.period_kinds:
            label = PeriodKind(period_kind).label.lower()
            errors.setdefault("indicators", []).append(
                f"Chỉ số «{indicator.name}» không được tính theo kỳ {label}."
            )
    days = {}
    for field, value, top in (("due_days", due_days, 365), ("remind_days", remind_days, 60)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
            errors[field] = [f"Nhập số ngày từ 0 đến {top}."]
        else:
            days[field] = value
    if errors:
        raise ValidationError(errors)
    return name, kinds, chosen, days["due_days"], days["remind_days"]


def _form_facts(form: ReportingForm) -> dict[str, Any]:
    return {
        "code": form.code,
        "name": form.name,
        "issuer": form.issuer_id,
        "period_kind": form.period_kind,
        "org_kinds": form.org_kinds,
        "indicators": sorted(i.code for i in form.indicators.all()),
        "due_days": form.due_days,
        "remind_days": form.remind_days,
        "active": form.active,
    }


def _require_issuer(actor: User | None, issuer: Organization) -> None:
    if actor is None or not can(actor, Action.EDIT, issuer):
        raise field_error("issuer", "Đồng chí không có quyền ban hành biểu mẫu của đơn vị này.")
    if issuer.is_dissolved:
        raise field_error("issuer", f"{issuer.name} đã chấm dứt hoạt động.")
    if issuer.kind in (OrgKind.CELL, OrgKind.GROUP):
        raise field_error("issuer", "Chi bộ trực thuộc, tổ đảng không ban hành biểu mẫu báo cáo.")


@transaction.atomic
def create_form(
    *,
    actor: User | None,
    issuer: Organization,
    code: str,
    name: str,
    period_kind: str,
    org_kinds: Iterable[str],
    indicators: Iterable[Indicator],
    due_days: int = 10,
    remind_days: int = 3,
) -> ReportingForm:
    _require_issuer(actor, issuer)
    code = (code or "").strip().lower()
    if (
        not code
        or len(code) > 64
        or not all(c.isascii() and (c.isalnum() or c in "-_") for c in code)
    ):
        raise field_error(
            "code", "Mã biểu chỉ gồm chữ không dấu, số, gạch ngang (tối đa 64 ký tự)."
        )
    if ReportingForm.objects.filter(code=code).exists():
        raise field_error("code", f"Đã có biểu mẫu mã «{code}».")
    name, kinds, chosen, due, remind = _clean_form(
        name=name,
        period_kind=period_kind,
        org_kinds=org_kinds,
        indicators=indicators,
        due_days=due_days,
        remind_days=remind_days,
    )
    form = ReportingForm.objects.create(
        code=code,
        name=name,
        issuer=issuer,
        period_kind=period_kind,
        org_kinds=kinds,
        due_days=due,
        remind_days=remind,
        created_by=actor,
    )
    form.indicators.set(chosen)
    record(
        actor=actor,
        action="reporting.form_create",
        target=form,
        organization=issuer,
        after=_form_facts(form),
    )
    return form


@transaction.atomic
def update_form(
    *,
    actor: User | None,
    form: ReportingForm,
    name: str,
    period_kind: str,
    org_kinds: Iterable[str],
    indicators: Iterable[Indicator],
    due_days: int,
    remind_days: int,
    active: bool = True,
) -> ReportingForm:
    """Change a form. Its period kind is fixed once a unit has reported on it (the reports
    would no longer match a period of the form)."""
    form = ReportingForm.objects.select_for_update().select_related("issuer").get(pk=form.pk)
    _require_issuer(actor, form.issuer)
    name, kinds, chosen, due, remind = _clean_form(
        name=name,
        period_kind=period_kind,
        org_kinds=org_kinds,
        indicators=indicators,
        due_days=due_days,
        remind_days=remind_days,
    )
    if period_kind != form.period_kind and form.submissions.exists():
        raise field_error(
            "period_kind", "Đã có đơn vị báo cáo theo biểu mẫu này nên không đổi được kỳ báo cáo."
        )
    before = _form_facts(form)
    form.name, form.period_kind, form.org_kinds = name, period_kind, kinds
    form.due_days, form.remind_days, form.active = due, remind, bool(active)
    form.save(
        update_fields=["name", "period_kind", "org_kinds", "due_days", "remind_days", "active"]
    )
    form.indicators.set(chosen)
    record(
        actor=actor,
        action="reporting.form_update",
        target=form,
        organization=form.issuer,
        before=before,
        after=_form_facts(form),
    )
    return form
