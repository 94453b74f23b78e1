"""`python manage.py refresh_indicators [--all]`: recompute indicator values now.

Without `--all`, only what the audit events since the last refresh touched (as the background
task does); with it, every active indicator for every period of the current term."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dangbo.indicators.compute import refresh, refresh_changed
from dangbo.indicators.models import IndicatorRefresh, RefreshTrigger


class Command(BaseCommand):
    help = "Tính lại giá trị các chỉ số (mặc định: chỉ những chỉ số có dữ liệu thay đổi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="tính lại mọi chỉ số cho mọi kỳ của nhiệm kỳ"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        run: IndicatorRefresh | None
        if options["all"]:
            run = refresh(trigger=RefreshTrigger.COMMAND)
        else:
            run = refresh_changed(trigger=RefreshTrigger.COMMAND)
        seconds = time.monotonic() - started
        if run is None:
            self.stdout.write("Không có dữ liệu thay đổi kể từ lần tính trước.")
            return
        self.stdout.write(
            f"Đã tính lại {run.indicators} chỉ số, {run.values} giá trị trong {seconds:.1f} giây."
        )
