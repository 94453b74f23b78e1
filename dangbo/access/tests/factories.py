"""Factories for users, grants and audit events (see dangbo/orgs/tests/factories.py for the
conventions the scope contract relies on: `create_in(org)` and `markers(obj)`).

Users and audit events have their factories here because their services live here (users) or
because access is what scopes them (audit events).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from factory.django import DjangoModelFactory

from dangbo.access.models import Grant, Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.audit.services import record
from dangbo.orgs.models import Organization
from dangbo.orgs.tests.factories import FOUNDED, OrganizationFactory


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"kiemthu{n:04d}")
    full_name = factory.Sequence(lambda n: f"Người Dùng Kiểm Thử {n:04d}")
    password = factory.django.Password("mat-khau-thu-nghiem-2025")


class GrantFactory(DjangoModelFactory[Grant]):
    class Meta:
        model = Grant

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Role.VIEWER
    valid_from = FOUNDED
    valid_to: dt.date | None = None

    @classmethod
    def markers(cls, grant: Grant) -> list[str]:
        return [grant.user.full_name, grant.user.username]


class AuditEventFactory(DjangoModelFactory[AuditEvent]):
    """An event appended through `record`, so the chain stays intact. Its target is a new
    unit under `organization` whose name (the event's object_repr) marks it on pages."""

    class Meta:
        model = AuditEvent

    organization = factory.SubFactory(OrganizationFactory)
    action = "kiem_thu.ghi"

    @classmethod
    def _create(cls, model_class: type[AuditEvent], *args: Any, **kwargs: Any) -> AuditEvent:
        organization: Organization = kwargs["organization"]
        target = OrganizationFactory.create(parent=organization)
        return record(
            actor=kwargs.get("actor"),
            action=kwargs["action"],
            target=target,
            organization=target,
            after={"ghi_chu": target.name},
        )

    @classmethod
    def create_in(cls, org: Organization) -> AuditEvent:
        return cls.create(organization=org)

    @classmethod
    def markers(cls, event: AuditEvent) -> list[str]:
        return [event.object_repr]
