"""What the benchmarks share: the environment of a child process, manage.py, PostgreSQL's
admin statements, percentiles, gunicorn (always stopped) and wrk."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
PY = sys.executable


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(
    cmd: list[str], env: dict[str, str], timeout: float = 1800
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}… failed:\n{result.stdout}\n{result.stderr}")
    return result


def manage(env: dict[str, str], *args: str) -> str:
    return run([PY, "manage.py", *args], env).stdout


def port_open(host: str, port: int) -> bool:
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=2):
        return True
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop gunicorn and its workers: the process group it leads (we started it)."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)


@contextlib.contextmanager
def gunicorn(env: dict[str, str], app: str, pythonpath: Path | None = None) -> Iterator[str]:
    port = free_port()
    cmd = [
        PY,
        "-m",
        "gunicorn",
        app,
        "--workers",
        "2",
        "--bind",
        f"127.0.0.1:{port}",
        "--chdir",
        str(ROOT),
        "--log-level",
        "warning",
    ]
    if pythonpath is not None:
        cmd += ["--pythonpath", str(pythonpath)]
    VAR.mkdir(parents=True, exist_ok=True)
    with open(VAR / "gunicorn.log", "ab") as output:
        process = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=output, stderr=output, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 30
        while not port_open("127.0.0.1", port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start; see {VAR / 'gunicorn.log'}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


# --- (b) wrk --------------------------------------------------------------------------------


def ensure_wrk() -> str | None:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        log(
            "wrk is missing and this is not root: install it with `apt-get install wrk`. "
            "Skipping the load test."
        )
        return None
    log("wrk is missing: installing the Debian package with apt-get…")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-qq", "wrk"]
    if subprocess.run(install, env=env, capture_output=True, check=False).returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, check=False)
        subprocess.run(install, env=env, capture_output=True, check=False)
    found = shutil.which("wrk")
    log("Installed wrk with apt-get." if found else "Could not install wrk: no load test.")
    return found


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", value).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse_wrk(text: str) -> dict[str, Any]:
    result: dict[str, Any] = {}
    if m := re.search(r"Requests/sec:\s+([\d.]+)", text):
        result["req_s"] = float(m.group(1))
    for pct in ("50", "90", "99"):
        if m := re.search(rf"^\s+{pct}%\s+([\d.]+(?:us|ms|s|m))\s*$", text, re.MULTILINE):
            result[f"p{pct}_ms"] = round(_ms(m.group(1)), 2)
    if m := re.search(r"(\d+) requests in", text):
        result["requests"] = int(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    result["non_2xx"] = int(m.group(1)) if m else 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    result["socket_errors"] = sum(int(x) for x in m.groups()) if m else 0
    return result


def load(wrk: str, url: str, cookie: str | None, args: argparse.Namespace) -> dict[str, Any]:
    request = urllib.request.Request(url)  # noqa: S310 (always http://127.0.0.1)
    if cookie:
        request.add_header("Cookie", cookie)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            status, final = response.status, response.url
    except urllib.error.HTTPError as exc:
        status, final = exc.code, url
    if status != 200 or final != url:
        return {"url": url, "error": f"HTTP {status} ({final})"}
    cmd = [wrk, "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--latency"]
    if cookie:
        cmd += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*cmd, url], capture_output=True, text=True, check=False, timeout=args.duration + 60
    ).stdout
    return {"url": url, **parse_wrk(output)}


def base_env(secret: str, media: str | None = None) -> dict[str, str]:
    """Production settings for a child process (no debug), with a bench-only media folder."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DANGBO_", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DANGBO_SECRET_KEY=secret,
        DANGBO_DEBUG="0",
        DANGBO_SECURE="0",
        DANGBO_ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        PYTHONUNBUFFERED="1",
    )
    if media is not None:
        env["DANGBO_MEDIA_ROOT"] = str(VAR / media)
    return env


def django_setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
    return round(ordered[index], 1)


def latency(milliseconds: list[float]) -> dict[str, Any]:
    """The summary every benchmark table prints for a series of request times."""
    return {
        "n": len(milliseconds),
        "p50_ms": percentile(milliseconds, 0.5),
        "p95_ms": percentile(milliseconds, 0.95),
        "max_ms": round(max(milliseconds), 1),
    }


def timed_calls(
    function: Callable[[], Any],
    runs: int,
    *,
    before: Callable[[], Any] | None = None,
    warmup: int = 0,
) -> dict[str, Any]:
    """`function` called `runs` times (after `warmup` uncounted calls; `before` runs ahead of
    each counted call, outside the timing): the median and the slowest, in seconds."""
    import statistics

    for _ in range(warmup):
        function()
    seconds = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        function()
        seconds.append(time.perf_counter() - started)
    return {
        "n": runs,
        "median_s": round(statistics.median(seconds), 3),
        "max_s": round(max(seconds), 3),
    }


def time_gets(client: Any, url: str, runs: int, warmup: int = 5) -> dict[str, Any]:
    """GET `url` with a Django test client `runs` times after `warmup` requests: the latency
    summary and the number of SQL statements one request runs."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    # Read now: a later request may empty the connection's query log.
    queries = len(captured)
    milliseconds = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        milliseconds.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return {**latency(milliseconds), "queries": queries}


def pg_admin(url: str, statement: str) -> None:
    """Run `statement` (CREATE / DROP DATABASE) on the server of `url`."""
    import psycopg

    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(statement)


def postgres_url(database: str) -> str | None:
    """The URL of `database` on the server of DATABASE_URL, else on 127.0.0.1:5432 when one
    answers; None without a PostgreSQL server."""
    configured = os.environ.get("DATABASE_URL", "")
    if configured.startswith(("postgres://", "postgresql://")):
        return urlunsplit(urlsplit(configured)._replace(path=f"/{database}"))
    if port_open("127.0.0.1", 5432):
        return f"postgres://postgres@127.0.0.1:5432/{database}"
    return None


def on_each_database(
    name: str,
    run_one: Callable[[str, str], dict[str, Any]],
    only: str | None = None,
    keep: bool = False,
) -> dict[str, dict[str, Any]]:
    """`run_one(label, database URL)` on a fresh SQLite file var/bench/<name>.sqlite3 and, when
    a server answers, on a fresh PostgreSQL database dangbo_bench_<name>; both are removed
    afterwards unless `keep`. `only` limits the run to "sqlite" or "postgresql"."""
    results: dict[str, dict[str, Any]] = {}
    if only in (None, "sqlite"):
        VAR.mkdir(parents=True, exist_ok=True)
        sqlite = VAR / f"{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{sqlite}{suffix}").unlink(missing_ok=True)
        results["sqlite"] = run_one("sqlite", f"sqlite:///{sqlite}")
        if not keep:
            sqlite.unlink(missing_ok=True)
    database = f"dangbo_bench_{name}"
    pg = postgres_url(database)
    if pg is not None and only in (None, "postgresql"):
        pg_admin(pg, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        pg_admin(pg, f"CREATE DATABASE {database}")
        try:
            results["postgresql"] = run_one("postgresql", pg)
        finally:
            if not keep:
                pg_admin(pg, f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    return results
