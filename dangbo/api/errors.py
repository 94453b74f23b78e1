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
    if isinstance(exc, DjangoValidationError):
        # Services raise Django's ValidationError; the API answers 400 with the same fields.
        exc = exceptions.ValidationError(detail=_as_field_errors(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound("Không tìm thấy hoặc bạn không có quyền xem.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    return drf_exception_handler(exc, context)


def _as_field_errors(exc: DjangoValidationError) -> dict[str, list[str]] | list[str]:
    if hasattr(exc, "error_dict"):
        return {
            field: [str(m) for e in errors for m in e.messages]
            for field, errors in exc.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}
