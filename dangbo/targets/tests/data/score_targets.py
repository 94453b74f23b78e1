#!/usr/bin/env python3
"""Score extracted targets (chỉ tiêu) against a gold JSONL file.

Usage: score_targets.py GOLD.jsonl PRED.jsonl [-v]

GOLD lines: {"id", "text", "targets": [{value, value_max, unit, comparator,
             subject, metric, period, parent}]}
PRED lines: {"id", "targets": [...same fields...]}

A predicted target "core-matches" a gold one when value, value_max, the unit's
kind ("%" or a counted noun) and comparator agree. It "fully matches" when in
addition period agrees, parent points at the gold target's parent, and the
subject and metric spans overlap the gold spans (token F1 >= 0.5 each).
Prints precision / recall / F1 for both levels and the false positives on
passages whose gold list is empty. The last line is the full-match F1.
"""

import json
import re
import sys
import unicodedata


def tokens(text):
    text = unicodedata.normalize("NFC", (text or "").lower())
    return re.findall(r"\w+", text)


def token_f1(a, b):
    ta, tb = tokens(a), tokens(b)
    if not ta and not tb:
        return 1.0
    if not ta or not tb:
        return 0.0
    common = 0
    pool = list(tb)
    for t in ta:
        if t in pool:
            pool.remove(t)
            common += 1
    if common == 0:
        return 0.0
    p, r = common / len(ta), common / len(tb)
    return 2 * p * r / (p + r)


def num(x):
    if x is None:
        return None
    try:
        return round(float(x), 6)
    except (TypeError, ValueError):
        return "bad"


def unit_kind(u):
    u = (u or "").strip().lower()
    return "%" if u in ("%", "phần trăm") else "count"


def core(p, g):
    return (
        num(p.get("value")) == num(g.get("value"))
        and num(p.get("value_max")) == num(g.get("value_max"))
        and unit_kind(p.get("unit")) == unit_kind(g.get("unit"))
        and p.get("comparator") == g.get("comparator")
    )


def full(p, g, mapping, pi, gi):
    if not core(p, g) or p.get("period") != g.get("period"):
        return False
    gp, pp = g.get("parent"), p.get("parent")
    if (gp is None) != (pp is None):
        return False
    if gp is not None and mapping.get(pp) != gp:
        return False
    return (
        token_f1(p.get("subject"), g.get("subject")) >= 0.5
        and token_f1(p.get("metric"), g.get("metric")) >= 0.5
    )


def match(preds, golds):
    """Greedy one-to-one core matching, in order; returns pred index -> gold index."""
    mapping, used = {}, set()
    for pi, p in enumerate(preds):
        for gi, g in enumerate(golds):
            if gi not in used and core(p, g):
                mapping[pi] = gi
                used.add(gi)
                break
    return mapping


def main(argv):
    if len(argv) < 3:
        print(__doc__)
        return 2
    verbose = "-v" in argv
    gold = {}
    with open(argv[1], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                gold[row["id"]] = row
    pred = {}
    with open(argv[2], encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                pred[row["id"]] = row.get("targets") or []
    n_gold = n_pred = core_hits = full_hits = neg_fp = missing = 0
    for gid, row in gold.items():
        golds = row.get("targets") or []
        if gid not in pred:
            missing += 1
        preds = pred.get(gid, [])
        n_gold += len(golds)
        n_pred += len(preds)
        if not golds:
            neg_fp += len(preds)
        mapping = match(preds, golds)
        core_hits += len(mapping)
        hits = [pi for pi, gi in mapping.items() if full(preds[pi], golds[gi], mapping, pi, gi)]
        full_hits += len(hits)
        if verbose:
            for gi, g in enumerate(golds):
                pi = next((k for k, v in mapping.items() if v == gi), None)
                state = "MISS" if pi is None else ("full" if pi in hits else "core")
                print(
                    f"{gid} gold[{gi}] {state}: {g.get('value')} {g.get('unit')} {g.get('comparator')} | {g.get('subject')} | {g.get('metric')}"
                )
            for pi, p in enumerate(preds):
                if pi not in mapping:
                    print(
                        f"{gid} EXTRA pred[{pi}]: {p.get('value')} {p.get('unit')} {p.get('comparator')} | {p.get('subject')} | {p.get('metric')}"
                    )

    def prf(h):
        p = h / n_pred if n_pred else 0.0
        r = h / n_gold if n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    cp, cr, cf = prf(core_hits)
    fp_, fr, ff = prf(full_hits)
    print(
        f"passages {len(gold)} (no prediction for {missing}); gold targets {n_gold}; predicted {n_pred}"
    )
    print(f"core  P={cp:.3f} R={cr:.3f} F1={cf:.3f}")
    print(f"full  P={fp_:.3f} R={fr:.3f} F1={ff:.3f}")
    print(f"false targets on passages with none: {neg_fp}")
    print(f"full-match F1 {ff:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
