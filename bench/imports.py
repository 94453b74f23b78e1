"""`make bench-imports`: how fast a 100,000-member spreadsheet comes in (issue #5, bench/README.md).

1. Generates once (bench/imports_workbook.py, cached in var/bench/) a 100,000-row xlsx of the
   member roll, 16 columns, with the rows spread over the seeded cells. A 1,000-row file from
   the same generator is checked first: every row must be valid.
2. For SQLite (var/bench/imports.sqlite3) and PostgreSQL (database dangbo_bench_imports,
   created and dropped here), each measurement runs in its own child process, in a fresh
   database migrated and seeded with `seed_demo --size small`, importing into Đảng bộ tỉnh
   Cà Mau (code CM) with the rows spread over all its active cells:
   - read only: dangbo.imports.reading.read_file, and bare python-calamine for scale;
   - on PostgreSQL, a bare COPY of the file's cells into an unindexed table, for scale (the
     issue's other yardstick);
   - dry run: services.upload_file + engine.run(job, "check");
   - commit: services.upload_file + engine.run(job, "commit"), then checks that exactly the
     file's members were written and no row was invalid;
   - baseline: django-import-export 4.4.3 (bench/imports_baseline.py, installed into
     var/bench/baseline-packages only) in its default per-row mode (on the first 10,000 rows
     when the whole file would take over 10 minutes) and in its bulk mode; and, for
     information, bulk mode with cached foreign-key lookups.
   Times run from the file's bytes to the end of the step; "CPU s" is the child's own CPU
   time (steadier than the wall clock on a busy machine, but without PostgreSQL's share);
   peak RSS is the child's ru_maxrss.
3. Prints a markdown table and writes bench/results/imports-<timestamp>.json and
   imports-latest.json.

`--repeat N` runs the dry run and the commit N times each, every run in a fresh database, and
reports the fastest (all the times are in the JSON): on a shared machine single runs move by
20–30 %.

`--profile` instead runs the dry run and the commit on SQLite under cProfile and prints the
functions that cost most (var/bench/imports-profile.txt).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import resource
import secrets
import shutil
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from imports_workbook import GENERATOR_VERSION, HEADERS, ensure_workbook
from loadtest import PY, ROOT, VAR, base_env, django_setup, log, manage, run
from loadtest import postgres_url as postgres_url_of
from run import git_commit

BENCH = ROOT / "bench"
RESULTS = BENCH / "results"
BASELINE_PACKAGES = VAR / "baseline-packages"
MEDIA = VAR / "imports-media"
PG_DATABASE = "dangbo_bench_imports"
# The member rows a PostgreSQL commit wrote, in COPY's text format: the second yardstick
# copies them into the members table of a fresh database.
MEMBER_ROWS = VAR / "imports-member-rows.copy"
ROOT_CODE = "CM"

AIM_COMMIT = {"sqlite": 8_000.0, "postgresql": 20_000.0}
AIM_CHECK = 40_000.0
AIM_RSS_MB = 500.0
AIM_VS_DEFAULT = 10.0
AIM_VS_BULK = 3.0
# The yardsticks, measured on its machine: the aims are set against them, so this
# bench also gives each aim scaled by what the same yardstick measures here, in the same run.
YARDSTICK_CALAMINE = 130_000.0
YARDSTICK_BARE_COPY = 65_000.0
# The per-row baseline runs on the whole file only if it would take at most this long.
PER_ROW_BUDGET_S = 600.0
PROBE_ROWS = 10_000


# --- child processes: one measurement each ---------------------------------------------------


def peak_rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def cpu_seconds() -> float:
    """This process's CPU time: unlike the wall clock, hardly moved by other work on the
    machine (but blind to the PostgreSQL server's share)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Stopwatch:
    """A step timed from its creation: wall and CPU seconds, and the peak RSS before and after."""

    def __init__(self) -> None:
        self.rss_before, self.cpu = peak_rss_mb(), cpu_seconds()
        self.started = time.perf_counter()

    def result(self, rows: int) -> dict[str, Any]:
        return {
            "rows": rows,
            "seconds": time.perf_counter() - self.started,
            "cpu_seconds": cpu_seconds() - self.cpu,
            "rss_before_mb": self.rss_before,
            "peak_rss_mb": peak_rss_mb(),
        }


def phase_codes() -> dict[str, Any]:
    django_setup()
    from dangbo.orgs.models import CELL_KINDS, Organization

    root = Organization.objects.get(code=ROOT_CODE)
    cells = Organization.objects.filter(
        path__startswith=root.path, kind__in=CELL_KINDS, active_to__isnull=True
    ).order_by("code")
    return {"codes": list(cells.values_list("code", flat=True))}


def phase_read(path: Path, bare: bool) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    data = path.read_bytes()
    watch = Stopwatch()
    if bare:
        from python_calamine import CalamineWorkbook

        rows = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
        count = len(rows) - 1
    else:
        from dangbo.imports.reading import read_file

        count = len(read_file(data, path.name).sheets[0].rows) - 1
    return watch.result(count)


def phase_bare_copy(path: Path) -> dict[str, Any]:
    """The issue's yardstick for a PostgreSQL commit ("a bare COPY into PostgreSQL at about
    65,000 rows/s"): the file's data rows, every cell as text, COPYed into a new table of as
    many text columns, without an index, and committed. The rows are read before the clock
    starts."""
    import psycopg
    from python_calamine import CalamineWorkbook

    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()[1:]
    cells = [[None if value == "" else str(value) for value in row] for row in rows]
    width = max(len(row) for row in cells)
    columns = ", ".join(f"c{i} text" for i in range(width))
    with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
        conn.execute(f"CREATE TABLE bench_bare_copy ({columns})")
        conn.commit()
        watch = Stopwatch()
        with conn.cursor().copy("COPY bench_bare_copy FROM STDIN") as copy:
            for row in cells:
                copy.write_row(row)
        conn.commit()
        return watch.result(len(cells))


def phase_copy_members() -> dict[str, Any]:
    """The other reading of the issue's yardstick: the 100,000 member rows a commit wrote
    (MEMBER_ROWS), COPYed into the members table of a fresh database, through its indexes,
    unique constraints and foreign keys, and committed. No events, no import records."""
    django_setup()
    from django.db import connection, transaction

    data = MEMBER_ROWS.read_bytes()
    copy_sql = f"COPY members_member ({_member_columns()}) FROM STDIN"
    watch = Stopwatch()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(copy_sql) as copy,
    ):
        for start in range(0, len(data), 2**20):
            copy.write(data[start : start + 2**20])
    return watch.result(data.count(b"\n"))


