"""Writes of targets (chỉ tiêu) and the values reported against them (DESIGN rule 1)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max

from dangbo.accounts.models import User
from dangbo.core.errors import field_error
from dangbo.core.jsonable import snapshot
from dangbo.documents.models import Document
from dangbo.orgs.models import Organization
from dangbo.targets.models import Comparator, Period, Target, TargetProgress, TargetStatus
from dangbo.targets.services.common import (
    audit,
    clean_decimal,
    clean_file,
    clean_number,
    clean_past_date,
    clean_span,
    clean_text,
    clean_unit_org,
    file_name,
    require_issuer,
    require_reporter,
    same_unit,
)

TARGET_FIELDS = (
    "parent",
    "position",
    "label",
    "value",
    "value_max",
    "unit",
    "comparator",
    "subject",
    "metric",
    "period",
    "baseline",
    "baseline_on",
    "deadline",
    "responsible",
    "weight",
    "status",
)
EDITABLE_FIELDS = frozenset(TARGET_FIELDS) - {"status"}
PROGRESS_FIELDS = ("period_label", "as_of", "value", "unit", "comment", "evidence_name")


def _check_parent(document: Document, parent: Target | None, target: Target | None) -> None:
    if parent is None:
        return
    if parent.document_id != document.pk:
        raise field_error("parent", "Chỉ tiêu cha phải thuộc cùng văn bản.")
    # Walk up from the parent: a target cannot sit below itself.
    seen: Target | None = parent
    while seen is not None and target is not None:
        if seen.pk == target.pk:
            raise field_error("parent", "Chỉ tiêu không thể thuộc chính nó hoặc chỉ tiêu con.")
        seen = seen.parent


def _validate(document: Document, fields: dict[str, Any], target: Target | None) -> None:
    """Check a full set of target fields (after merging changes) in one place."""
    fields["value"] = clean_decimal("value", fields["value"])
    fields["value_max"] = clean_decimal("value_max", fields.get("value_max"), required=False)
    fields["baseline"] = clean_decimal("baseline", fields.get("baseline"), required=False)
    weight = clean_decimal("weight", fields.get("weight", 1))
    if weight is None or weight <= 0 or weight >= 10000:
        raise field_error("weight", "Trọng số phải lớn hơn 0 và nhỏ hơn 10.000.")
    fields["weight"] = weight
    if fields["value_max"] is not None and fields["value_max"] < fields["value"]:
        raise field_error("value_max", "Giá trị tối đa phải không nhỏ hơn giá trị.")
    fields["unit"] = clean_text("unit", fields["unit"], max_length=64, required=True)
    if fields["comparator"] not in Comparator.values:
        raise field_error("comparator", "Phép so sánh không hợp lệ.")
    if fields.get("period") not in {"", None, *Period.values}:
        raise field_error("period", "Kỳ không hợp lệ.")
    fields["period"] = fields.get("period") or ""
    for name, length in (("label", 255), ("subject", 500), ("metric", 500)):
        fields[name] = clean_text(name, fields.get(name, ""), max_length=length)
    if not (fields["label"] or fields["subject"] or fields["metric"]):
        raise field_error("subject", "Nhập nội dung của chỉ tiêu (đối tượng hoặc nội dung đo).")
    baseline_on = fields.get("baseline_on")
    deadline = fields.get("deadline")
    if deadline is not None and baseline_on is not None and deadline < baseline_on:
        raise field_error("deadline", "Thời hạn phải sau ngày của giá trị đầu kỳ.")
    if (
        fields["baseline"] is not None
        and fields["comparator"] in (Comparator.AT_MOST, Comparator.LESS_THAN)
        and fields["baseline"] < fields["value"]
    ):
        raise field_error(
            "baseline", "Chỉ tiêu giảm: giá trị đầu kỳ phải lớn hơn hoặc bằng giá trị phải đạt."
        )
    clean_unit_org("responsible", document, fields.get("responsible"))
    _check_parent(document, fields.get("parent"), target)


@transaction.atomic
def create_target(
    *,
    actor: User | None,
    document: Document,
    value: Decimal | int | float | str,
    unit: str,
    comparator: str = ">=",
    value_max: Decimal | int | float | str | None = None,
    subject: str = "",
    metric: str = "",
    period: str = "",
    parent: Target | None = None,
    label: str = "",
    deadline: date | None = None,
    responsible: Organization | None = None,
    baseline: Decimal | int | float | str | None = None,
    weight: Decimal | int | float | str = 1,
    source_text: str = "",
    source_start: int | None = None,
    source_end: int | None = None,
    baseline_on: date | None = None,
) -> Target:
    require_issuer(actor, document)
    fields: dict[str, Any] = dict(
        value=value,
        value_max=value_max,
        unit=unit,
        comparator=comparator,
        subject=subject,
        metric=metric,
        period=period,
        parent=parent,
        label=label,
        deadline=deadline or None,
        responsible=responsible,
        baseline=baseline,
        baseline_on=baseline_on,
        weight=weight,
    )
    _validate(document, fields, None)
    start, end = clean_span(source_start, source_end)
    last = Target.objects.filter(document=document).aggregate(m=Max("position"))["m"]
    target = Target.objects.create(
        document=document,
        position=0 if last is None else last + 1,
        source_text=clean_text("source_text", source_text, max_length=20000),
        source_start=start,
        source_end=end,
        **fields,
    )
    audit(actor, "target.create", target, document.issuer, {}, snapshot(target, TARGET_FIELDS))
    return target


@transaction.atomic
def update_target(*, actor: User | None, target: Target, **changes: Any) -> Target:
    """Change any of EDITABLE_FIELDS; the unit is fixed once values are reported in it."""
    target = (
        Target.objects.select_for_update(of=("self",))
        .select_related("document__issuer")
        .get(pk=target.pk)
    )
    require_issuer(actor, target.document)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise field_error(sorted(unknown)[0], "Trường này không sửa được.")
    before = snapshot(target, TARGET_FIELDS)
    fields = {name: getattr(target, name) for name in EDITABLE_FIELDS - {"position"}}
    fields.update({k: v for k, v in changes.items() if k != "position"})
    _validate(target.document, fields, target)
    if not same_unit(fields["unit"], target.unit) and target.progress.exists():
        raise field_error(
            "unit",
            f"Chỉ tiêu đã có kết quả báo cáo theo đơn vị «{target.unit}»; "
            "không đổi được đơn vị tính.",
        )
    if "position" in changes:
        position = changes["position"]
        if not isinstance(position, int) or position < 0:
            raise field_error("position", "Thứ tự phải là số nguyên không âm.")
        fields["position"] = position
    for name, value in fields.items():
        setattr(target, name, value)
    target.save()
    audit(
        actor,
        "target.update",
        target,
        target.document.issuer,
        before,
        snapshot(target, TARGET_FIELDS),
    )
    return target


@transaction.atomic
def set_target_status(*, actor: User | None, target: Target, status: str) -> Target:
    target = (
        Target.objects.select_for_update(of=("self",))
        .select_related("document__issuer")
        .get(pk=target.pk)
    )
    require_issuer(actor, target.document)
    if status not in TargetStatus.values:
        raise field_error("status", "Trạng thái không hợp lệ.")
    before = snapshot(target, TARGET_FIELDS)
    target.status = status
    target.save(update_fields=["status"])
    audit(
        actor,
        "target.update",
        target,
        target.document.issuer,
        before,
        snapshot(target, TARGET_FIELDS),
    )
    return target


@transaction.atomic
def report_target_progress(
    *,
    actor: User | None,
    target: Target,
    period_label: str,
    as_of: date,
    value: Decimal | int | float | str,
    unit: str,
    comment: str = "",
    evidence: UploadedFile | None = None,
) -> TargetProgress:
    """Record the value reached by `as_of`. The unit must be the target's own: a count of
    members cannot be read against a percentage."""
    target = Target.objects.select_related("document__issuer", "responsible").get(pk=target.pk)
    require_reporter(actor, target.document, target.responsible)
    label = clean_text("period_label", period_label, max_length=64, required=True)
    clean_past_date("as_of", as_of, "Ngày số liệu")
    number = clean_number("value", value)
    unit_text = clean_text("unit", unit, max_length=64, required=True)
    if not same_unit(unit_text, target.unit):
        raise field_error(
            "unit",
            f"Đơn vị «{unit_text}» khác đơn vị tính của chỉ tiêu («{target.unit}»). "
            f"Nhập kết quả theo đơn vị «{target.unit}».",
        )
    if number < 0 and target.unit.strip() in {"%", "‰"}:
        raise field_error("value", "Tỷ lệ không được âm.")
    upload = clean_file("evidence", evidence)
    row = TargetProgress(
        target=target,
        period_label=label,
        as_of=as_of,
        value=number,
        unit=target.unit,  # stored in the target's spelling, so history reads uniformly
        comment=clean_text("comment", comment, max_length=5000),
        reported_by=actor,
    )
    if upload is not None:
        row.evidence_name = file_name(upload)
        row.evidence.save(row.evidence_name, upload, save=False)
    row.save()
    audit(
        actor,
        "target.progress",
        row,
        target.responsible or target.document.issuer,
        {},
        snapshot(row, PROGRESS_FIELDS) | {"target": target.pk},
    )
    return row
