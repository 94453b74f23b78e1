"""`manage.py seed_demo --size small|province|national [--seed N] [--no-input]`.

Builds deterministic demo data (random.Random(seed)) shaped like Đảng bộ tỉnh Cà Mau after the
2025 restructuring, and prints the demo logins. Safe to run twice: when the database already
holds organisations it says so and does nothing, so `make demo` can be repeated.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Count

from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.audit.verify import verify_chain
from dangbo.core.formats import format_number
from dangbo.demo.generator import Seeder
from dangbo.demo.logins import CAST, DEFAULT_PASSWORD, PASSWORD_ENV, demo_password
from dangbo.demo.party_life import load_party_life
from dangbo.demo.party_life.reporting import load_reporting
from dangbo.demo.plans import NATIONAL, PROVINCE, SMALL
from dangbo.demo.program import load_program
from dangbo.demo.roll import RollStats
from dangbo.demo.sizes import seed_national, seed_province, seed_small
from dangbo.indicators.compute import refresh as refresh_indicators
from dangbo.members.models import ON_ROLL, Member, MemberEvent, MemberStatus, Transfer
from dangbo.members.statistics import tallies
from dangbo.orgs.models import CommitteeSeat, Organization

TOTP_HINT = "DANGBO_DEBUG=1 .venv/bin/python manage.py demo_totp quantri"
SHAPES = {"small": SMALL, "province": PROVINCE, "national": NATIONAL}


class Command(BaseCommand):
    help = (
        "Tạo dữ liệu mẫu (Đảng bộ tỉnh Cà Mau): small ≈ 30 tổ chức, province ≈ 3.000, "
        "national ≈ 322.000 (chỉ PostgreSQL). Bỏ qua nếu cơ sở dữ liệu đã có tổ chức."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--size",
            choices=sorted(SHAPES),
            default="small",
            help="Quy mô dữ liệu (mặc định: small).",
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=2025,
            help="Hạt giống ngẫu nhiên: cùng hạt giống cho cùng dữ liệu.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Không hỏi xác nhận (quy mô national).",
        )
        # For tests and benchmarks: fewer communes (a province, or each province of the
        # national size) and fewer provinces (national), same code path.
        parser.add_argument("--communes", type=int, default=None, help=argparse.SUPPRESS)
        parser.add_argument("--provinces", type=int, default=None, help=argparse.SUPPRESS)
        parser.add_argument("--batch-size", type=int, default=5000, help=argparse.SUPPRESS)
        # For benchmarks at another scale (bench/evaluations.py: 85 gives ≈ 250,000 members).
        parser.add_argument("--members-per-cell", type=float, default=None, help=argparse.SUPPRESS)
        # For tests that never look at meetings, study or candidates: the year of party life
        # goes through the services and costs most of a small seed's time.
        parser.add_argument("--without-party-life", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        size: str = options["size"]
        if Organization.objects.exists():
            self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; bỏ qua.")
            self._remind_logins()
            return
        if size == "national":
            if connection.vendor != "postgresql":
                raise CommandError(
                    "Quy mô national (≈ 322.000 tổ chức) chỉ chạy trên PostgreSQL: "
                    "đặt DATABASE_URL=postgres://… rồi chạy lại."
                )
            if options["interactive"] and not self._confirm():
                self.stdout.write("Đã hủy.")
                return
        communes, provinces = options["communes"], options["provinces"]
        if communes is not None and (size == "small" or communes < 1):
            raise CommandError(
                "--communes chỉ dùng với --size province hoặc national và phải từ 1 trở lên."
            )
        if provinces is not None and (size != "national" or provinces < 1):
            raise CommandError("--provinces chỉ dùng với --size national và phải từ 1 trở lên.")

        password = demo_password()
        # Demo data, not secrets: a seeded generator is what makes the data reproducible.
        rng = random.Random(options["seed"])
        shape = SHAPES[size]
        if options["members_per_cell"]:
            if not 1 <= options["members_per_cell"] <= 500:
                raise CommandError("--members-per-cell phải từ 1 đến 500.")
            shape = dataclasses.replace(shape, members_per_cell=options["members_per_cell"])
        seeder = Seeder(
            rng=rng,
            shape=shape,
            password=password,
            log=self.stdout.write,
            batch_size=options["batch_size"],
        )
        self.stdout.write(f"Đang tạo dữ liệu mẫu «{size}» (hạt giống {options['seed']})…")
        if connection.vendor == "sqlite":
            # The roll's indexes outgrow SQLite's default 2 MB page cache many times over;
            # with 256 MB (for this connection only) the bulk load is not spent re-reading pages.
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA cache_size = -262144")
        started = time.perf_counter()
        try:
            if size == "small":
                with transaction.atomic():
                    seed_small(seeder)
            elif size == "province":
                with transaction.atomic():
                    seed_province(seeder, communes)
            else:
                seed_national(seeder, communes, provinces)
        except ValidationError as exc:
            raise CommandError(f"Không tạo được dữ liệu mẫu: {' '.join(exc.messages)}") from exc
        try:
            with transaction.atomic():
                program = load_program()
        except ValidationError as exc:
            raise CommandError(f"Không nạp được văn bản mẫu: {' '.join(exc.messages)}") from exc
        party_started = time.perf_counter()
        party_life = None
        try:
            if not options["without_party_life"]:
                with transaction.atomic():
                    party_life = load_party_life(all_cells=size == "small")
        except ValidationError as exc:
            raise CommandError(
                f"Không tạo được sinh hoạt đảng mẫu: {' '.join(exc.messages)}"
            ) from exc
        party_seconds = time.perf_counter() - party_started
        try:
            with transaction.atomic():
                reporting_stats = load_reporting()
        except ValidationError as exc:
            raise CommandError(
                f"Không tạo được báo cáo theo biểu mẫu mẫu: {' '.join(exc.messages)}"
            ) from exc
        with connection.cursor() as cursor:
            # After a bulk load the planner's statistics describe the empty tables until
            # autovacuum comes by: on the national data a unit's page took 110 ms instead of
            # 30 ms (a sequential scan of 800,000 seats). ANALYZE takes a second.
            cursor.execute("ANALYZE")
        self._report(size, time.perf_counter() - started, seeder)
        if program is not None:
            self.stdout.write(
                f"  Văn bản mẫu: {program.document.symbol} — {program.targets} chỉ tiêu, "
                f"{program.key_tasks} nhiệm vụ trọng tâm, {program.breakthroughs} khâu đột phá, "
                "một năm báo cáo tiến độ."
            )
        if party_life is not None:
            self.stdout.write(f"  {party_life.summary()} ({format_number(party_seconds, 1)} giây)")
        if reporting_stats is not None:
            self.stdout.write(f"  {reporting_stats.summary()}.")
        # After every step that writes the roll: today's counts per unit, which the
        # statistics read (members.statistics.tallies).
        counted = tallies.rebuild()
        self.stdout.write(
            f"  Số liệu đảng viên theo tổ chức: {format_number(counted.units)} tổ chức "
            f"({format_number(counted.seconds, 1)} giây)"
        )
        # Last step, after every other demo step: the indicators' values (issue #9).
        self._refresh_indicators(size)
        self.stdout.write(
            f"Tổng thời gian: {format_number(time.perf_counter() - started, 1)} giây."
        )

    def _refresh_indicators(self, size: str) -> None:
        """Compute every indicator for the term so the demo pages show values at once (the
        national size is left to `manage.py refresh_indicators --all`: hours of work)."""
        if size == "national":
            self.stdout.write("  Chỉ số: chạy `manage.py refresh_indicators --all` để tính.")
            return
        begun = time.perf_counter()
        run = refresh_indicators()
        self.stdout.write(
            f"  Chỉ số: đã tính {format_number(run.values)} giá trị của {run.indicators} chỉ số "
            f"({format_number(time.perf_counter() - begun, 1)} giây)"
        )

    def _confirm(self) -> bool:
        answer = input(
            "Quy mô national ghi khoảng 322.000 tổ chức và 5,6 triệu đảng viên (khoảng 30 "
            "triệu dòng, 15 GB), mất khoảng một giờ. Tiếp tục? [c/K] "
        )
        return answer.strip().lower() in {"c", "co", "có", "y", "yes"}

    def _report(self, size: str, seconds: float, seeder: Seeder) -> None:
        result = seeder.result
        total = Organization.objects.count()
        active = Organization.objects.filter(active_to__isnull=True).count()
        chain = verify_chain()
        write = self.stdout.write
        write(
            self.style.SUCCESS(
                f"Đã tạo dữ liệu mẫu «{size}» trong {format_number(seconds, 1)} giây."
            )
        )
        write(
            f"  Tổ chức đảng: {format_number(total)} (đang hoạt động {format_number(active)}; "
            f"{format_number(result.bulk.organizations)} tạo theo lô, "
            f"{format_number(result.bulk.batches)} lô)"
        )
        write(f"  Cấp ủy viên: {format_number(CommitteeSeat.objects.count())}")
        self._report_roll(result.roll)
        write(
            f"  Nhật ký: {format_number(AuditEvent.objects.count())} sự kiện, "
            + ("chuỗi băm toàn vẹn." if chain.intact else f"LỖI: {chain.problem}")
        )
        if not result.logins:
            return
        password_note = (
            f"đặt bằng biến môi trường {PASSWORD_ENV}"
            if seeder.password != DEFAULT_PASSWORD
            else f"mặc định; đổi bằng biến môi trường {PASSWORD_ENV}"
        )
        write("")
        write(f"Tài khoản dùng thử (mật khẩu {password_note}):")
        header = ("Tên đăng nhập", "Mật khẩu", "Vai trò", "Đơn vị", "Họ và tên")
        rows = [(x.username, x.password, x.role, x.unit, x.full_name) for x in result.logins]
        widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        line = "| " + " | ".join(f"{{:<{w}}}" for w in widths) + " |"
        write(line.format(*header))
        write("|" + "|".join("-" * (w + 2) for w in widths) + "|")
        for row in rows:
            write(line.format(*row))
        write("")
        write("Tài khoản quantri phải nhập mã xác thực hai lớp (TOTP) sau khi đăng nhập:")
        write(f"  Khóa bí mật (base32), thêm vào ứng dụng xác thực: {result.totp_secret}")
        write(f"  Hoặc mở liên kết cấu hình: {result.totp_url}")
        write(f"  Không có điện thoại: `{TOTP_HINT}` in ra mã 6 số hiện tại.")

    def _report_roll(self, roll: RollStats) -> None:
        by_status = dict(
            Member.objects.values_list("status").annotate(n=Count("id")).order_by("status")
        )
        on_roll = sum(by_status.get(s, 0) for s in ON_ROLL)
        left = sum(by_status.values()) - on_roll
        n = format_number
        self.stdout.write(
            f"  Đảng viên: {n(sum(by_status.values()))} hồ sơ; đang sinh hoạt {n(on_roll)} "
            f"(chính thức {n(by_status.get(MemberStatus.OFFICIAL, 0))}, dự bị "
            f"{n(by_status.get(MemberStatus.PROBATIONARY, 0))}, miễn sinh hoạt "
            f"{n(by_status.get(MemberStatus.EXEMPT, 0))}); đã ra khỏi danh sách {n(left)}"
        )
        self.stdout.write(
            f"    {n(MemberEvent.objects.count())} sự kiện quá trình; "
            f"{n(Transfer.objects.count())} giấy chuyển sinh hoạt ({n(roll.pending_transfers)} "
            f"chờ tiếp nhận, {n(roll.overdue_transfers)} quá hạn); "
            f"{n(roll.linked_users)} tài khoản gắn với hồ sơ đảng viên"
        )

    def _remind_logins(self) -> None:
        """On a second `make demo`, say again how to log in (the table was printed before)."""
        names = [u for u, _ in CAST if User.objects.filter(username=u).exists()]
        if names:
            self.stdout.write(
                f"Tài khoản dùng thử đã có: {', '.join(names)} (mật khẩu mặc định "
                f"«{DEFAULT_PASSWORD}» nếu lúc tạo không đặt {PASSWORD_ENV}); "
                f"mã xác thực của quantri: `{TOTP_HINT}`."
            )