def _member_columns() -> str:
    """The members table's columns, in the order both yardstick COPYs use."""
    from dangbo.members.models import Member

    return ", ".join(f'"{f.column}"' for f in Member._meta.concrete_fields)


def _keep_member_rows(job_pk: int) -> None:
    """After a PostgreSQL commit, out of the clock: the members it wrote, for the yardstick."""
    from django.db import connection

    query = (
        f"COPY (SELECT {_member_columns()} FROM members_member WHERE id IN (SELECT object_id FROM "  # noqa: S608 (column names from model metadata)
        f"imports_importrecord WHERE job_id = {int(job_pk)}) ORDER BY id) TO STDOUT"
    )
    with (
        connection.cursor() as cursor,
        MEMBER_ROWS.open("wb") as out,
        cursor.cursor.copy(query) as copy,
    ):
        for block in copy:
            out.write(block)


def phase_ours(path: Path, action: str, profile: Path | None) -> dict[str, Any]:
    django_setup()
    from dangbo.imports import engine, services
    from dangbo.imports.models import ImportRecord, JobStatus
    from dangbo.members.models import Member, MemberEvent
    from dangbo.orgs.models import Organization

    organization = Organization.objects.get(code=ROOT_CODE)
    members, events = Member.objects.count(), MemberEvent.objects.count()
    data = path.read_bytes()
    ready, cpu = peak_rss_mb(), cpu_seconds()
    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    # The workbook upload_file returns serves the mapping page; the engine reads the file
    # again, as the task worker does, so it is not kept here.
    job = services.upload_file(
        actor=None, organization=organization, spec="members", file_name=path.name, data=data
    )[0]
    uploaded = time.perf_counter()
    job = engine.run(job, action, actor=None)
    finished = time.perf_counter()
    if profiler and profile:
        profiler.disable()
        profiler.dump_stats(profile)
    result: dict[str, Any] = {
        "rows": job.counts.get("rows", 0),
        "seconds": finished - started,
        "upload_seconds": uploaded - started,
        "engine_seconds": finished - uploaded,
        "cpu_seconds": cpu_seconds() - cpu,
        "status": job.status,
        "message": job.message,
        "counts": job.counts,
        "error_count": job.error_count,
        "errors": job.errors[:5],
        "rss_before_mb": ready,
        "peak_rss_mb": peak_rss_mb(),
    }
    expected = JobStatus.CHECKED if action == "check" else JobStatus.DONE
    ok = job.status == expected and job.counts.get("invalid") == 0
    if action == "commit":
        result["members_written"] = Member.objects.count() - members
        result["events_written"] = MemberEvent.objects.count() - events
        result["import_records"] = ImportRecord.objects.filter(job=job).count()
        ok = ok and result["members_written"] == result["rows"] == job.counts.get("new")
        from django.db import connection

        if connection.vendor == "postgresql":
            _keep_member_rows(job.pk)
    result["verified"] = ok
    return result


