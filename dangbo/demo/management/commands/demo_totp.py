"""`manage.py demo_totp USERNAME`: print the current TOTP code of a user's confirmed device.

For trying the demo without a phone. A code generator defeats the second factor, so it
refuses to run unless this is a development machine (DANGBO_DEBUG=1) or the demo is declared
explicitly (DANGBO_DEMO=1).
"""

from __future__ import annotations

import os
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from dangbo.accounts.models import User
from dangbo.demo.logins import current_code


class Command(BaseCommand):
    help = "In mã xác thực 6 số hiện tại của một tài khoản (chỉ dùng cho bản chạy thử)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="Tên đăng nhập, ví dụ quantri.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not (settings.DEBUG or os.environ.get("DANGBO_DEMO") == "1"):
            raise CommandError(
                "Lệnh này chỉ dùng cho bản chạy thử: đặt DANGBO_DEBUG=1 hoặc DANGBO_DEMO=1. "
                "Không bao giờ dùng trên máy chủ thật."
            )
        username = options["username"].strip().lower()
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản «{username}».")
        device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
        if device is None:
            raise CommandError(f"Tài khoản «{username}» chưa có thiết bị xác thực đã xác nhận.")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        if totp.t() <= device.last_t:
            # A code is accepted once: the one of this time step has been used already.
            wait = device.step - (int(time.time()) - device.t0) % device.step
            self.stderr.write(f"Mã của khoảng thời gian này đã được dùng; đợi {wait} giây…")
            time.sleep(wait + 1)
        code = current_code(device)
        left = device.step - (int(time.time()) - device.t0) % device.step
        self.stdout.write(code)
        self.stderr.write(f"(còn hiệu lực khoảng {left} giây)")
