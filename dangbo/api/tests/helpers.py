"""Helpers for the API tests: JSON requests and a fingerprint of everything a write could touch,
to prove that a refused request changed nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.test import Client

from dangbo.access.models import Grant
from dangbo.audit.models import AuditEvent
from dangbo.orgs.models import Assignment, Committee, CommitteeSeat, Organization, OrgEvent, Term

API = "/api/v1"


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data, content_type="application/json")


def post_refused(client: Client, url: str, data: Any) -> Any:
    """POST `data` as JSON, asserting that the request (to be refused) changed nothing."""
    with nothing_changes():
        return post(client, url, data)


def patch(client: Client, url: str, data: Any) -> Any:
    return client.patch(url, data, content_type="application/json")


def org_url(org: Organization | int, suffix: str = "") -> str:
    pk = org if isinstance(org, int) else org.pk
    return f"{API}/organizations/{pk}/{suffix}"


def fingerprint() -> tuple[Any, ...]:
    """Every row a write of this API could add or change."""
    return (
        list(
            Organization.objects.order_by("pk").values_list(
                "pk", "path", "name", "short_name", "code", "active_to", "merged_into"
            )
        ),
        OrgEvent.objects.count(),
        AuditEvent.objects.count(),
        list(Grant.objects.order_by("pk").values_list("pk", "valid_from", "valid_to")),
        Term.objects.count(),
        Committee.objects.count(),
        list(CommitteeSeat.objects.order_by("pk").values_list("pk", "ended_on")),
        Assignment.objects.count(),
    )


@contextmanager
def nothing_changes() -> Iterator[None]:
    """Assert that the block leaves every table an API write could touch as it was."""
    before = fingerprint()
    yield
    assert fingerprint() == before
