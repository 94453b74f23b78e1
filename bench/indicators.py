"""Indicators (issue #9): the refresh, the dashboard and one member-based indicator, on a
province (≈ 3,000 organisations, ≈ 150,000 members, a term of activity).

For each database (a fresh SQLite file and PostgreSQL database, as bench/evaluations.py builds
them: migrate, `seed_demo --size province`; or an already seeded database given with
`--database-url`, which is migrated but not seeded again), a child process measures:

(a) a full refresh of every active indicator for every period of the term
    (`dangbo.indicators.compute.refresh`): the time, the values written; then each indicator
    refreshed alone, so that the table names the slowest;
(b) the dashboard (`dashboard:page`, `/tong-quan/?to_chuc=<id>`) of the province and of a
    commune, through django.test.Client logged in as `vanphong` (the office at the root):
    warm-up, the SQL queries of one request, then p50/p95 of `--requests` GETs each;
(c) `members_on_roll` for the current year, every organisation at every level:
    - the engine, `compute.compute_values` (one GROUP BY, rolled up by path prefix);
    - the lower bound, one hand-written SQL statement that groups the members by unit and
      rolls the counts up to every prefix of the path in the same statement (`rollup_sql`);
    - a naive ORM loop: every member on the roll as a model instance, its ancestors walked in
      Python;
    the three must give the same counts; the table shows the ratios.

Prints a markdown table and writes bench/results/indicators-<timestamp>.json.
Aims (issue #9): (a) < 30 s; (b) p95 < 300 ms; (c) engine within 2× of the hand-written SQL.
Timings are never asserted in tests (DESIGN rule 7).
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from loadtest import (
    PY,
    ROOT,
    base_env,
    django_setup,
    log,
    manage,
    on_each_database,
    run,
    time_gets,
)

RESULTS = ROOT / "bench" / "results"
MEDIA_FOLDER = "indicators-media"
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
BENCH_USER = "vanphong"
DASHBOARD_URL_NAME = "dashboard:page"
INDICATOR = "members_on_roll"
ROLLUP_RUNS = 3
AIM_REFRESH_S = 30.0
AIM_DASHBOARD_P95_MS = 300.0
AIM_ENGINE_OVER_SQL = 2.0


# --- (c) one indicator three ways ------------------------------------------------------------


def rollup_sql() -> tuple[str, list[Any]]:
    """The lower bound: members on the roll counted per unit, then added to every prefix of
    the unit's path, in one statement (the same text on SQLite and PostgreSQL)."""
    from dangbo.members.models import ON_ROLL, Member
    from dangbo.orgs.models import Organization

    members, orgs = Member._meta.db_table, Organization._meta.db_table
    step = Organization.steplen
    placeholders = ", ".join(["%s"] * len(ON_ROLL))
    sql = f"""
        WITH RECURSIVE depths(k) AS (
            SELECT 1 UNION ALL
            SELECT k + 1 FROM depths WHERE k < (SELECT MAX(depth) FROM {orgs})
        ),
        per_unit AS (
            SELECT organization_id AS unit_id, COUNT(*) AS n FROM {members}
            WHERE status IN ({placeholders}) GROUP BY organization_id
        )
        SELECT a.id, SUM(p.n)
        FROM per_unit p
        JOIN {orgs} u ON u.id = p.unit_id
        JOIN depths d ON d.k <= u.depth
        JOIN {orgs} a ON a.path = SUBSTR(u.path, 1, {step} * d.k)
        GROUP BY a.id
    """  # noqa: S608 (table names from the models, values as parameters)
    return sql, [str(status) for status in ON_ROLL]


def counts_by_sql() -> dict[int, int]:
    from django.db import connection

    sql, params = rollup_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {int(pk): int(n) for pk, n in cursor.fetchall()}


def counts_by_engine(indicator: Any, period: Any) -> dict[int, int]:
    from dangbo.indicators.compute import compute_values

    return {pk: int(num) for pk, (num, _) in compute_values(indicator, period).items() if num}


def counts_by_naive_loop() -> dict[int, int]:
    """What a first version would write: every member as a model instance, its ancestors
    walked up the path in Python."""
    from dangbo.members.models import ON_ROLL, Member
    from dangbo.orgs.models import Organization

    orgs = {o.pk: o for o in Organization.objects.all()}
    by_path = {o.path: o for o in orgs.values()}
    step = Organization.steplen
    totals: Counter[int] = Counter()
    for member in Member.objects.filter(status__in=ON_ROLL).iterator(chunk_size=2000):
        node = orgs.get(member.organization_id)
        while node is not None:
            totals[node.pk] += 1
            node = by_path.get(node.path[:-step]) if node.depth > 1 else None
    return dict(totals)


