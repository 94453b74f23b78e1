"""What the page-form tests share: the URLs, a POST that must be refused without writing,
valid admission and entry data, and members in each status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.test import Client
from django.urls import reverse

from conftest import Tree
from dangbo.audit.models import AuditEvent
from dangbo.members import services
from dangbo.members.models import Member, MemberEvent
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.tests.helpers import admit
from dangbo.orgs.services import Decision

ADMIT = reverse("members:member-admit")
CREATE = reverse("members:member-create")


def edit_url(member: Member) -> str:
    return reverse("members:member-edit", args=[member.pk])


def event_url(member: Member, kind: str) -> str:
    return reverse("members:event-create", args=[member.pk, kind])


def correct_url(event: MemberEvent) -> str:
    return reverse("members:event-correct", args=[event.pk])


def profile(member: Member) -> str:
    return reverse("members:member-detail", args=[member.pk])


def counts() -> tuple[int, int, int]:
    return Member.objects.count(), MemberEvent.objects.count(), AuditEvent.objects.count()


def refused(client: Client, url: str, data: dict[str, Any], field: str, words: str) -> None:
    """POST `data`: the same form back, 400, `words` under `field`, nothing written."""
    before = counts()
    response = client.post(url, data)
    assert response.status_code == 400, response.content.decode()[:2000]
    errors = response.context["form"].errors
    assert field in errors, errors
    assert words in " ".join(errors[field]), errors
    assert words in response.content.decode()
    assert counts() == before


def admission(organization: Any, **extra: Any) -> dict[str, Any]:
    return {
        "organization": organization.pk,
        "decision_number": "12-QĐ/ĐU",
        "decision_date": "10/05/2024",
        "effective_on": "01/06/2024",
        "full_name": "Nguyễn Văn Mới",
        "sex": "male",
        "birth_date": "01/01/1995",
        "theory_level": "none",
        **extra,
    }


def entry(organization: Any, **extra: Any) -> dict[str, Any]:
    return {
        "organization": organization.pk,
        "decision_number": "7-QĐ/HU",
        "decision_date": "02/03/2010",
        "admitted_on": "16/03/2010",
        "official_on": "16/03/2011",
        "full_name": "Trần Thị Cũ",
        "sex": "female",
        "birth_date": "15/06/1980",
        "theory_level": "intermediate",
        "admitted_at": "Chi bộ trường THPT An Bình",
        **extra,
    }


def audit_actions(member: Member) -> list[str]:
    return list(
        AuditEvent.objects.filter(organization_id=member.organization_id)
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- Members in each status -----------------------------------------------------------------------


def probationary(tree: Tree) -> Member:
    return admit(tree.cell_a)


def official(tree: Tree) -> Member:
    # Admitted in 1990: the 30-year badge is due.
    return MemberFactory.create(
        organization=tree.cell_a,
        decision_date=dt.date(1990, 3, 2),
        admitted_on=dt.date(1990, 3, 16),
        official_on=dt.date(1991, 3, 16),
    )


def exempt(tree: Tree) -> Member:
    member = official(tree)
    services.exempt_member(
        actor=None, member=member, decision=Decision(effective_on=dt.date(2024, 1, 2))
    )
    return member


def with_card(tree: Tree) -> Member:
    member = official(tree)
    services.issue_card(
        actor=None, member=member, card_number="79000001", issued_on=dt.date(2020, 5, 19)
    )
    return member


def removed(tree: Tree) -> Member:
    member = official(tree)
    services.remove_member(
        actor=None, member=member, decision=Decision(effective_on=dt.date(2023, 1, 5))
    )
    return member


DECISION = {
    "effective_on": "05/01/2026",
    "decision_number": "9-QĐ/ĐU",
    "decision_date": "02/01/2026",
}
