"""python manage.py import_members FILE --org CODE [--dry-run] [--skip-invalid]

The same engine as the pages: the file is checked (and, without --dry-run, written in one
transaction). Every bad row is printed with its reason; the exit status is non-zero when
the file was refused or nothing was written."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from dangbo.accounts.models import User
from dangbo.core.formats import format_number
from dangbo.imports import engine, services
from dangbo.imports.models import ImportJob, JobStatus
from dangbo.orgs.models import Organization

SPEC = "members"
COUNT_LABELS = (
    ("new", "thêm mới"),
    ("updated", "cập nhật"),
    ("unchanged", "không đổi"),
    ("invalid", "có lỗi"),
)


class Command(BaseCommand):
    help = "Nhập danh sách đảng viên từ tệp xlsx, xls, ods hoặc csv."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Tệp cần nhập")
        parser.add_argument("--org", required=True, help="Mã đơn vị nhận (chi bộ hoặc đảng bộ)")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ kiểm tra, không ghi")
        parser.add_argument("--skip-invalid", action="store_true", help="Bỏ qua các dòng lỗi")
        parser.add_argument("--sheet", default="", help="Tên trang tính (mặc định: trang đầu)")
        parser.add_argument("--all-sheets", action="store_true", help="Nhập mọi trang tính")
        parser.add_argument("--user", default="", help="Tên đăng nhập ghi vào nhật ký")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        org = Organization.objects.filter(code=options["org"]).first()
        if org is None:
            raise CommandError(f"Không có đơn vị mã «{options['org']}».")
        actor = None
        if options["user"]:
            actor = User.objects.filter(username=options["user"]).first()
            if actor is None:
                raise CommandError(f"Không có người dùng «{options['user']}».")
        try:
            job, workbook = services.upload_file(
                actor=actor,
                organization=org,
                spec=SPEC,
                file_name=path.name,
                data=path.read_bytes(),
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        if options["sheet"] or options["all_sheets"]:
            job.sheet = options["sheet"]
            job.all_sheets = options["all_sheets"]
        job.skip_invalid = options["skip_invalid"]
        job.save(update_fields=["sheet", "all_sheets", "skip_invalid"])
        action = "check" if options["dry_run"] else "commit"
        job = engine.run(job, action, actor=actor, workbook=workbook)
        self._report(job)
        ok = JobStatus.CHECKED if options["dry_run"] else JobStatus.DONE
        if job.status != ok or (options["dry_run"] and job.counts.get("invalid")):
            raise CommandError(job.message or "Tệp có dòng lỗi.")

    def _report(self, job: ImportJob) -> None:
        for notice in job.notices[:20]:
            self.stdout.write(f"Lưu ý: {notice}")
        for error in job.errors:
            where = f"Dòng {error['row']}"
            if error["column"]:
                where += f", cột {error['column']}"
                if error["header"]:
                    where += f" ({error['header']})"
            self.stdout.write(f"{where}: {error['reason']}")
        if job.error_count > len(job.errors):
            self.stdout.write(f"… và {format_number(job.error_count - len(job.errors))} lỗi khác.")
        if job.counts:
            parts = [f"{format_number(job.counts.get(k, 0))} {label}" for k, label in COUNT_LABELS]
            self.stdout.write(f"{job.get_status_display()}: " + ", ".join(parts) + ".")
        if job.message:
            self.stdout.write(job.message)
