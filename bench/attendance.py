"""Attendance rates and the attendance sheet at province scale (issue #7).

For SQLite (a fresh file var/bench/attendance.sqlite3) and, when one answers, PostgreSQL
(database dangbo_bench_attendance, created and dropped here):

1. migrate, `seed_demo --size province` (≈ 3,000 organisations, ≈ 150,000 members);
2. a year of meetings: 12 held meetings (the 1st of each month of YEAR) for every active cell,
   and one attendance row per member on the cell's roll (≈ 1.8 million rows), marks spread
   so that rates differ between cells; then ANALYZE;
3. times, 5 runs each after one warm-up run, median and max: (a) the rates of the whole
   province for the year (meetings.rates.subtree_rates at the root), (b) the rates of one
   commune, (c) per-cell rates for every cell (meetings.rates.cell_rates);
4. through django.test.Client logged in as `vanphong` (Văn phòng at the root): (d) 200 GETs
   of the attendance sheet page (/sinh-hoat/<id>/diem-danh/) of a meeting of a cell with
   about 40 members on its roll, p50/p95 and the SQL queries of one request; (e) 50 POSTs of
   the whole sheet to that page (each saved in one request by services.record_attendance),
   p50/p95.

It prints a markdown table and writes bench/results/attendance.json.
Aims: (a) < 2 s on PostgreSQL; (d) p95 < 150 ms.
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from loadtest import (
    PY,
    ROOT,
    VAR,
    base_env,
    django_setup,
    latency,
    log,
    manage,
    on_each_database,
    run,
    time_gets,
    timed_calls,
)

RESULTS = ROOT / "bench" / "results"
MEDIA_FOLDER = "attendance-media"
PLAIN_STATIC = "django.contrib.staticfiles.storage.StaticFilesStorage"
YEAR = 2026
RUNS = 5
SHEET_GETS = 200
SHEET_POSTS = 50
CELL_SIZE = 40
AIM_PROVINCE_S = 2.0
AIM_SHEET_P95_MS = 150.0
BENCH_USER = "vanphong"


# --- the child: one database -----------------------------------------------------------------


def build_year() -> dict[str, Any]:
    """Bench fixture data, not domain writes: the meetings and attendance rows are written
    with bulk SQL (INSERT … SELECT), without services or audit events, as a year of
    secretaries' sheets would have left them. One INSERT per month for the meetings, one for
    all the attendance rows; portable between SQLite and PostgreSQL."""
    from django.db import connection, transaction
    from django.db.models import Max

    from dangbo.meetings.models import Attendance, Mark, Meeting, MeetingKind, MeetingStatus
    from dangbo.members.models import ON_ROLL, Member, MemberStatus
    from dangbo.orgs.models import Organization, OrgKind

    meeting_t = Meeting._meta.db_table
    attendance_t = Attendance._meta.db_table
    member_t = Member._meta.db_table
    org_t = Organization._meta.db_table
    now = datetime.now(UTC)
    # seed_demo may already hold a year of meetings for some cells (with their sheets): those
    # months are left as they are, and only the meetings written here get rows here.
    before = Meeting.objects.aggregate(last=Max("id"))["last"] or 0
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for month in range(1, 13):
            first = date(YEAR, month, 1)
            last = date(YEAR + month // 12, month % 12 + 1, 1) - timedelta(days=1)
            cursor.execute(
                f"INSERT INTO {meeting_t} (organization_id, kind, date, place, agenda, content, "  # noqa: S608
                "conclusions, quality, status, created_at, updated_at) "
                f"SELECT o.id, %s, %s, %s, %s, '', '', '', %s, %s, %s FROM {org_t} o "
                "WHERE o.kind IN (%s, %s) AND o.active_to IS NULL AND NOT EXISTS ("
                f"SELECT 1 FROM {meeting_t} s WHERE s.organization_id = o.id "
                "AND s.date >= %s AND s.date <= %s)",
                [
                    MeetingKind.REGULAR.value,
                    first,
                    "Hội trường chi bộ",
                    f"Sinh hoạt chi bộ thường kỳ tháng {month}/{YEAR}",
                    MeetingStatus.HELD.value,
                    now,
                    now,
                    OrgKind.CELL.value,
                    OrgKind.GRASSROOTS_CELL.value,
                    first,
                    last,
                ],
            )
        # Marks from the ids: about 85 % present (a little more or less by cell), the rest
        # excused or unexcused; members exempted keep a row with the exempt flag. "%%" is the
        # modulo, escaped from the placeholders (both backends read it as "%").
        score = "((m.id * 37 + mt.id * 11) %% 100)"
        share = "(80 + mt.organization_id %% 15)"
        statuses = ", ".join(["%s"] * len(ON_ROLL))
        cursor.execute(
            f"INSERT INTO {attendance_t} (meeting_id, member_id, mark, reason, exempt) "  # noqa: S608
            f"SELECT mt.id, m.id, "
            f"CASE WHEN {score} < {share} THEN %s WHEN {score} < {share} + 10 THEN %s "
            f"ELSE %s END, "
            f"CASE WHEN {score} >= {share} AND {score} < {share} + 10 THEN %s ELSE '' END, "
            f"CASE WHEN m.status = %s THEN %s ELSE %s END "
            f"FROM {meeting_t} mt JOIN {member_t} m ON m.organization_id = mt.organization_id "
            f"WHERE mt.id > %s AND m.status IN ({statuses})",
            [
                Mark.PRESENT.value,
                Mark.EXCUSED.value,
                Mark.UNEXCUSED.value,
                "Đi công tác",
                MemberStatus.EXEMPT.value,
                True,
                False,
                before,
                *[str(s) for s in ON_ROLL],
            ],
        )
    load_s = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "meetings": Meeting.objects.filter(date__year=YEAR).count(),
        "meetings_written": Meeting.objects.filter(pk__gt=before).count(),
        "attendance_rows": Attendance.objects.count(),
        "members_on_roll": Member.objects.filter(status__in=ON_ROLL).count(),
        "organizations": Organization.objects.count(),
        "load_s": round(load_s, 1),
    }


def _sheet_cell() -> tuple[Any, int]:
    """The cell whose roll is closest to CELL_SIZE members, and that size (one query)."""
    from django.db.models import Count, Func, IntegerField, Q, Value

    from dangbo.members.models import ON_ROLL
    from dangbo.orgs.models import Organization, OrgKind

    on_roll = Count("members", filter=Q(members__status__in=ON_ROLL))
    cell = (
        Organization.objects.filter(kind__in=(OrgKind.CELL, OrgKind.GRASSROOTS_CELL))
        .filter(active_to__isnull=True)
        .annotate(size=on_roll)
        .annotate(gap=Func(on_roll - Value(CELL_SIZE), function="ABS", output_field=IntegerField()))
        .order_by("gap", "path")
        .first()
    )
    if cell is None:
        raise SystemExit("No cell in the benchmark database: did seed_demo run?")
    return cell, int(cell.size)


def measure() -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from dangbo.accounts.models import User
    from dangbo.core.clock import today
    from dangbo.meetings.models import Mark, Meeting
    from dangbo.meetings.queries import attendance_sheet
    from dangbo.meetings.rates import Period, Visible, cell_rates, subtree_rates
    from dangbo.orgs.models import Organization

    user = User.objects.get(username=BENCH_USER)
    root = Organization.objects.get(depth=1)
    commune = (
        Organization.objects.filter(depth=2, code__regex=r"^CM\.[PX]\d{3}$")
        .order_by("code")
        .first()
    ) or Organization.objects.filter(depth=2).order_by("path").first()
    assert commune is not None
    period = Period.year(YEAR)

    def province() -> Any:
        return subtree_rates(Visible.of(user), root, period)

    def one_commune() -> Any:
        return subtree_rates(Visible.of(user), commune, period)

    def every_cell() -> Any:
        return cell_rates(Visible.of(user), root, period)

    result: dict[str, Any] = {
        "province_rates": timed_calls(province, RUNS, warmup=1),
        "commune_rates": timed_calls(one_commune, RUNS, warmup=1),
        "cell_rates": timed_calls(every_cell, RUNS, warmup=1),
    }
    table = province()
    result["province_total"] = {
        "cells": table.total.cells,
        "held": table.total.held,
        "rate": round(table.total.rate or 0, 2),
        "rows": len(table.rows),
    }
    result["commune"] = {"name": commune.name, "rows": len(one_commune().rows)}
    result["cells_counted"] = len(every_cell())

    cell, size = _sheet_cell()
    meeting = (
        Meeting.objects.filter(organization=cell, date__year=YEAR, date__lte=today())
        .order_by("-date")
        .first()
    )
    assert meeting is not None
    url = f"/sinh-hoat/{meeting.pk}/diem-danh/"
    members = [e.member.pk for e in attendance_sheet(meeting).members]
    client = Client()
    client.force_login(user)
    plain = {**settings.STORAGES, "staticfiles": {"BACKEND": PLAIN_STATIC}}
    with override_settings(STORAGES=plain):
        page = time_gets(client, url, SHEET_GETS)
        post_ms = []
        post_queries = 0
        for i in range(SHEET_POSTS + 2):
            data: dict[str, str] = {}
            for j, pk in enumerate(members):
                mark = Mark.PRESENT if (i + j) % 7 else (Mark.EXCUSED if j % 2 else Mark.UNEXCUSED)
                data[f"m{pk}"] = mark
                data[f"r{pk}"] = "Đi công tác" if mark == Mark.EXCUSED else ""
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as posted:
                response = client.post(url, data)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 302, response.content[:2000]
            if i >= 2:  # the first two warm up
                post_ms.append(elapsed)
                post_queries = max(post_queries, len(posted))
    result["sheet_get"] = {
        **page,
        "cell": cell.name,
        "roll": size,
    }
    result["sheet_post"] = {
        **latency(post_ms),
        "queries": post_queries,
        "rows": len(members),
    }
    return result


def child_main() -> None:
    django_setup()
    result = build_year()
    result.update(measure())
    print(json.dumps(result, ensure_ascii=False))


# --- the parent ------------------------------------------------------------------------------


def run_one(label: str, url: str, env: dict[str, str], communes: int | None) -> dict[str, Any]:
    env = {**env, "DATABASE_URL": url}
    log(f"[{label}] migrate…")
    manage(env, "migrate", "--noinput", "-v", "0")
    log(f"[{label}] seed_demo --size province…")
    seed = ["seed_demo", "--size", "province", "--no-input"]
    if communes:
        seed += ["--communes", str(communes)]
    started = time.perf_counter()
    manage(env, *seed)
    seed_s = time.perf_counter() - started
    log(f"[{label}] seeded in {seed_s:.1f} s; a year of meetings and attendance, timings…")
    output = run([PY, str(Path(__file__)), "--child"], env, timeout=3600).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    result["seed_s"] = round(seed_s, 1)
    return result


def table(results: dict[str, dict[str, Any]]) -> str:
    lines = [
        "| CSDL | phép đo | n | p50 / trung vị | p95 | max | SQL | mục tiêu |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for label, r in results.items():
        for key, title in (
            ("province_rates", "(a) tỷ lệ cả tỉnh"),
            ("commune_rates", "(b) tỷ lệ một xã"),
            ("cell_rates", "(c) tỷ lệ từng chi bộ"),
        ):
            row = r[key]
            aim = ""
            if key == "province_rates":
                ok = row["max_s"] < AIM_PROVINCE_S
                aim = f"< {AIM_PROVINCE_S:g} s: {'đạt' if ok else 'KHÔNG đạt'}"
            lines.append(
                f"| {label} | {title} | {row['n']} | {row['median_s'] * 1000:.0f} ms | – | "
                f"{row['max_s'] * 1000:.0f} ms | 3–4 | {aim} |"
            )
        for key, title in (
            ("sheet_get", f"(d) trang điểm danh ({r['sheet_get']['roll']} đảng viên)"),
            ("sheet_post", "(e) lưu cả bảng điểm danh (POST)"),
        ):
            row = r[key]
            aim = ""
            if key == "sheet_get":
                ok = row["p95_ms"] < AIM_SHEET_P95_MS
                aim = f"p95 < {AIM_SHEET_P95_MS:g} ms: {'đạt' if ok else 'KHÔNG đạt'}"
            lines.append(
                f"| {label} | {title} | {row['n']} | {row['p50_ms']} ms | {row['p95_ms']} ms | "
                f"{row['max_ms']} ms | {row['queries']} | {aim} |"
            )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument(
        "--communes", type=int, default=None, help="a smaller province, to try the script out"
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases to explore")
    args = parser.parse_args()
    if args.child:
        child_main()
        return 0
    VAR.mkdir(parents=True, exist_ok=True)
    env = base_env(secrets.token_urlsafe(48), MEDIA_FOLDER)
    results = on_each_database(
        "attendance",
        lambda label, url: run_one(label, url, env, args.communes),
        only=args.only,
        keep=args.keep,
    )
    print(table(results))
    ok = all(
        (label != "postgresql" or r["province_rates"]["max_s"] < AIM_PROVINCE_S)
        and r["sheet_get"]["p95_ms"] < AIM_SHEET_P95_MS
        for label, r in results.items()
    )
    out = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "year": YEAR,
        "communes": args.communes or "province",
        "aims": {"province_rates_s": AIM_PROVINCE_S, "sheet_get_p95_ms": AIM_SHEET_P95_MS},
        "results": results,
        "table": table(results),
        "ok": ok,
    }
    if not args.communes:  # only the full province's figures are the results
        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "attendance.json").write_text(
            json.dumps(out, ensure_ascii=False, indent=2), encoding="utf-8"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