def phase_baseline(path: Path, mode: str) -> dict[str, Any]:
    # The library exists for this process only: it is never installed into .venv.
    sys.path.insert(0, str(BASELINE_PACKAGES))
    django_setup()
    from imports_baseline import measure

    ready, cpu = peak_rss_mb(), cpu_seconds()
    result = measure(path, mode)
    result["cpu_seconds"] = cpu_seconds() - cpu
    result.update(rss_before_mb=ready, peak_rss_mb=peak_rss_mb())
    result["verified"] = not result["has_errors"] and result["members_written"] == result["rows"]
    return result


def child(env: dict[str, str], *args: str) -> dict[str, Any]:
    output = run([PY, str(Path(__file__)), *args], env, timeout=3600).stdout
    result: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return result


# --- databases ----------------------------------------------------------------------------


def postgres_url(database: str = PG_DATABASE) -> str | None:
    return postgres_url_of(database)


def _pg_admin(url: str, *statements: str) -> None:
    import psycopg

    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


class Databases:
    """A migrated, seeded template per database, copied for each measurement."""

    def __init__(self, env: dict[str, str], pg_database: str = PG_DATABASE) -> None:
        self.env = env
        self.pg_database = pg_database
        self.pg_template = f"{pg_database}_template"
        self.sqlite = VAR / "imports.sqlite3"
        self.sqlite_template = VAR / "imports-template.sqlite3"

    def _seed(self, url: str) -> None:
        env = {**self.env, "DATABASE_URL": url}
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_demo", "--size", "small", "--no-input")

    def prepare(self, label: str, url: str) -> None:
        log(f"[{label}] migrate + seed_demo --size small (template)…")
        if label == "sqlite":
            _remove_sqlite(self.sqlite_template)
            self._seed(f"sqlite:///{self.sqlite_template}")
            with sqlite3.connect(self.sqlite_template) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            template = urlunsplit(urlsplit(url)._replace(path=f"/{self.pg_template}"))
            _pg_admin(
                url,
                f"DROP DATABASE IF EXISTS {self.pg_database} WITH (FORCE)",
                f"DROP DATABASE IF EXISTS {self.pg_template} WITH (FORCE)",
                f"CREATE DATABASE {self.pg_template}",
            )
            self._seed(template)

    def fresh(self, label: str, url: str) -> dict[str, str]:
        shutil.rmtree(MEDIA, ignore_errors=True)
        if label == "sqlite":
            _remove_sqlite(self.sqlite)
            shutil.copyfile(self.sqlite_template, self.sqlite)
            return {**self.env, "DATABASE_URL": f"sqlite:///{self.sqlite}"}
        _pg_admin(
            url,
            f"DROP DATABASE IF EXISTS {self.pg_database} WITH (FORCE)",
            f"CREATE DATABASE {self.pg_database} TEMPLATE {self.pg_template}",
        )
        return {**self.env, "DATABASE_URL": url}

    def drop(self, label: str, url: str) -> None:
        shutil.rmtree(MEDIA, ignore_errors=True)
        if label == "postgresql":
            _pg_admin(
                url,
                f"DROP DATABASE IF EXISTS {self.pg_database} WITH (FORCE)",
                f"DROP DATABASE IF EXISTS {self.pg_template} WITH (FORCE)",
            )


