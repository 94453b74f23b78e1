"""One member-based indicator on national data (issue #9), next to a hand-written SQL
statement, a naive ORM loop and DuckDB as the columnar reference.

Needs a PostgreSQL database already seeded (DATABASE_URL). The issue's figures are for
`seed_demo --size national` (≈ 322,000 organisations, 5.6 million members), which takes about
40 minutes here, so `make bench` neither builds it nor runs this script; on a province
database it runs the same way and says so in its table:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/DB .venv/bin/python bench/national_indicators.py

It measures (the medians of 3 runs unless said):

1. `members_on_roll` for the current year, every organisation at every level, as
   bench/indicators.py (c) does: the engine (`compute.compute_values`), the hand-written
   single statement (the lower bound) and, unless `--no-naive`, the naive ORM loop (1 run);
   the three must agree. Aim: the engine within 2× of the statement.
2. A sex × age-band roll-up of the members on the roll over every prefix of their unit's path
   (the shape of the statistics tables), in PostgreSQL (one statement) and in DuckDB, in
   process: (path, sex, birth date, status) of every member is copied out of PostgreSQL with
   `COPY … TO STDOUT` into a CSV file under /tmp, loaded with DuckDB's built-in CSV reader
   (no extension, nothing downloaded) and rolled up by the same SQL; both must give the same
   counts. Aim (issue #9): PostgreSQL within 10× of DuckDB.

DuckDB (bench/requirements-duckdb.txt, pinned with its hash) is installed into
var/bench/duckdb-packages the first time, never into .venv. Prints a markdown table and
writes bench/results/national-indicators-<timestamp>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from indicators import counts_by_engine, counts_by_naive_loop, counts_by_sql, timed
from loadtest import PY, ROOT, VAR, django_setup, log, run

RESULTS = ROOT / "bench" / "results"
DUCKDB_PACKAGES = VAR / "duckdb-packages"
NATIONAL_UNITS = 100_000  # above this the data is called national in the table
AGE_BANDS = (30, 40, 50, 60, 70)  # "under 30", "30–39", …, "70 and over"
RUNS = 3
AIM_ENGINE_OVER_SQL = 2.0
AIM_PG_OVER_DUCKDB = 10.0


def ensure_duckdb() -> Any:
    if not (DUCKDB_PACKAGES / "duckdb").is_dir():
        log("installing DuckDB (bench/requirements-duckdb.txt) into var/bench/duckdb-packages…")
        run(
            [PY, "-m", "pip", "install", "--quiet", "--no-deps", "--require-hashes", "--target",
             str(DUCKDB_PACKAGES), "-r", str(ROOT / "bench" / "requirements-duckdb.txt")],
            dict(os.environ),
        )  # fmt: skip
    sys.path.insert(0, str(DUCKDB_PACKAGES))
    import duckdb

    return duckdb


def band_case(column: str, day: date) -> str:
    """The age band of a birth date on `day`, by cut-off dates, so that PostgreSQL and DuckDB
    compute exactly the same bands (no engine-specific age functions)."""
    parts = []
    for index, years in enumerate(AGE_BANDS):
        born_after = day.replace(year=day.year - years)
        parts.append(f"WHEN {column} > DATE '{born_after.isoformat()}' THEN {index}")
    return f"CASE WHEN {column} IS NULL THEN -1 {' '.join(parts)} ELSE {len(AGE_BANDS)} END"


def _roll_up(grouped: str, depths: str) -> str:
    return f"""
        WITH g AS ({grouped})
        SELECT SUBSTR(path, 1, 4 * k) AS prefix, sex, band, SUM(n) AS n
        FROM g JOIN {depths} ON 4 * k <= LENGTH(path)
        GROUP BY 1, 2, 3
    """  # noqa: S608


def postgres_rollup(day: date, statuses: list[str], max_depth: int) -> str:
    from dangbo.members.models import Member
    from dangbo.orgs.models import Organization

    quoted = ", ".join(f"'{s}'" for s in statuses)
    grouped = (
        f"SELECT o.path, m.sex, {band_case('m.birth_date', day)} AS band, COUNT(*) AS n "  # noqa: S608
        f"FROM {Member._meta.db_table} m JOIN {Organization._meta.db_table} o "
        f"ON o.id = m.organization_id WHERE m.status IN ({quoted}) GROUP BY 1, 2, 3"
    )
    return _roll_up(grouped, f"generate_series(1, {max_depth}) AS d(k)")


def duckdb_rollup(day: date, statuses: list[str], max_depth: int) -> str:
    quoted = ", ".join(f"'{s}'" for s in statuses)
    grouped = (
        f"SELECT path, sex, {band_case('birth_date', day)} AS band, COUNT(*) AS n "  # noqa: S608
        f"FROM members WHERE status IN ({quoted}) GROUP BY 1, 2, 3"
    )
    return _roll_up(grouped, f"range(1, {max_depth + 1}) AS d(k)")


def _as_counter(rows: list[tuple[Any, ...]]) -> Counter[tuple[str, str, int]]:
    return Counter({(str(p), str(s), int(b)): int(n) for p, s, b, n in rows})


def export_members(target: Path) -> dict[str, Any]:
    """(path, sex, birth_date, status) of every member, by COPY, into a CSV file."""
    from django.db import connection

    from dangbo.members.models import Member
    from dangbo.orgs.models import Organization

    started = time.perf_counter()
    query = (
        f"COPY (SELECT o.path, m.sex, m.birth_date, m.status FROM {Member._meta.db_table} m "  # noqa: S608
        f"JOIN {Organization._meta.db_table} o ON o.id = m.organization_id) "
        "TO STDOUT WITH (FORMAT csv)"
    )
    size = 0
    with connection.cursor() as cursor, target.open("wb") as out:
        raw = cursor.cursor  # psycopg's own cursor, for its COPY support
        with raw.copy(query) as copy:
            for chunk in copy:
                out.write(chunk)
                size += len(chunk)
    return {"seconds": round(time.perf_counter() - started, 2), "mb": round(size / 1e6, 1)}


def measure_columnar(day: date, statuses: list[str]) -> dict[str, Any]:
    from django.db import connection

    from dangbo.orgs.models import Organization

    duckdb = ensure_duckdb()
    max_depth = Organization.objects.order_by("-depth").values_list("depth", flat=True).first()
    max_depth = max_depth or 1

    def in_postgres() -> list[tuple[Any, ...]]:
        with connection.cursor() as cursor:
            cursor.execute(postgres_rollup(day, statuses, max_depth))
            return list(cursor.fetchall())

    pg, pg_rows = timed(in_postgres, RUNS)
    with tempfile.TemporaryDirectory(prefix="dangbo-duckdb-") as folder:
        csv_file = Path(folder) / "members.csv"
        exported = export_members(csv_file)
        db = duckdb.connect()
        started = time.perf_counter()
        db.execute(
            "CREATE TABLE members AS SELECT * FROM read_csv(?, header = false, columns = "
            "{'path': 'VARCHAR', 'sex': 'VARCHAR', 'birth_date': 'DATE', 'status': 'VARCHAR'})",
            [str(csv_file)],
        )
        load_s = round(time.perf_counter() - started, 2)
        sql = duckdb_rollup(day, statuses, max_depth)
        duck, duck_rows = timed(lambda: db.execute(sql).fetchall(), RUNS)
        loaded = db.execute("SELECT COUNT(*) FROM members").fetchone()[0]
        db.close()
    return {
        "postgres": pg,
        "duckdb": duck,
        "export": exported,
        "duckdb_load_s": load_s,
        "rows_loaded": int(loaded),
        "groups": len(pg_rows),
        "same_counts": _as_counter(pg_rows) == _as_counter(duck_rows),
        "pg_over_duckdb": round(pg["median_s"] / max(duck["median_s"], 1e-6), 1),
        "duckdb_version": duckdb.__version__,
    }


def measure_indicator(naive: bool) -> dict[str, Any]:
    from dangbo.core.clock import today
    from dangbo.indicators.models import Indicator
    from dangbo.indicators.periods import PeriodKind, period_of

    indicator = Indicator.objects.get(code="members_on_roll")
    period = period_of(PeriodKind.YEAR, today())
    counts_by_sql()  # warm-up
    sql, by_sql = timed(counts_by_sql, RUNS)
    engine, by_engine = timed(lambda: counts_by_engine(indicator, period), RUNS)
    result: dict[str, Any] = {
        "period": period.key,
        "sql": sql,
        "engine": engine,
        "engine_over_sql": round(engine["median_s"] / max(sql["median_s"], 1e-6), 2),
        "same_counts": by_engine == by_sql,
    }
    if naive:
        loop, by_loop = timed(counts_by_naive_loop, 1)
        result["naive"] = loop
        result["naive_over_engine"] = round(loop["median_s"] / max(engine["median_s"], 1e-6), 1)
        result["same_counts"] = result["same_counts"] and by_loop == by_sql
    return result


def table(report: dict[str, Any]) -> str:
    c, d = report["indicator"], report["columnar"]
    scale = (
        "national" if report["organizations"] >= NATIONAL_UNITS else "province-size (not national)"
    )
    ok_engine = c["engine_over_sql"] <= AIM_ENGINE_OVER_SQL
    ok_duck = d["pg_over_duckdb"] <= AIM_PG_OVER_DUCKDB
    duck_same = "same counts" if d["same_counts"] else "COUNTS DIFFER"
    lines = [
        f"Data: {scale}, {report['organizations']:,} organisations, "
        f"{report['members']:,} members ({report['on_roll']:,} on the roll).",
        "",
        "| measure | median | detail |",
        "|---|---:|---|",
        f"| members_on_roll {c['period']}, engine (compute_values) | "
        f"{c['engine']['median_s']:.2f} s | {c['engine_over_sql']} × the SQL "
        f"(aim ≤ {AIM_ENGINE_OVER_SQL:g} ×) {'✅' if ok_engine else '❌'} |",
        f"| members_on_roll, hand-written single SQL | {c['sql']['median_s']:.2f} s | "
        f"{'same counts' if c['same_counts'] else 'COUNTS DIFFER'} |",
    ]
    if "naive" in c:
        lines.append(
            f"| members_on_roll, naive ORM loop (1 run) | {c['naive']['median_s']:.1f} s | "
            f"{c['naive_over_engine']} × the engine |"
        )
    lines += [
        f"| sex × age band over every path prefix, PostgreSQL (one statement) | "
        f"{d['postgres']['median_s']:.2f} s | {d['groups']:,} groups; "
        f"{d['pg_over_duckdb']} × DuckDB (aim ≤ {AIM_PG_OVER_DUCKDB:g} ×) "
        f"{'✅' if ok_duck else '❌'} |",
        f"| the same in DuckDB {d['duckdb_version']} (in process) | "
        f"{d['duckdb']['median_s']:.2f} s | {duck_same} |",
        f"| copy out of PostgreSQL (COPY → CSV) / load into DuckDB | "
        f"{d['export']['seconds']:.1f} s / {d['duckdb_load_s']:.1f} s | "
        f"{d['rows_loaded']:,} rows, {d['export']['mb']} MB |",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive ORM loop")
    args = parser.parse_args()
    django_setup()
    from django.db import connection

    from dangbo.core.clock import today
    from dangbo.members.models import ON_ROLL, Member
    from dangbo.orgs.models import Organization

    if connection.vendor != "postgresql":
        raise SystemExit("This benchmark runs on PostgreSQL (DATABASE_URL).")
    statuses = [str(s) for s in ON_ROLL]
    report: dict[str, Any] = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "organizations": Organization.objects.count(),
        "members": Member.objects.count(),
        "on_roll": Member.objects.filter(status__in=ON_ROLL).count(),
    }
    log("members_on_roll: SQL, engine, naive loop…")
    report["indicator"] = measure_indicator(not args.no_naive)
    log("sex × age band: PostgreSQL, then DuckDB…")
    report["columnar"] = measure_columnar(today(), statuses)
    report["load_average"] = [round(x, 2) for x in os.getloadavg()]
    report["table"] = table(report)
    print(report["table"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"national-indicators-{stamp}.json").write_text(
        json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return 0 if report["indicator"]["same_counts"] and report["columnar"]["same_counts"] else 1


if __name__ == "__main__":
    sys.exit(main())