def timed(function: Any, runs: int) -> tuple[dict[str, Any], Any]:
    seconds, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        seconds.append(time.perf_counter() - started)
    return {
        "n": runs,
        "median_s": round(statistics.median(seconds), 3),
        "max_s": round(max(seconds), 3),
    }, result


def measure_rollup() -> dict[str, Any]:
    from dangbo.core.clock import today
    from dangbo.indicators.models import Indicator
    from dangbo.indicators.periods import PeriodKind, period_of

    indicator = Indicator.objects.get(code=INDICATOR)
    period = period_of(PeriodKind.YEAR, today())
    counts_by_sql()  # warm the caches the same way for the three
    engine, by_engine = timed(lambda: counts_by_engine(indicator, period), ROLLUP_RUNS)
    sql, by_sql = timed(counts_by_sql, ROLLUP_RUNS)
    naive, by_naive = timed(counts_by_naive_loop, 1)
    return {
        "indicator": INDICATOR,
        "period": period.key,
        "units_with_members": len(by_sql),
        "members": max(by_sql.values(), default=0),
        "engine": engine,
        "sql": sql,
        "naive": naive,
        "same_counts": by_engine == by_sql == by_naive,
        "engine_over_sql": round(engine["median_s"] / max(sql["median_s"], 1e-6), 2),
        "naive_over_engine": round(naive["median_s"] / max(engine["median_s"], 1e-6), 1),
    }


# --- (a) the refresh and (b) the dashboard ---------------------------------------------------


def measure_refresh() -> dict[str, Any]:
    """One full `refresh()` (the aim: indicators that read the same definition share its
    count), then every active indicator refreshed alone (`refresh(indicators=[one])`), so the
    table can say which ones cost the time."""
    from dangbo.indicators.compute import refresh
    from dangbo.indicators.models import Indicator

    started = time.perf_counter()
    whole = refresh()
    seconds = round(time.perf_counter() - started, 2)
    per_indicator: list[dict[str, Any]] = []
    for indicator in Indicator.objects.filter(active=True).order_by("position", "code"):
        started = time.perf_counter()
        done = refresh(indicators=[indicator])
        per_indicator.append(
            {
                "code": indicator.code,
                "seconds": round(time.perf_counter() - started, 2),
                "values": done.values,
            }
        )
    return {
        "seconds": seconds,
        "indicators": whole.indicators,
        "values": whole.values,
        "each_alone_seconds": round(sum(i["seconds"] for i in per_indicator), 2),
        "per_indicator": per_indicator,
    }


def _commune() -> Any:
    """The first commune or ward committee under the province (as bench/run.py picks it)."""
    from dangbo.orgs.models import Organization

    return (
        Organization.objects.filter(depth=2, code__regex=r"^CM\.[PX]\d{3}$")
        .order_by("code")
        .first()
        or Organization.objects.filter(depth=2).order_by("path").first()
    )


def measure_dashboard(requests: int) -> dict[str, Any]:
    from django.conf import settings
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from dangbo.accounts.models import User
    from dangbo.orgs.models import Organization

    url = reverse(DASHBOARD_URL_NAME)
    client = Client()
    client.force_login(User.objects.get(username=BENCH_USER))
    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}
    pages = {"province": Organization.objects.get(depth=1), "commune": _commune()}
    result: dict[str, Any] = {}
    with override_settings(STORAGES=plain):
        for name, unit in pages.items():
            address = f"{url}?to_chuc={unit.pk}"
            status = client.get(address).status_code
            if status != 200:
                return {"skipped": f"{address} answered {status}"}
            result[name] = {"unit": unit.name, **time_gets(client, address, requests, warmup=2)}
    return result


def child_main(requests: int) -> None:
    django_setup()
    from django.db import connection

    from dangbo.members.models import Member
    from dangbo.orgs.models import Organization

    result: dict[str, Any] = {
        "vendor": connection.vendor,
        "organizations": Organization.objects.count(),
        "members": Member.objects.count(),
    }
    log("(a) refresh of every indicator…")
    result["refresh"] = measure_refresh()
    log("(c) members_on_roll: engine, hand-written SQL, naive loop…")
    result["rollup"] = measure_rollup()
    log("(b) dashboard…")
    result["dashboard"] = measure_dashboard(requests)
    print(json.dumps(result, ensure_ascii=False))


# --- the parent ------------------------------------------------------------------------------


