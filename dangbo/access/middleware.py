"""Gates every request passes after login: quản trị accounts must pass a TOTP check (django-otp),
and a user holding a temporary password must change it, before doing anything else."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

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


# Pages a user with a temporary password may open: changing it, the second factor, leaving.
PASSWORD_CHANGE_PREFIXES = (*ALLOWED_PREFIXES, "/tai-khoan/mat-khau")


class RequirePasswordChangeMiddleware:
    """A temporary password (new account, admin reset) is only good for choosing a real one."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(PASSWORD_CHANGE_PREFIXES)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(
                    {"detail": "Bạn phải đổi mật khẩu tạm thời trước khi dùng hệ thống."},
                    status=403,
                )
            return redirect_to_password_change(request)
        return self.get_response(request)


def redirect_to_password_change(request: HttpRequest) -> HttpResponse:
    target = reverse("access:password")
    if request.method == "GET":
        target += "?" + urlencode({"next": request.get_full_path()})
    return redirect(target)
