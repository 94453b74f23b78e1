"""Member statistics on national data (issue #4): the standard tables for the whole tree, next
to a naive ORM loop over the members that counts the same totals in Python.

Needs a PostgreSQL database already holding `seed_demo --size national` (about 322,000
organisations and 5.6 million members; the seed takes about 40 minutes here, so `make bench`
does not build it):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB .venv/bin/python \
        bench/national_statistics.py

The whole tree is the 34 provincial committees; a bench account (`bench_national`, created
through the access services the first time, audited) holds an office grant on each. The run:

1. rebuilds the counts kept per unit (`members.statistics.tallies.rebuild`, what
   `manage.py refresh_roll_tallies` does each night) and times it;
2. for each province, times `members.statistics.member_statistics` (today, the year's
   period), which reads those counts: the figure the aim is about (whole tree < 10 s);
3. the same tables counted live from the roll (`read=Read.CACHE`: one GROUP BY over each
   province's members, what every statistics call cost before the tallies);
4. a naive ORM loop over every member with `.iterator()` counting status and sex;

and checks that all three give the same totals. Prints a table and writes
bench/results/national-<timestamp>.json.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
AIM_SECONDS = 10.0
BENCH_USER = "bench_national"


def bench_user(roots: list[Any]) -> Any:
    from dangbo.access import services as access_services
    from dangbo.access.models import Grant, Role
    from dangbo.accounts.models import User

    user = User.objects.filter(username=BENCH_USER).first()
    if user is None:
        user, _ = access_services.create_user(
            actor=None, username=BENCH_USER, full_name="Đo hiệu năng toàn quốc"
        )
    held = set(Grant.objects.filter(user=user).values_list("organization_id", flat=True))
    for root in roots:
        if root.pk not in held:
            access_services.add_grant(
                actor=None,
                user=user,
                organization=root,
                role=Role.OFFICE,
                valid_from=date(2020, 1, 1),
            )
    return user


def naive_totals(day: date) -> tuple[float, Counter[str]]:
    """What a first version would do: every member through the ORM, counted in Python."""
    from dangbo.members.models import ON_ROLL, Member

    started = time.perf_counter()
    totals: Counter[str] = Counter()
    for member in Member.objects.only("status", "sex", "birth_date").iterator(chunk_size=5000):
        if member.status not in ON_ROLL:
            continue
        totals["total"] += 1
        totals[f"status:{member.status}"] += 1
        totals[f"sex:{member.sex}"] += 1
    return time.perf_counter() - started, totals


def main() -> int:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection

    from dangbo.core.clock import today
    from dangbo.members.statistics import Read, member_statistics, tallies
    from dangbo.members.statistics.tables import Period
    from dangbo.orgs.models import Organization

    if connection.vendor != "postgresql":
        raise SystemExit("National statistics are measured on PostgreSQL (DATABASE_URL).")
    roots = list(Organization.objects.filter(depth=1).order_by("path"))
    day = today()
    user = bench_user(roots)
    period = Period(date(day.year, 1, 1), day)

    t0 = time.perf_counter()
    built = tallies.rebuild(day)
    rebuild_seconds = time.perf_counter() - t0

    def whole_tree(read: Read) -> tuple[float, int, list[dict[str, Any]]]:
        per_province: list[dict[str, Any]] = []
        total = 0
        started = time.perf_counter()
        for root in roots:
            t0 = time.perf_counter()
            stats = member_statistics(user, root, day, period, read=read)
            per_province.append(
                {"province": root.name, "seconds": round(time.perf_counter() - t0, 2)}
            )
            total += stats.tables[0].total.values[0]  # by status: Tổng số first
        return time.perf_counter() - started, total, per_province

    sql_seconds, sql_total, per_province = whole_tree(Read.AUTO)  # from the tallies
    live_seconds, live_total, _ = whole_tree(Read.CACHE)  # one GROUP BY per province
    naive_seconds, naive = naive_totals(day)
    same = sql_total == live_total == naive["total"]
    report = {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "organizations": Organization.objects.count(),
        "members_on_roll": naive["total"],
        "tally_units": built.units,
        "tally_rebuild_seconds": round(rebuild_seconds, 2),
        "statistics_seconds": round(sql_seconds, 2),
        "live_statistics_seconds": round(live_seconds, 2),
        "naive_loop_seconds": round(naive_seconds, 2),
        "ratio_naive_over_sql": round(naive_seconds / sql_seconds, 1),
        "totals_agree": same,
        "slowest_provinces": sorted(per_province, key=lambda p: -p["seconds"])[:5],
        "load_average": [round(x, 2) for x in os.getloadavg()],
    }
    lines = [
        "| measure | value |",
        "|---|---:|",
        f"| organisations | {report['organizations']:,} |",
        f"| members on the roll | {report['members_on_roll']:,} |",
        f"| counts per unit rebuilt (nightly; {built.units:,} units) | {rebuild_seconds:.1f} s |",
        f"| statistics, whole tree (34 provinces, all tables) | {sql_seconds:.2f} s "
        f"{'✅' if sql_seconds < AIM_SECONDS else '❌'} (aim < {AIM_SECONDS:.0f} s) |",
        f"| the same counted live from the roll | {live_seconds:.1f} s |",
        f"| naive ORM loop (status/sex totals only) | {naive_seconds:.1f} s |",
        f"| naive ÷ statistics | {report['ratio_naive_over_sql']} × |",
        f"| totals agree | {'yes' if same else 'NO'} |",
    ]
    report["table"] = "\n".join(lines)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"national-{stamp}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(report["table"])
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
