"""Numeric targets (chỉ tiêu) from Vietnamese Party texts, following TARGETS_GUIDE.md.

Pure Python (standard library only), deterministic and offline, so it runs anywhere: in a
request, a task, a management command or a notebook. `extract_targets(text)` returns the
targets in text order; each carries the guide's fields and the span (offsets in the original
text) of the sentence or list item it came from, for a review screen to highlight.
"""

from __future__ import annotations

from .model import ExtractedTarget, extract_targets

__all__ = ["ExtractedTarget", "extract_targets"]
