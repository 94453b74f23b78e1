"""`manage.py raise_form_reminders [--enqueue]`: remind the units that have not yet sent a
form's report, before and after its deadline (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dangbo.indicators.reporting_reminders import raise_form_reminders
from dangbo.indicators.reporting_tasks import raise_reporting_reminders


class Command(BaseCommand):
    help = (
        "Nhắc các đơn vị chưa nộp báo cáo theo biểu mẫu (trước hạn và sau khi quá hạn); "
        "chạy mỗi ngày."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Đưa vào hàng đợi của tiến trình xử lý nền thay vì chạy ngay.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = raise_reporting_reminders.enqueue()
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        count = raise_form_reminders(actor=None)
        self.stdout.write(f"Đã tạo {count} nhắc nộp báo cáo.")
