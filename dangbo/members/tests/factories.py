"""Factories for members, their events and transfers, made through the services so every row
has the events, caches and audit events a real one has.

Scope contract (tests/test_scope_contract.py): each factory has `create_in(org)` (org must be
a cell) and `markers(obj)`, texts unique to the object that a page or the API would show.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from factory.django import DjangoModelFactory

from dangbo.accounts.models import User
from dangbo.members import services
from dangbo.members.models import CorrectionRequest, Member, MemberEvent, Sex, Transfer
from dangbo.orgs.models import Organization
from dangbo.orgs.services import Decision

DECIDED = dt.date(2020, 3, 2)
ADMITTED = dt.date(2020, 3, 16)
OFFICIAL = dt.date(2021, 3, 16)


class MemberFactory(DjangoModelFactory[Member]):
    """An official member entered from the paper roll (`official=False`: still probationary)."""

    class Meta:
        model = Member

    # Zero-padded so that no name is the beginning of another's (pages are searched for it).
    full_name = factory.Sequence(lambda n: f"Đảng viên kiểm thử {n:04d}")
    sex = Sex.FEMALE
    birth_date = dt.date(1970, 6, 15)
    national_id = factory.Sequence(lambda n: f"0791{n:08d}")
    organization: Any = None
    decision_date = DECIDED
    admitted_on = ADMITTED
    official_on: dt.date | None = OFFICIAL

    @classmethod
    def _create(cls, model_class: type[Member], *args: Any, **kwargs: Any) -> Member:
        organization = kwargs.pop("organization")
        if organization is None:
            raise ValueError("MemberFactory needs organization=<a cell>")
        return services.create_member(
            actor=kwargs.pop("actor", None),
            organization=organization,
            decision_date=kwargs.pop("decision_date"),
            admitted_on=kwargs.pop("admitted_on"),
            official_on=kwargs.pop("official_on"),
            data=kwargs,
        )

    @classmethod
    def create_in(cls, org: Organization) -> Member:
        return cls.create(organization=org)

    @classmethod
    def markers(cls, member: Member) -> list[str]:
        return [member.full_name, member.national_id or ""]


class MemberEventFactory(DjangoModelFactory[MemberEvent]):
    """A position change of a new member of `member__organization`."""

    class Meta:
        model = MemberEvent

    member = factory.SubFactory(MemberFactory)
    note = factory.Sequence(lambda n: f"Ghi chú quá trình kiểm thử {n:04d}")
    party_position = factory.Sequence(lambda n: f"Chi ủy viên kiểm thử {n:04d}")

    @classmethod
    def _create(cls, model_class: type[MemberEvent], *args: Any, **kwargs: Any) -> MemberEvent:
        event: MemberEvent = services.change_position(
            actor=None,
            member=kwargs["member"],
            decision=Decision(effective_on=dt.date(2022, 1, 10), note=kwargs["note"]),
            party_position=kwargs["party_position"],
        )
        return event

    @classmethod
    def create_in(cls, org: Organization) -> MemberEvent:
        return cls.create(member=MemberFactory.create(organization=org))

    @classmethod
    def markers(cls, event: MemberEvent) -> list[str]:
        return [event.note, event.details["after"]["party_position"]]


class TransferFactory(DjangoModelFactory[Transfer]):
    """A pending transfer out of the system of a new member of `member__organization`."""

    class Meta:
        model = Transfer

    member = factory.SubFactory(MemberFactory)
    to_outside = factory.Sequence(lambda n: f"Nơi đến kiểm thử {n:04d}")
    letter_number = factory.Sequence(lambda n: f"{n:04d}-GGT/KT")
    letter_issued_on = dt.date(2025, 9, 10)

    @classmethod
    def _create(cls, model_class: type[Transfer], *args: Any, **kwargs: Any) -> Transfer:
        return services.start_transfer(actor=None, **kwargs)

    @classmethod
    def create_in(cls, org: Organization) -> Transfer:
        return cls.create(member=MemberFactory.create(organization=org))

    @classmethod
    def markers(cls, transfer: Transfer) -> list[str]:
        return [transfer.to_outside, transfer.letter_number]


class CorrectionRequestFactory(DjangoModelFactory[CorrectionRequest]):
    """A member's pending request to correct their occupation, made by the account linked to
    their record (a new account and a new member of `member__organization` by default)."""

    class Meta:
        model = CorrectionRequest

    member = factory.SubFactory(MemberFactory)
    requested_value = factory.Sequence(lambda n: f"Nghề nghiệp kiểm thử {n:04d}")
    reason = factory.Sequence(lambda n: f"Lý do đính chính kiểm thử {n:04d}")

    @classmethod
    def _create(
        cls, model_class: type[CorrectionRequest], *args: Any, **kwargs: Any
    ) -> CorrectionRequest:
        member: Member = kwargs["member"]
        if member.user is None:
            account = User.objects.create_user(
                username=f"dang-vien-{member.pk}", full_name=member.full_name
            )
            member = services.link_member_user(actor=None, member=member, user=account)
        assert member.user is not None
        return services.request_correction(
            actor=member.user,
            member=member,
            target="field:occupation",
            requested_value=kwargs["requested_value"],
            reason=kwargs["reason"],
        )

    @classmethod
    def create_in(cls, org: Organization) -> CorrectionRequest:
        return cls.create(member=MemberFactory.create(organization=org))

    @classmethod
    def markers(cls, correction: CorrectionRequest) -> list[str]:
        return [correction.requested_value, correction.reason]
