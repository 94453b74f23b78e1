from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from dangbo.audit.context import current_ip


def client_ip(request: HttpRequest) -> str:
    """The client's address. Behind nginx it is the X-Real-IP header the proxy sets
    (docs/deploy.md), trusted only when DANGBO_TRUST_X_REAL_IP says a proxy is there:
    otherwise anyone could write any address into the audit log or dodge the lockout."""
    forwarded = request.META.get("HTTP_X_REAL_IP", "") if settings.DANGBO_TRUST_X_REAL_IP else ""
    return (forwarded or request.META.get("REMOTE_ADDR") or "")[:45]


class RequestContextMiddleware:
    """Remembers the client address for the AuditEvents written while serving this request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = current_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
