"""`python manage.py refresh_roll_tallies`: count today's roll once per unit again.

The statistics of today read these counts (members.statistics.tallies) and keep them up to
date with every audited change; ages and party ages move with the calendar, so the counts are
rebuilt each night (docs/deploy.md). Until then, or after a change of the tree's shape, the
statistics count live."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from dangbo.core.formats import format_number
from dangbo.members.statistics import tallies


class Command(BaseCommand):
    help = "Đếm lại số liệu đảng viên của từng tổ chức cho ngày hôm nay (chạy hằng đêm)."

    def handle(self, *args: Any, **options: Any) -> None:
        done = tallies.rebuild()
        self.stdout.write(
            f"Đã đếm số liệu đảng viên của {format_number(done.units)} tổ chức "
            f"trong {format_number(done.seconds, 1)} giây."
        )
