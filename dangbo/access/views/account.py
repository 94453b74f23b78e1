"""The user's own account: second factor (TOTP), password and API token."""

from __future__ import annotations

from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from dangbo.access import services
from dangbo.access.forms import OtpForm, PasswordForm, add_service_errors
from dangbo.access.views.common import once, safe_next
from dangbo.accounts.models import User


def after_login_url(request: HttpRequest, user: User, next_url: str | None) -> str:
    """Where a user goes once fully logged in: the password page while they still hold a
    temporary password (then on to `next`), else `next` when it is local, else home."""
    target = safe_next(request, next_url)
    if user.must_change_password:
        return f"{reverse('access:password')}?{urlencode({'next': target})}"
    return target


def _qr_svg(data: str) -> str:
    """The QR code as inline SVG markup: no image request and no data: URI, so it passes the
    Content-Security-Policy; the markup is drawn by qrcode from our own otpauth URL."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return image.to_string(encoding="unicode")


def _grouped_secret(device: TOTPDevice) -> str:
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
@require_http_methods(["GET", "POST"])
def otp(request: HttpRequest) -> HttpResponse:
    """Set up the authenticator app (first time) or enter its code (each login)."""
    user: User = request.user  # type: ignore[assignment]
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    setup = device is None
    if setup:
        device = services.start_totp_setup(actor=user)
    assert device is not None
    form = OtpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                if setup:
                    services.confirm_totp(
                        actor=user, device=device, token=form.cleaned_data["token"]
                    )
                else:
                    services.verify_totp(
                        actor=user, device=device, token=form.cleaned_data["token"]
                    )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                django_otp.login(request, device)
                messages.success(
                    request,
                    "Đã bật xác thực hai lớp cho tài khoản."
                    if setup
                    else "Xác thực hai lớp thành công.",
                )
                return redirect(after_login_url(request, user, next_url))
        status = 400
    context = {
        "form": form,
        "setup": setup,
        "device": device,
        "verified": user.is_verified(),  # type: ignore[attr-defined]
        "next": next_url,
    }
    if setup:
        context["secret"] = _grouped_secret(device)
        context["qr_svg"] = mark_safe(_qr_svg(device.config_url))  # noqa: S308
    return once(render(request, "access/otp.html", context, status=status))


@login_required
@require_http_methods(["GET", "POST"])
def password(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    form = PasswordForm(user, request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                new_password = form.cleaned_data["new_password1"]
                services.change_password(actor=user, new_password=new_password)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                # The password hash is part of the session hash: keep this session logged in.
                update_session_auth_hash(request, user)
                messages.success(request, "Đã đổi mật khẩu.")
                return redirect(safe_next(request, next_url))
        status = 400
    return render(request, "access/password.html", {"form": form, "next": next_url}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def token(request: HttpRequest) -> HttpResponse:
    """GET: whether the user has an API token. POST: create or replace it, shown once."""
    user: User = request.user  # type: ignore[assignment]
    new_key = ""
    if request.method == "POST":
        new_key = services.issue_api_token(actor=user)
    current = Token.objects.filter(user=user).first()
    return once(render(request, "access/token.html", {"current": current, "new_key": new_key}))


@login_required
@require_POST
def token_revoke(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if services.revoke_api_token(actor=user):
        messages.success(
            request,
            "Đã thu hồi khóa truy cập API. Các chương trình dùng khóa cũ "
            "sẽ không truy cập được nữa.",
        )
    else:
        messages.info(request, "Tài khoản chưa có khóa truy cập API.")
    return redirect("access:token")
