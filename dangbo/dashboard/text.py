"""How the dashboard writes a target and a figure, the same on the page, in the charts and in
the PDF: "≥ 95%", "1.234 đảng viên", "—" for nothing."""

from __future__ import annotations

from decimal import Decimal

from dangbo.targets import measured, progress
from dangbo.targets.models import Target


def forecast_text(value: Decimal | float | None, unit: str) -> str:
    """A projected figure; a rate projected past 100% reads as 100% (a straight line through
    a few reports overshoots what can be reached)."""
    if value is not None and unit == "%":
        value = min(float(value), 100.0)
    return measured.figure(value, unit)


def target_name(target: Target) -> str:
    """Its short label, else what it measures in words ("tổ chức đảng … hoàn thành tốt nhiệm
    vụ"), else the sentence it was read from: never the raw figure "95.0000%"."""
    words = target.label or " ".join(p for p in (target.subject, target.metric) if p)
    words = words or target.source_text or str(target)
    return words[:1].upper() + words[1:]


goal_text = progress.goal_text
