"""JSON errors with Vietnamese messages, one list per field (DESIGN rule 6)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    exc = _in_vietnamese(exc)
    if isinstance(exc, DjangoValidationError):
        # Services raise Django's ValidationError; the API answers 400 with the same fields.
        exc = exceptions.ValidationError(detail=_as_field_errors(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("Không tìm thấy hoặc bạn không có quyền xem.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    return drf_exception_handler(exc, context)


def _in_vietnamese(exc: Exception) -> Exception:
    """DRF's Vietnamese catalogue is incomplete: reword the errors raised before a view runs
    (login, token, parsing, content negotiation) for every API view, the schema included."""
    if isinstance(exc, exceptions.NotAuthenticated):
        return exceptions.NotAuthenticated("Bạn chưa đăng nhập hoặc phiên làm việc đã hết hạn.")
    if isinstance(exc, exceptions.AuthenticationFailed):
        return exceptions.AuthenticationFailed(
            "Thông tin xác thực không hợp lệ (mã token sai hoặc tài khoản đã bị khóa)."
        )
    if isinstance(exc, exceptions.ParseError):
        return exceptions.ParseError("Dữ liệu gửi lên không phải JSON hợp lệ.")
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return exceptions.UnsupportedMediaType(
            "", detail="Chỉ nhận dữ liệu dạng JSON (Content-Type: application/json)."
        )
    if isinstance(exc, exceptions.NotAcceptable):
        return exceptions.NotAcceptable("API chỉ trả về JSON (application/json).")
    if isinstance(exc, exceptions.MethodNotAllowed):
        return exceptions.MethodNotAllowed("", detail="Phương thức này không được hỗ trợ.")
    return exc


def _as_field_errors(exc: DjangoValidationError) -> dict[str, list[str]] | list[str]:
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages]
            for field, errors in exc.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}
