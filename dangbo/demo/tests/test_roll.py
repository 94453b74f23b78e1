"""The demo's member roll: every cached field is what replaying the events gives, the data
look like a real roll (and obey the regulations), the demo logins have their records, and the
bulk load keeps the audit chain whole.

One small demo is seeded for the module (read-only tests); each test runs in a savepoint."""

from __future__ import annotations

import io
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from dangbo.access.models import Grant, Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.audit.verify import verify_chain
from dangbo.core.clock import today
from dangbo.core.rules import rule
from dangbo.core.text import fold
from dangbo.core.workdays import add_years
from dangbo.demo.party_life.evaluations import DISCIPLINE_ON
from dangbo.members import services
from dangbo.members.lifecycle import final_state, replay
from dangbo.members.models import (
    ON_ROLL,
    EventKind,
    Member,
    MemberEvent,
    MemberStatus,
    Transfer,
    TransferStatus,
)
from dangbo.members.models.sorting import name_sort_string
from dangbo.members.queries import (
    badges_due,
    probation_ending,
    probation_overdue,
    status_as_of,
    transfers_overdue,
)
from dangbo.members.regulations import age_in_months, probation_end, transfer_deadline
from dangbo.orgs.models import Organization, OrgKind

pytestmark = pytest.mark.django_db
SEED = 11


def seed(**options: object) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def small_demo(
    django_db_setup: None,
    django_db_blocker: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    """The small demo, seeded once for the module and rolled back after it; the reflections
    its study campaigns hand in are written to a temporary directory."""
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        django_db_blocker.unblock(),  # type: ignore[attr-defined]
        transaction.atomic(),
    ):
        yield seed(size="small", seed=SEED)
        transaction.set_rollback(True)


def events_by_member() -> dict[int, list[MemberEvent]]:
    events: dict[int, list[MemberEvent]] = defaultdict(list)
    for event in MemberEvent.objects.order_by("effective_on", "id"):
        events[event.member_id].append(event)
    return events


def assert_caches_are_what_replay_gives() -> int:
    """For every member: replaying its stored events (members.lifecycle, the real rule rows)
    gives exactly the cached state of the member and of each event."""
    events = events_by_member()
    members = list(Member.objects.all())
    ends = lru_cache(maxsize=None)(probation_end)  # the real rule rows, read once a day
    for member in members:
        steps = replay(events[member.pk], ends)
        state = final_state(steps)
        assert (
            member.status,
            member.organization_id,
            member.temporary_organization_id,
            member.decision_date,
            member.admitted_on,
            member.official_on,
        ) == (
            state.status,
            state.organization_id,
            state.temporary_organization_id,
            state.decision_date,
            state.admitted_on,
            state.official_on,
        ), member.full_name
        assert len(steps) == len(events[member.pk])
        for event, after in steps:
            assert not event.superseded
            assert (event.status_after, event.organization_after_id) == (
                after.status,
                after.organization_id,
            ), (member.full_name, event.kind)
        # What Member.save() would have written: bulk writes skip it.
        assert member.name_folded == fold(f"{member.full_name} {member.other_name}")[:128]
        assert member.name_sort == name_sort_string(member.full_name)
    return len(members)


def test_every_cached_field_of_the_small_roll_is_what_replaying_its_events_gives(
    small_demo: str,
) -> None:
    assert 500 <= assert_caches_are_what_replay_gives() <= 750
    assert "Đảng viên: " in small_demo and "hồ sơ" in small_demo


def test_members_sit_only_in_cells_with_sizes_of_a_real_roll(small_demo: str) -> None:
    kinds = set(Member.objects.values_list("organization__kind", flat=True))
    assert kinds <= {OrgKind.CELL, OrgKind.GRASSROOTS_CELL}
    sizes = Counter(
        Member.objects.filter(status__in=ON_ROLL).values_list("organization_id", flat=True)
    )
    active_cells = Organization.objects.filter(
        kind__in=(OrgKind.CELL, OrgKind.GRASSROOTS_CELL), active_to__isnull=True
    )
    assert set(sizes) == set(active_cells.values_list("pk", flat=True))
    # A chi bộ needs three official members (Điều lệ Art. 21).
    official = Counter(
        Member.objects.filter(status=MemberStatus.OFFICIAL).values_list(
            "organization_id", flat=True
        )
    )
    assert min(official.values()) >= 3
    assert min(sizes.values()) >= 5 and max(sizes.values()) <= 120


