"""`python bench/extraction.py`: how fast the chỉ tiêu extractor reads text (issue #6 §3).

1. Runs dangbo.targets.extraction.extract_targets over the dev passages
   (dangbo/targets/tests/data/targets_dev.jsonl), repeated until at least --seconds have passed,
   on one core, after a warm-up, and reports passages per second (wall clock and CPU).
2. Times one call on 1 MB of realistic Vietnamese text: the seed-like passages of
   dangbo/targets/tests/data/targets_own.jsonl joined and repeated to 1,000,000 bytes.
3. Prints a markdown table and writes bench/results/extraction.json.

Aims: ≥ 200 passages/s; 1 MB well under 2 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "dangbo" / "targets" / "tests" / "data"
RESULTS = ROOT / "bench" / "results"
AIM_PASSAGES_S = 200.0
AIM_MEGABYTE_S = 2.0

sys.path.insert(0, str(ROOT))

from dangbo.targets.extraction import extract_targets  # noqa: E402


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def texts(name: str) -> list[str]:
    lines = (DATA / name).read_text("utf-8").splitlines()
    return [str(json.loads(line)["text"]) for line in lines if line.strip()]


def megabyte() -> str:
    chunk = "\n".join(texts("targets_own.jsonl"))
    body = (chunk + "\n") * (1_000_000 // len(chunk.encode()) + 1)
    return body.encode()[:1_000_000].decode("utf-8", "ignore")


def bench_passages(passages: list[str], seconds: float) -> dict[str, Any]:
    for text in passages:
        extract_targets(text)
    count, found = 0, 0
    cpu, started = cpu_seconds(), time.perf_counter()
    while time.perf_counter() - started < seconds:
        for text in passages:
            found += len(extract_targets(text))
        count += len(passages)
    wall = time.perf_counter() - started
    used = cpu_seconds() - cpu
    return {
        "passages": count,
        "targets": found,
        "seconds": wall,
        "cpu_seconds": used,
        "passages_per_s": count / wall,
        "passages_per_cpu_s": count / used if used else 0.0,
    }


def bench_megabyte(text: str, repeats: int) -> dict[str, Any]:
    # CPU time as well as wall time: on a shared machine the wall clock also measures the load.
    times: list[float] = []
    cpu: list[float] = []
    found = 0
    for _ in range(repeats):
        started, cpu_started = time.perf_counter(), time.process_time()
        found = len(extract_targets(text))
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
    return {
        "bytes": len(text.encode()),
        "targets": found,
        "seconds": min(times),
        "cpu_seconds": min(cpu),
        "runs": times,
    }


def table(report: dict[str, Any]) -> str:
    p, mb = report["passages"], report["megabyte"]
    ok_p = p["passages_per_s"] >= AIM_PASSAGES_S
    ok_mb = mb["seconds"] < AIM_MEGABYTE_S
    return "\n".join(
        [
            "| measure | result | aim | met |",
            "|---|---:|---|---|",
            f"| dev passages, one core | {p['passages_per_s']:,.0f} passages/s "
            f"({p['passages_per_cpu_s']:,.0f}/CPU s) | ≥ {AIM_PASSAGES_S:,.0f} passages/s "
            f"| {'✅' if ok_p else '❌'} |",
            f"| 1 MB of text, one call | {mb['seconds']:.2f} s, {mb['cpu_seconds']:.2f} CPU s "
            f"({mb['targets']} targets) "
            f"| < {AIM_MEGABYTE_S:.0f} s | {'✅' if ok_mb else '❌'} |",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    report: dict[str, Any] = {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        },
        "aims": {"passages_per_s": AIM_PASSAGES_S, "megabyte_seconds": AIM_MEGABYTE_S},
        "passages": bench_passages(texts("targets_dev.jsonl"), args.seconds),
        "megabyte": bench_megabyte(megabyte(), args.repeats),
    }
    markdown = table(report)
    report["table"] = markdown
    RESULTS.mkdir(parents=True, exist_ok=True)
    body = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    (RESULTS / "extraction.json").write_text(body, encoding="utf-8")
    print(markdown)
    print("\nWritten: bench/results/extraction.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
