"""Which address the audit log and the login lockout record."""

from typing import Any

from django.test import RequestFactory

from dangbo.audit.middleware import client_ip


def test_client_ip_ignores_x_real_ip_unless_a_proxy_is_trusted(settings: Any) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.5", HTTP_X_REAL_IP="203.0.113.9")
    settings.DANGBO_TRUST_X_REAL_IP = False
    assert client_ip(request) == "10.0.0.5"
    settings.DANGBO_TRUST_X_REAL_IP = True
    assert client_ip(request) == "203.0.113.9"
