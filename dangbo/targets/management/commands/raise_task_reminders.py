"""`manage.py raise_task_reminders [--enqueue]`: raise today's task reminders (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from dangbo.targets.services import raise_task_reminders
from dangbo.targets.tasks import raise_task_reminders as reminders_task


class Command(BaseCommand):
    help = "Tạo nhắc việc cho nhiệm vụ sắp đến hạn (trong 7 ngày) và quá hạn; chạy mỗi ngày."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Đưa vào hàng đợi của tiến trình xử lý nền thay vì chạy ngay.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = reminders_task.enqueue()
            self.stdout.write(f"Đã đưa vào hàng đợi: {result.id}")
            return
        count = raise_task_reminders(actor=None)
        self.stdout.write(f"Đã tạo {count} nhắc việc.")