def test_names_sexes_ethnicities_and_ages_follow_vietnamese_distributions(
    small_demo: str,
) -> None:
    members = list(Member.objects.select_related("ethnicity", "religion"))
    n = len(members)
    families = Counter(m.full_name.split()[0] for m in members)
    assert families.most_common(1)[0][0] == "Nguyễn"
    assert 0.28 <= families["Nguyễn"] / n <= 0.5
    assert {"Trần", "Lê", "Phạm"} <= {name for name, _ in families.most_common(6)}
    women = sum(m.sex == "female" for m in members) / n
    assert 0.3 <= women <= 0.45
    ethnicities = Counter(m.ethnicity.name for m in members if m.ethnicity)
    assert ethnicities["Kinh"] / n >= 0.92
    assert set(ethnicities) <= {"Kinh", "Khơ-me", "Hoa"}
    assert sum(m.religion is not None for m in members) == n
    day = today()
    on_roll = [m for m in members if m.status in ON_ROLL]
    ages = [age_in_months(m.birth_date, day) / 12 for m in on_roll]
    assert min(ages) >= 18 and max(ages) < 92
    assert sum(a > 60 for a in ages) / len(ages) >= 0.1
    for m in members:
        assert m.decision_date is not None
        admitted_at = age_in_months(m.birth_date, m.decision_date) / 12
        assert 18 <= admitted_at <= 45, m.full_name
        assert m.admitted_on is not None and m.admitted_on >= m.decision_date


def test_cccd_and_card_numbers_are_unique_and_well_formed(small_demo: str) -> None:
    ids = [i for i in Member.objects.values_list("national_id", flat=True) if i is not None]
    assert len(ids) >= 0.9 * Member.objects.count()
    assert all(re.fullmatch(r"\d{12}", i) for i in ids)
    cards = list(Member.objects.exclude(card_number=None).values_list("card_number", flat=True))
    assert len(set(cards)) == len(cards)
    official = Member.objects.filter(status=MemberStatus.OFFICIAL)
    assert official.filter(card_number=None).count() <= 0.05 * official.count()
    assert not Member.objects.filter(status=MemberStatus.PROBATIONARY).exclude(card_number=None)


def test_the_worklists_of_the_demo_are_not_empty(small_demo: str) -> None:
    """Probation ending soon or overdue, transfers pending and overdue, badges due, members
    exempted or gone: the cases the demo must show."""
    cells = Organization.objects.all()
    assert probation_ending(cells).exists()
    assert probation_overdue(cells).exists()
    on_probation = Member.objects.filter(status=MemberStatus.PROBATIONARY).count()
    assert 0.025 <= on_probation / Member.objects.filter(status__in=ON_ROLL).count() <= 0.08
    assert Transfer.objects.filter(status=TransferStatus.PENDING).count() >= 3
    assert transfers_overdue(cells).exists()
    assert Transfer.objects.filter(status=TransferStatus.PENDING, deadline__gte=today()).exists()
    assert badges_due(cells, date(today().year + 1, 2, 3))
    statuses = set(Member.objects.values_list("status", flat=True))
    assert {MemberStatus.EXEMPT, MemberStatus.DIED} <= statuses
    assert statuses & {MemberStatus.REMOVED, MemberStatus.TRANSFERRED_OUT}
    kinds = set(MemberEvent.objects.values_list("kind", flat=True))
    assert {
        EventKind.ADMITTED,
        EventKind.CONFIRMED_OFFICIAL,
        EventKind.CARD_ISSUED,
        EventKind.BADGE_AWARDED,
        EventKind.EXEMPTED,
        EventKind.DIED,
        EventKind.TRANSFER_OUT,
    } <= kinds


