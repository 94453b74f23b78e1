"""Small helpers shared by the access pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme

from dangbo.access.policy import allows
from dangbo.access.scoping import active_grants


def safe_next(request: HttpRequest, url: str | None, default: str = "home") -> str:
    """`url` when it points inside this site, else the URL named `default`: a `next` taken from
    a form or query string must never send the user to another host."""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse(default)


def require_some(user: Any, action: str) -> None:
    """403 unless one of the user's current grants allows `action` somewhere."""
    if not any(allows(g.role, action) for g in active_grants(user)):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")


def once(response: HttpResponse) -> HttpResponse:
    """A page that shows a secret once (temporary password, API token): never cached."""
    add_never_cache_headers(response)
    return response
