from typing import Any

from django.core.management.base import BaseCommand, CommandError

from dangbo.audit.verify import verify_chain


class Command(BaseCommand):
    help = "Kiểm tra chuỗi băm của nhật ký; thoát khác 0 và chỉ ra sự kiện hỏng đầu tiên."

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.intact:
            raise CommandError(f"Nhật ký KHÔNG toàn vẹn. {report.problem}")
        self.stdout.write(f"Nhật ký toàn vẹn: {report.checked} sự kiện.")