def run_one(
    label: str, url: str, env: dict[str, str], args: argparse.Namespace, seed: bool
) -> dict[str, Any]:
    env = {**env, "DATABASE_URL": url}
    log(f"[{label}] migrate…")
    manage(env, "migrate", "--noinput", "-v", "0")
    seed_s = None
    if seed:
        command = ["seed_demo", "--size", "province", "--no-input"]
        if args.communes:
            command += ["--communes", str(args.communes)]
        log(f"[{label}] {' '.join(command)}…")
        started = time.perf_counter()
        manage(env, *command)
        seed_s = round(time.perf_counter() - started, 1)
    log(f"[{label}] measuring…")
    cmd = [PY, str(Path(__file__)), "--child", "--requests", str(args.requests)]
    output = run(cmd, env, timeout=3600).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    result["seed_s"] = seed_s
    return result


def _mark(ok: bool) -> str:
    return "✅" if ok else "❌"


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| DB | measure | time | detail | aim |",
        "|---|---|---:|---|---|",
    ]
    for label, r in results.items():
        size = f"{r['organizations']:,} units, {r['members']:,} members"
        a = r["refresh"]
        lines.append(
            f"| {label} | (a) refresh, every indicator × period of the term | {a['seconds']} s "
            f"| {a['indicators']} indicators, {a['values']:,} values; {size} "
            f"| < {AIM_REFRESH_S:g} s {_mark(a['seconds'] < AIM_REFRESH_S)} |"
        )
        slowest = sorted(a["per_indicator"], key=lambda i: -i["seconds"])[:4]
        lines.append(
            f"| {label} | (a) each indicator alone: {a['each_alone_seconds']} s; the slowest | | "
            + ", ".join(f"{i['code']} {i['seconds']} s" for i in slowest)
            + " | |"
        )
        board = r["dashboard"]
        if "skipped" in board:
            lines.append(f"| {label} | (b) dashboard | – | skipped: {board['skipped']} | |")
        for name in ("province", "commune"):
            if name in board:
                d = board[name]
                lines.append(
                    f"| {label} | (b) dashboard of the {name} ({d['unit']}) | p50 {d['p50_ms']} "
                    f"/ p95 {d['p95_ms']} ms | {d['queries']} SQL, n = {d['n']} "
                    f"| p95 < {AIM_DASHBOARD_P95_MS:g} ms "
                    f"{_mark(d['p95_ms'] < AIM_DASHBOARD_P95_MS)} |"
                )
        c = r["rollup"]
        same = "same counts" if c["same_counts"] else "COUNTS DIFFER"
        lines += [
            f"| {label} | (c) {c['indicator']} {c['period']}, engine (compute_values) "
            f"| {c['engine']['median_s'] * 1000:.0f} ms | {c['units_with_members']:,} units; "
            f"{c['engine_over_sql']} × the SQL | ≤ {AIM_ENGINE_OVER_SQL:g} × "
            f"{_mark(c['engine_over_sql'] <= AIM_ENGINE_OVER_SQL)} |",
            f"| {label} | (c) hand-written single SQL (lower bound) "
            f"| {c['sql']['median_s'] * 1000:.0f} ms | {same} | |",
            f"| {label} | (c) naive ORM loop | {c['naive']['median_s'] * 1000:.0f} ms "
            f"| {c['naive_over_engine']} × the engine | |",
        ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--database-url", help="an already seeded database: migrated, not seeded, measured"
    )
    parser.add_argument("--requests", type=int, default=50, help="GETs per dashboard (50)")
    parser.add_argument("--communes", type=int, default=None, help="a smaller province, to try")
    parser.add_argument("--keep", action="store_true", help="keep the databases to explore")
    args = parser.parse_args()
    if args.child:
        child_main(args.requests)
        return 0
    env = base_env(secrets.token_urlsafe(48), MEDIA_FOLDER)
    if args.database_url:
        label = "postgresql" if args.database_url.startswith("postgres") else "sqlite"
        results = {label: run_one(label, args.database_url, env, args, seed=False)}
    else:
        results = on_each_database(
            "indicators",
            lambda label, url: run_one(label, url, env, args, seed=True),
            only=args.only,
            keep=args.keep,
        )
    text = table(results)
    print(text)
    ok = all(
        r["refresh"]["seconds"] < AIM_REFRESH_S
        and r["rollup"]["same_counts"]
        and all(
            d["p95_ms"] < AIM_DASHBOARD_P95_MS
            for d in r["dashboard"].values()
            if isinstance(d, dict)
        )
        for r in results.values()
    )
    out = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "communes": args.communes or "province",
        "requests": args.requests,
        "aims": {
            "refresh_s": AIM_REFRESH_S,
            "dashboard_p95_ms": AIM_DASHBOARD_P95_MS,
            "engine_over_sql": AIM_ENGINE_OVER_SQL,
        },
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "results": results,
        "table": text,
        "ok": ok,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"indicators-{stamp}.json").write_text(
        json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