def _remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def ensure_baseline_packages() -> None:
    if (BASELINE_PACKAGES / "import_export").is_dir():
        return
    log("installing the baseline (bench/requirements-baseline.txt) into var/bench/…")
    run(
        [PY, "-m", "pip", "install", "--quiet", "--no-deps", "--require-hashes", "--target",
         str(BASELINE_PACKAGES), "-r", str(BENCH / "requirements-baseline.txt")],
        dict(os.environ),
    )  # fmt: skip


# --- one database -------------------------------------------------------------------------


def bench_database(
    label: str, url: str, dbs: Databases, files: dict[int, Path], args: argparse.Namespace
) -> dict[str, Any]:
    full = files[args.rows]
    result: dict[str, Any] = {"database_url": url.split("@")[-1] if "@" in url else "sqlite"}
    for action, name in (("check", "dry run"), ("commit", "commit")):
        samples = []
        for n in range(1, args.repeat + 1):
            log(f"[{label}] {name} ({n}/{args.repeat})…")
            samples.append(child(dbs.fresh(label, url), "--phase", action, "--file", str(full)))
        # The fastest run is the one least disturbed by the rest of this shared machine.
        result[action] = min(samples, key=lambda m: m["seconds"])
        result[f"{action}_seconds_all"] = [round(m["seconds"], 2) for m in samples]
    if label == "postgresql":
        log(f"[{label}] the yardsticks: bare COPY of the file's cells, COPY of the members…")
        result["bare_copy"] = child(
            dbs.fresh(label, url), "--phase", "bare-copy", "--file", str(full)
        )
        result["copy_members"] = child(dbs.fresh(label, url), "--phase", "copy-members")
        MEMBER_ROWS.unlink(missing_ok=True)
    if args.no_baseline:
        return result
    per_row_rows = args.rows
    if args.rows > PROBE_ROWS:
        log(f"[{label}] baseline, default mode, {PROBE_ROWS:,} rows to estimate…")
        probe = child(dbs.fresh(label, url), "--phase", "baseline-default", "--file",
                      str(files[PROBE_ROWS]))  # fmt: skip
        estimate = probe["seconds"] * args.rows / PROBE_ROWS
        log(f"  {probe['seconds']:.0f} s: the whole file would take ≈ {estimate:.0f} s")
        if estimate > PER_ROW_BUDGET_S:
            per_row_rows = PROBE_ROWS
            result["baseline_default"] = {**probe, "estimated_full_seconds": estimate}
    if per_row_rows == args.rows:
        log(f"[{label}] baseline, default mode, {args.rows:,} rows…")
        result["baseline_default"] = child(
            dbs.fresh(label, url), "--phase", "baseline-default", "--file", str(full)
        )
    log(f"[{label}] baseline, bulk mode…")
    result["baseline_bulk"] = child(
        dbs.fresh(label, url), "--phase", "baseline-bulk", "--file", str(full)
    )
    log(f"[{label}] baseline, bulk mode with cached lookups…")
    result["baseline_tuned"] = child(
        dbs.fresh(label, url), "--phase", "baseline-tuned", "--file", str(full)
    )
    return result


# --- report ---------------------------------------------------------------------------------


def rate(m: dict[str, Any]) -> float:
    return float(m["rows"] / m["seconds"]) if m.get("seconds") else 0.0


def mark(ok: bool) -> str:
    return "✅" if ok else "❌"


