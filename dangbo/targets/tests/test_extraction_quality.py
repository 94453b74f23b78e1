"""The extractor scored by the guide's own scorer (a copy of /work/shared/tools/score_targets.py)
on the dev passages, on our own labelled set, on a blind set (targets_blind.jsonl: 66 passages
of other levels and styles, labelled before the extractor was run on them) and on a later holdout
set. Floors sit a little below the scores reached, so a regression fails. No database."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from dangbo.targets.extraction import extract_targets
from dangbo.targets.tests.data import score_targets

DATA = Path(__file__).parent / "data"


def _full_f1(name: str) -> tuple[float, float]:
    rows = [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines() if line]
    n_gold = n_pred = core_hits = full_hits = 0
    for row in rows:
        golds: list[dict[str, Any]] = row["targets"]
        preds = [t.as_dict() for t in extract_targets(row["text"])]
        n_gold += len(golds)
        n_pred += len(preds)
        mapping = score_targets.match(preds, golds)
        core_hits += len(mapping)
        full_hits += sum(
            1
            for pi, gi in mapping.items()
            if score_targets.full(preds[pi], golds[gi], mapping, pi, gi)
        )

    def f1(hits: int) -> float:
        p, r = hits / n_pred if n_pred else 0.0, hits / n_gold if n_gold else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0

    return f1(core_hits), f1(full_hits)


def test_dev_set_full_match_f1_is_at_least_095():
    core, full = _full_f1("targets_dev.jsonl")
    assert core >= 0.95
    assert full >= 0.95


def test_own_set_is_large_and_scores_high():
    rows = (DATA / "targets_own.jsonl").read_text("utf-8").splitlines()
    assert len(rows) >= 60
    core, full = _full_f1("targets_own.jsonl")
    assert core >= 0.97
    assert full >= 0.93


def test_blind_set_of_other_levels_and_styles_scores_high():
    rows = [
        json.loads(line) for line in (DATA / "targets_blind.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(rows) >= 60
    assert sum(1 for row in rows if not row["targets"]) >= 8  # passages with no target at all
    core, full = _full_f1("targets_blind.jsonl")
    assert core >= 0.97
    assert full >= 0.88


def test_holdout_set_written_after_the_work_on_the_blind_set_scores_high():
    # 24 passages labelled after the blind set had been used for development (first run:
    # core 0.977, full 0.773); kept to catch rules that only fit the blind set.
    core, full = _full_f1("targets_holdout.jsonl")
    assert core >= 0.97
    assert full >= 0.90


def test_no_false_targets_on_passages_without_any():
    names = (
        "targets_dev.jsonl",
        "targets_own.jsonl",
        "targets_blind.jsonl",
        "targets_holdout.jsonl",
    )
    for name in names:
        for line in (DATA / name).read_text("utf-8").splitlines():
            row = json.loads(line)
            if not row["targets"]:
                assert extract_targets(row["text"]) == [], row["id"]
