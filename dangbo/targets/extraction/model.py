"""The public result type and `extract_targets`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import context
from .extract import find
from .normalise import tidy

__all__ = ["ExtractedTarget", "extract_targets"]


@dataclass(frozen=True, slots=True)
class ExtractedTarget:
    value: float | int
    value_max: float | int | None
    unit: str | None
    comparator: str
    subject: str | None
    metric: str | None
    period: str | None  # "annual", "term" or None
    parent: int | None  # index of the target this one breaks down, in the returned list
    start: int  # span of the source sentence or list item, in the original text
    end: int

    def as_dict(self) -> dict[str, Any]:
        """The guide's fields only, ready for json.dumps (whole numbers as ints)."""
        return {
            "value": _number(self.value),
            "value_max": None if self.value_max is None else _number(self.value_max),
            "unit": self.unit,
            "comparator": self.comparator,
            "subject": self.subject,
            "metric": self.metric,
            "period": self.period,
            "parent": self.parent,
        }


def _number(x: float | int) -> float | int:
    return int(x) if float(x).is_integer() else float(x)


def extract_targets(text: str, *, written_in: int | None = None) -> list[ExtractedTarget]:
    """The numeric targets of a Vietnamese text, in text order; [] when there are none.
    `written_in`: the year the text was written (the document's date), before which a dated
    statement with no forward-looking word is a result."""
    if not text or not text.strip():
        return []
    token = context.written_in.set(written_in) if written_in is not None else None
    try:
        norm, found = find(text)
    finally:
        if token is not None:
            context.written_in.reset(token)
    original = text
    out: list[ExtractedTarget] = []

    def verbatim(span: tuple[int, int] | None) -> str | None:
        if span is None or span[1] <= span[0]:
            return None
        a, b = norm.span(*span)
        return tidy(original[a:b]) or None

    # A number with nothing counted is no commitment (page furniture such as "Views Today : 55"
    # under a document copied from a web page); the guide gives every target a unit.
    kept = [i for i, f in enumerate(found) if f.mention.unit.text]
    position = {old: new for new, old in enumerate(kept)}
    for f in (found[i] for i in kept):
        m = f.mention
        metric_parts = [p for p in (verbatim(s) for s in m.metric) if p]
        start, end = norm.span(*f.span)
        out.append(
            ExtractedTarget(
                value=_number(m.value),
                value_max=None if m.value_max is None else _number(m.value_max),
                unit=m.unit.text,
                comparator=m.comparator,
                subject=verbatim(m.subject),
                metric=" ... ".join(metric_parts) or None,
                period=m.period,
                parent=None if m.parent is None else position.get(m.parent),
                start=start,
                end=end,
            )
        )
    return out
