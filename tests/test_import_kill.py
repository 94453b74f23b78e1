"""`kill -9` of the process writing an import leaves no partial rows; the job shows as failed
and can be run again (issue #5, robustness).

The import runs in a real child process (`manage.py import_members`) against a database of
its own (a SQLite file, or a fresh PostgreSQL database when the tests run on PostgreSQL), so
the kill hits a writer in the middle of its transaction, as a crash would.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
ROWS = 60
CHECK = """
from dangbo.imports import engine
from dangbo.imports.models import ImportJob
from dangbo.members.models import Member
job = ImportJob.objects.latest("id")
engine.mark_dead(job)
print(Member.objects.filter(full_name__startswith="Đảng viên nhập").count(), job.status)
"""


def _env(url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DANGBO_", "DJANGO_"))}
    env.update(DATABASE_URL=url, DANGBO_DEBUG="1", DJANGO_SETTINGS_MODULE="config.settings")
    env.update(extra)
    return env


def _manage(url: str, *args: str, **extra: str) -> str:
    done = subprocess.run(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_env(url, **extra),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    # `shell` may announce its automatic imports first: the answer is the last line.
    return done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""


@pytest.fixture
def own_database(tmp_path: Path) -> Iterator[str]:
    """A database only the child processes use, migrated and seeded (small)."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        import psycopg

        name = f"dangbo_kill_{os.getpid()}"
        server = urlunsplit(urlsplit(configured)._replace(path="/postgres"))
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        url = urlunsplit(urlsplit(configured)._replace(path=f"/{name}"))
        try:
            yield url
        finally:
            with psycopg.connect(server, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    else:
        yield f"sqlite:///{tmp_path / 'kill.sqlite3'}"


def test_killing_the_writer_mid_commit_writes_nothing_and_the_job_can_run_again(
    own_database: str, tmp_path: Path
) -> None:
    url = own_database
    _manage(url, "migrate", "-v", "0")
    # The demo's study campaigns hand in reflection files: keep them out of var/media.
    _manage(url, "seed_demo", "--size", "small", DANGBO_MEDIA_ROOT=str(tmp_path / "media"))
    cell = _manage(
        url,
        "shell",
        "-c",
        "from dangbo.orgs.models import Organization as O;"
        "print(O.objects.filter(kind='cell', active_to=None).order_by('code').first().code)",
    ).strip()
    lines = ["Họ và tên;Ngày sinh;Giới tính;Ngày vào Đảng;Ngày chính thức"]
    lines += [f"Đảng viên nhập {n:03d};01/01/1980;Nam;01/01/2010;01/01/2011" for n in range(ROWS)]
    source = tmp_path / "ds.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    marker = tmp_path / "paused"
    child = subprocess.Popen(  # noqa: S603 (our own manage.py, fixed arguments)
        [sys.executable, "manage.py", "import_members", str(source), "--org", cell],
        cwd=ROOT,
        env=_env(
            url,
            DANGBO_IMPORT_PAUSE_AT_ROW="1",
            DANGBO_IMPORT_PAUSE_AT_ROW_MARKER=str(marker),
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while not marker.exists():
            assert child.poll() is None, "the import ended before the pause"
            assert time.monotonic() < deadline, "the import never reached the pause"
            time.sleep(0.1)
        # The rows are written (inside the transaction) before the pause.
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()

    count, status = _manage(url, "shell", "-c", CHECK).split()
    assert (count, status) == ("0", "failed")

    _manage(url, "import_members", str(source), "--org", cell)
    count, status = _manage(url, "shell", "-c", CHECK).split()
    assert (count, status) == (str(ROWS), "done")
