"""`python manage.py extract_targets --jsonl IN.jsonl > OUT.jsonl` (issue #6 §3).

Reads records {"id", "text"} one per line ("-" reads stdin) and writes {"id", "targets"} one
line per record, in input order, with the guide's fields only. A bad line is reported in
Vietnamese on stderr and the command exits non-zero, after the good lines are written.
"""

from __future__ import annotations

import json
import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.targets.extraction import extract_targets


class Command(BaseCommand):
    help = "Trích xuất chỉ tiêu từ văn bản (JSONL: mỗi dòng có id và text)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jsonl", required=True, help="tệp JSONL đầu vào, hoặc - (stdin)")

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["jsonl"]
        if path == "-":
            bad = self._run(sys.stdin)
        else:
            try:
                with open(path, encoding="utf-8") as source:
                    bad = self._run(source)
            except OSError as exc:
                raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}") from exc
        if bad:
            raise CommandError(f"Có {bad} dòng không hợp lệ; xem thông báo ở trên.")

    def _run(self, source: TextIO) -> int:
        bad = 0
        for number, line in enumerate(source, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or "id" not in record:
                    raise ValueError("thiếu trường id")
                text = record.get("text")
                if not isinstance(text, str):
                    raise ValueError("trường text phải là chuỗi")
            except (ValueError, UnicodeDecodeError) as exc:
                bad += 1
                reason = "JSON không hợp lệ" if isinstance(exc, json.JSONDecodeError) else exc
                self.stderr.write(f"Dòng {number}: {reason}.")
                continue
            targets = [t.as_dict() for t in extract_targets(text)]
            self.stdout.write(
                json.dumps({"id": record["id"], "targets": targets}, ensure_ascii=False)
            )
        return bad