def table(report: dict[str, Any]) -> str:
    lines = [
        "| DB | step | rows | s | CPU s | rows/s | peak RSS MB | aim | met |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]

    def line(db: str, step: str, m: dict[str, Any], aim: str = "", ok: bool | None = None) -> None:
        verdict = "" if ok is None else mark(ok)
        lines.append(
            f"| {db} | {step} | {m['rows']:,} | {m['seconds']:.1f} | {m['cpu_seconds']:.1f} "
            f"| {rate(m):,.0f} "
            f"| {m['peak_rss_mb']:.0f} | {aim} | {verdict} |"
        )

    reading = report["reading"]
    line("–", "read: dangbo `read_file`", reading["read_file"])
    line("–", "read: bare python-calamine", reading["calamine"])
    for db, data in report["databases"].items():
        check, commit = data["check"], data["commit"]
        rss_ok = check["peak_rss_mb"] < AIM_RSS_MB
        line(db, "dry run (upload + check)", check,
             f"≥ {AIM_CHECK:,.0f} rows/s, < {AIM_RSS_MB:.0f} MB",
             check["verified"] and rate(check) >= AIM_CHECK and rss_ok)  # fmt: skip
        aim = AIM_COMMIT[db]
        line(db, "commit (upload + check + write)", commit,
             f"≥ {aim:,.0f} rows/s, < {AIM_RSS_MB:.0f} MB",
             commit["verified"] and rate(commit) >= aim
             and commit["peak_rss_mb"] < AIM_RSS_MB)  # fmt: skip
        if "bare_copy" in data:
            line(db, "yardstick: COPY of the file's cells, unindexed table", data["bare_copy"])
            line(db, "yardstick: COPY of the member rows into members", data["copy_members"])
        for key, name, target in (
            ("baseline_default", "django-import-export, default", AIM_VS_DEFAULT),
            ("baseline_bulk", "django-import-export, bulk mode", AIM_VS_BULK),
            ("baseline_tuned", "django-import-export, bulk + cached lookups", None),
        ):
            if key not in data:
                continue
            m = data[key]
            ratio = rate(commit) / rate(m) if rate(m) else 0.0
            partial = m["rows"] < commit["rows"]
            step = name + (f" (first {m['rows']:,} rows)" if partial else "")
            if not m["verified"]:
                step += " — errors: " + "; ".join(m["errors"][:1])[:80]
            if target is None:
                line(db, step, m, f"commit ÷ this = {ratio:.1f}× (for information)")
            else:
                line(db, step, m, f"commit ÷ this = {ratio:.1f}× (aim ≥ {target:.0f}×)",
                     ratio >= target and m["verified"])  # fmt: skip
    lines.append("")
    f = report["file"]
    lines.append(
        f"File: {f['rows']:,} members, {f['columns']} columns, {f['megabytes']} MB xlsx "
        f"(generator v{GENERATOR_VERSION}); into Đảng bộ tỉnh Cà Mau after `seed_demo --size "
        f"small`, rows spread over its {f['cells']} active cells."
    )
    if report["parameters"].get("repeat", 1) > 1:
        lines.append(
            f"Dry runs and commits: the fastest of {report['parameters']['repeat']} runs each "
            "(all runs, s: "
            + "; ".join(
                f"{db} {action} {', '.join(f'{s:.1f}' for s in data[f'{action}_seconds_all'])}"
                for db, data in report["databases"].items()
                for action in ("check", "commit")
            )
            + ")."
        )
    for db, data in report["databases"].items():
        c, k = data["commit"], data["check"]
        lines.append(
            f"{db}: dry run = upload {k['upload_seconds']:.1f} s + check "
            f"{k['engine_seconds']:.1f} s (the check alone, what the worker runs once the "
            f"user has confirmed the columns: {k['rows'] / k['engine_seconds']:,.0f} rows/s)."
        )
        lines.append(
            f"{db}: commit wrote {c.get('members_written', 0):,} members, "
            f"{c.get('events_written', 0):,} events, {c.get('import_records', 0):,} import "
            f"records (upload {c['upload_seconds']:.1f} s + engine {c['engine_seconds']:.1f} s)"
            f"; verified: {mark(c['verified'])}."
        )
    lines.extend(scaled_aims(report))
    m = report["machine"]
    lines.append(
        f"Machine: {m['cpus']} CPUs, Python {m['python']}, load average "
        f"{m['load_average_at_start'][0]} at start, {m['load_average_at_end'][0]} at end."
    )
    return "\n".join(lines)


def scaled_aims(report: dict[str, Any]) -> list[str]:
    """Each speed aim × (its yardstick here ÷ the yardstick on the issue's machine): what the
    aim asks of this machine, which is shared and slower than the one the aims were set on.
    The dry run and the SQLite commit go by calamine; the PostgreSQL commit by the COPY of
    the member rows into the members table: a COPY into an unindexed table runs several
    times faster than the issue's 65,000 rows/s here, so that cannot be what it measured."""
    calamine = rate(report["reading"]["calamine"]) / YARDSTICK_CALAMINE
    lines = [
        f"Aims scaled to this machine: bare calamine here runs at {calamine:.2f}× the issue's "
        f"{YARDSTICK_CALAMINE:,.0f} rows/s."
    ]
    for db, data in report["databases"].items():
        check, commit = rate(data["check"]), rate(data["commit"])
        scale, by = calamine, "calamine"
        if db == "postgresql" and "copy_members" in data:
            scale = rate(data["copy_members"]) / YARDSTICK_BARE_COPY
            by = (
                f"the COPY of the members: {scale:.2f}× the issue's "
                f"{YARDSTICK_BARE_COPY:,.0f} rows/s; the unindexed COPY runs "
                f"{rate(data['bare_copy']) / rate(data['copy_members']):.0f}× faster"
            )
        dry_aim, commit_aim = AIM_CHECK * calamine, AIM_COMMIT[db] * scale
        lines.append(
            f"{db}: dry run {check:,.0f} rows/s against {dry_aim:,.0f} {mark(check >= dry_aim)}; "
            f"commit {commit:,.0f} rows/s against {commit_aim:,.0f} "
            f"{mark(commit >= commit_aim)} (scaled by {by})."
        )
    return lines


# --- profile ------------------------------------------------------------------------------


def profile(dbs: Databases, full: Path, label: str = "sqlite", url: str = "") -> str:
    out = []
    for action in ("check", "commit"):
        env = dbs.fresh(label, url)
        target = VAR / f"imports-{action}.prof"
        log(f"[profile] {label}: {action} under cProfile…")
        measured = child(env, "--phase", action, "--file", str(full), "--cprofile", str(target))
        out.append(f"## {action}: {measured['seconds']:.1f} s under cProfile\n")
        for sort in ("cumulative", "tottime"):
            buffer = io.StringIO()
            stats = pstats.Stats(str(target), stream=buffer)
            stats.strip_dirs().sort_stats(sort).print_stats(15)
            body = buffer.getvalue()
            out.append(f"### by {sort}\n" + body[body.find("   ncalls") :])
    text = "\n".join(out)
    (VAR / "imports-profile.txt").write_text(text, encoding="utf-8")
    return text


# --- main -----------------------------------------------------------------------------------


def run_child_phase(args: argparse.Namespace) -> int:
    path = Path(args.file) if args.file else Path()
    phase = args.phase
    if phase == "codes":
        result = phase_codes()
    elif phase in ("read", "calamine"):
        result = phase_read(path, bare=phase == "calamine")
    elif phase == "bare-copy":
        result = phase_bare_copy(path)
    elif phase == "copy-members":
        result = phase_copy_members()
    elif phase in ("check", "commit"):
        result = phase_ours(path, phase, Path(args.cprofile) if args.cprofile else None)
    else:
        result = phase_baseline(path, phase.removeprefix("baseline-"))
    print(json.dumps(result, ensure_ascii=False, default=str))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    phases = ["all", "codes", "read", "calamine", "bare-copy", "copy-members", "check", "commit",
              "baseline-default", "baseline-bulk", "baseline-tuned"]  # fmt: skip
    parser.add_argument("--phase", choices=phases, default="all", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--cprofile", help=argparse.SUPPRESS)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run the dry run and the commit this many times each and report the fastest",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="cProfile instead (on SQLite; with --no-sqlite, on PostgreSQL)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL databases")
    parser.add_argument(
        "--pg-database",
        default=PG_DATABASE,
        help="PostgreSQL database to create and drop (and <name>_template); "
        "give your own when others may run this bench on the same server",
    )
    args = parser.parse_args()
    if args.phase != "all":
        return run_child_phase(args)

    env = {**base_env(secrets.token_urlsafe(48)), "DANGBO_MEDIA_ROOT": str(MEDIA)}
    VAR.mkdir(parents=True, exist_ok=True)  # a fresh clone has no var/ yet
    dbs = Databases(env, args.pg_database)
    started_load = [round(x, 2) for x in os.getloadavg()]
    dbs.prepare("sqlite", "")
    codes = child(dbs.fresh("sqlite", ""), "--phase", "codes")["codes"]
    sizes = sorted({1_000, min(PROBE_ROWS, args.rows), args.rows})
    files = {n: ensure_workbook(n, codes) for n in sizes}
    log("checking the generator: a dry run of the 1,000-row file…")
    sample = child(dbs.fresh("sqlite", ""), "--phase", "check", "--file", str(files[1_000]))
    if not sample["verified"]:
        log(json.dumps(sample, ensure_ascii=False, indent=2, default=str))
        raise SystemExit("The generated file has invalid rows: fix member_rows().")
    full = files[args.rows]
    if args.profile:
        pg_url = postgres_url(args.pg_database) if args.no_sqlite else None
        if pg_url is None:
            print(profile(dbs, full))
            return 0
        try:
            dbs.prepare("postgresql", pg_url)
            print(profile(dbs, full, "postgresql", pg_url))
        finally:
            if not args.keep:
                dbs.drop("postgresql", pg_url)
        return 0
    if not args.no_baseline:
        ensure_baseline_packages()

    report: dict[str, Any] = {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_at_start": started_load,
        },
        "parameters": {
            "rows": args.rows,
            "probe_rows": PROBE_ROWS,
            "per_row_budget_s": PER_ROW_BUDGET_S,
            "repeat": args.repeat,
        },
        "aims": {
            "commit_rows_s": AIM_COMMIT,
            "check_rows_s": AIM_CHECK,
            "peak_rss_mb": AIM_RSS_MB,
            "vs_default": AIM_VS_DEFAULT,
            "vs_bulk": AIM_VS_BULK,
        },
        "file": {
            "name": full.name,
            "rows": args.rows,
            "columns": len(HEADERS),
            "megabytes": round(full.stat().st_size / 2**20, 1),
            "cells": len(codes),
        },
        "reading": {},
        "databases": {},
    }
    log("reading only…")
    report["reading"]["read_file"] = child(env, "--phase", "read", "--file", str(full))
    report["reading"]["calamine"] = child(env, "--phase", "calamine", "--file", str(full))

    targets: list[tuple[str, str]] = []
    if not args.no_sqlite:
        targets.append(("sqlite", ""))
    pg = None if args.no_postgres else postgres_url(args.pg_database)
    if pg is not None:
        targets.append(("postgresql", pg))
    elif not args.no_postgres:
        log("PostgreSQL: neither DATABASE_URL nor 127.0.0.1:5432; measuring SQLite only.")
    for label, url in targets:
        try:
            if label == "postgresql":
                dbs.prepare(label, url)
            report["databases"][label] = bench_database(label, url, dbs, files, args)
        finally:
            if not args.keep:
                dbs.drop(label, url)

    report["machine"]["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    markdown = table(report)
    report["table"] = markdown
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    body = json.dumps(report, ensure_ascii=False, indent=2, default=str) + "\n"
    (RESULTS / f"imports-{stamp}.json").write_text(body, encoding="utf-8")
    (RESULTS / "imports-latest.json").write_text(body, encoding="utf-8")
    print(markdown)
    print(f"\nWritten: bench/results/imports-{stamp}.json and bench/results/imports-latest.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
