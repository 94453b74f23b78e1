"""Quản trị accounts must pass a TOTP check (django-otp) before doing anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

from dangbo.access.scoping import is_admin

# Pages an admin may open before the second factor: the login itself and setting up a device.
ALLOWED_PREFIXES = (
    "/tai-khoan/dang-nhap",
    "/tai-khoan/dang-xuat",
    "/tai-khoan/xac-thuc",
    "/static/",
)


class RequireOtpForAdminsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            settings.DANGBO_REQUIRE_ADMIN_OTP
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not user.is_verified()  # type: ignore[attr-defined]  # set by OTPMiddleware
            and is_admin(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Tài khoản quản trị phải xác thực hai lớp (TOTP) trước."},
                    status=403,
                )
            return redirect("access:otp")
        return self.get_response(request)