def test_dates_obey_the_regulations(small_demo: str) -> None:
    """Official exactly 12 months after the ceremony, badges on or after their due date,
    sponsors official on the decision date, transfer deadlines in working days."""
    for m in Member.objects.exclude(official_on=None):
        assert m.admitted_on is not None
        assert m.official_on == probation_end(m.admitted_on)
    occasions = set(rule("badge_occasions"))
    badges = MemberEvent.objects.filter(kind=EventKind.BADGE_AWARDED).select_related("member")
    assert badges.exists()
    for event in badges:
        years = event.details["years"]
        assert event.member.decision_date is not None
        due = add_years(event.member.decision_date, years)
        assert event.details["due_on"] == due.isoformat()
        assert due <= event.effective_on <= today()
        # On an award occasion (rule badge_occasions, "MM-DD").
        assert event.effective_on.strftime("%m-%d") in occasions
    sponsored = Member.objects.exclude(sponsor_1=None).select_related("sponsor_1", "sponsor_2")
    assert sponsored.count() >= 0.2 * Member.objects.count()
    for m in sponsored[:150]:
        assert m.decision_date is not None
        for sponsor in (m.sponsor_1, m.sponsor_2):
            if sponsor is not None:
                assert status_as_of(sponsor, m.decision_date).status == MemberStatus.OFFICIAL
    for t in Transfer.objects.all():
        assert t.deadline == transfer_deadline(t.letter_issued_on)
        received = t.status == TransferStatus.RECEIVED
        assert (t.received_on is not None) == received
        # A letter moves the member only once received: pending ones have no events.
        moved = MemberEvent.objects.filter(details__transfer=t.pk).exists()
        assert moved == received


def test_demo_logins_have_their_own_member_record(small_demo: str) -> None:
    dangvien = User.objects.get(username="dangvien")
    cell = Grant.objects.get(user=dangvien, role=Role.MEMBER).organization
    own = Member.objects.get(user=dangvien)
    assert own.organization == cell
    assert own.status == MemberStatus.OFFICIAL and own.card_number
    assert own.full_name == dangvien.full_name
    bithu = Member.objects.get(user__username="bithu")
    assert (bithu.organization, bithu.party_position) == (cell, "Bí thư Chi bộ")
    assert Member.objects.get(user__username="capuy").organization.name == (
        "Chi bộ Văn phòng Tỉnh ủy"
    )
    assert not Member.objects.filter(user__username="quantri").exists()

    client = Client()
    client.force_login(dangvien)
    page = client.get(reverse("members:member-detail", args=[own.pk]))
    assert page.status_code == 200
    assert own.full_name in page.content.decode()
    neighbour = Member.objects.filter(organization=cell).exclude(pk=own.pk).first()
    assert neighbour is not None
    assert client.get(reverse("members:member-detail", args=[neighbour.pk])).status_code == 404


def test_the_bulk_roll_is_one_audit_event_and_the_chain_stays_whole(small_demo: str) -> None:
    bulk = AuditEvent.objects.filter(action="member.bulk_create")
    assert bulk.count() == 1
    summary = bulk.get().after
    # The party-life year then admits a few candidates through the member services, and the
    # evaluation year records one reprimand, each write audited on its own: the bulk load is
    # everything else.
    admitted = Member.objects.filter(candidacy__isnull=False)
    planted = MemberEvent.objects.filter(kind=EventKind.DISCIPLINED, effective_on=DISCIPLINE_ON)
    assert planted.count() == 1
    assert summary["members"] == Member.objects.exclude(pk__in=admitted).count()
    bulk_events = MemberEvent.objects.exclude(member__in=admitted).exclude(pk__in=planted)
    assert summary["events"] == bulk_events.count()
    assert summary["transfers"] == Transfer.objects.count()
    others = AuditEvent.objects.filter(action__startswith="member.").exclude(pk=bulk.get().pk)
    assert admitted.exists()
    assert {int(pk) for pk in others.values_list("object_id", flat=True)} <= set(
        admitted.values_list("pk", flat=True)
    ) | set(MemberEvent.objects.filter(member__in=admitted).values_list("pk", flat=True)) | {
        planted.get().member_id,
        planted.get().pk,
    }
    assert verify_chain().intact


def test_the_services_keep_working_after_the_bulk_load(small_demo: str) -> None:
    """On PostgreSQL the explicit ids must have moved the sequences past the rows."""
    cell = Member.objects.get(user__username="dangvien").organization
    before = Member.objects.order_by("-pk").values_list("pk", flat=True).first()
    member = services.create_member(
        actor=None,
        organization=cell,
        data={"full_name": "Nguyễn Văn Mới Nhập", "sex": "male", "birth_date": date(1980, 1, 1)},
        decision_date=date(2010, 3, 2),
        admitted_on=date(2010, 3, 20),
        official_on=date(2011, 3, 20),
    )
    assert before is not None and member.pk > before
    assert member.events.count() == 2
