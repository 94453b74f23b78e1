from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from dangbo.audit.context import current_ip


class RequestContextMiddleware:
    """Remembers the client address for the AuditEvents written while serving this request.

    Behind nginx the address comes from X-Real-IP, which the proxy sets (docs/deploy.md)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        ip = request.META.get("HTTP_X_REAL_IP") or request.META.get("REMOTE_ADDR") or ""
        token = current_ip.set(ip[:45])
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
