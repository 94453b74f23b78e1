"""seed_demo's evaluation rounds for the bithu's ward (issue #8): 2024 under QĐ 124 and 2025
under QĐ 366 locked, 2026 open at the self-review stage; the 2025 counts are recounted here by
hand from the roll, the events and the figures the cells typed, not from the seeding code."""

from __future__ import annotations

import io
from collections import Counter
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from dangbo.access.models import Grant, Role
from dangbo.audit.verify import verify_chain
from dangbo.documents.models import Document
from dangbo.evaluations.models import (
    EvaluationRound,
    MemberEvaluation,
    OrganizationEvaluation,
    Rating,
    RoundStage,
)
from dangbo.evaluations.summary import Visible, summary
from dangbo.four_good.models import FourGoodAssessment
from dangbo.members.models import EventKind, Member, MemberEvent, MemberStatus
from dangbo.members.queries import members_as_of
from dangbo.orgs.models import Organization
from dangbo.targets.measured.measure import measure_all
from dangbo.targets.models import Target

pytestmark = pytest.mark.django_db
RATING_DAY_2025 = date(2025, 12, 15)


@pytest.fixture(scope="module")
def small_demo(
    django_db_setup: None,
    django_db_blocker: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[str]:
    media: Path = tmp_path_factory.mktemp("media")
    with (
        override_settings(MEDIA_ROOT=media),
        django_db_blocker.unblock(),  # type: ignore[attr-defined]
        transaction.atomic(),
    ):
        out = io.StringIO()
        call_command("seed_demo", size="small", seed=2025, stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


def ward() -> Organization:
    cell = Grant.objects.get(user__username="bithu", role=Role.SECRETARY).organization
    parent = Organization.objects.get_parent(cell)
    assert parent is not None
    return parent


def by_hand(row: MemberEvaluation, disciplined: set[int]) -> str:
    """QĐ 366 as regulations.md §1 states it, written out again: from 90 points HTXSNV when
    all tasks are done on time with 30% exceeding (else HTTNV), 70 HTTNV, 50 HTNV; a
    discipline of the year KHTNV."""
    if row.member_id in disciplined:
        return Rating.FAILED
    assert row.score is not None
    if row.score >= 90:
        done = row.tasks_done_pct == 100 and row.tasks_on_time
        if done and (row.tasks_exceeding_pct or 0) >= 30:
            return Rating.EXCELLENT
        return Rating.GOOD
    if row.score >= 70:
        return Rating.GOOD
    return Rating.SATISFACTORY if row.score >= 50 else Rating.FAILED


def test_the_2025_round_counts_match_a_count_by_hand(small_demo: str) -> None:
    commune = ward()
    round_ = EvaluationRound.objects.get(year=2025, organization=commune)
    assert round_.stage == RoundStage.LOCKED and round_.quota_reading == "a"
    assert round_.rules_source.startswith("QĐ 366-QĐ/TW")
    cells = Organization.objects.filter(path__startswith=commune.path, depth=commune.depth + 1)
    on_roll = members_as_of(cells, RATING_DAY_2025)
    roll = on_roll.exclude(**{"status_on": MemberStatus.EXEMPT})  # annotated by members_as_of
    roll_ids = set(roll.values_list("pk", flat=True))
    rows = list(MemberEvaluation.objects.filter(round=round_, current=True))
    # Every member on the roll on the rating day has a line, and no one else.
    assert {r.member_id for r in rows} == roll_ids

    admitted = dict(Member.objects.filter(pk__in=roll_ids).values_list("pk", "admitted_on"))
    too_new = {pk for pk, day in admitted.items() if day is not None and day > date(2025, 6, 15)}
    disciplined = set(
        MemberEvent.objects.filter(
            member_id__in=roll_ids,
            kind=EventKind.DISCIPLINED,
            superseded=False,
            effective_on__year=2025,
        ).values_list("member_id", flat=True)
    )
    assert len(disciplined) == 1 and too_new and not disciplined & too_new

    expected: Counter[str] = Counter()
    for row in rows:
        expected["" if row.member_id in too_new else by_hand(row, disciplined)] += 1
    got = Counter("" if r.not_rated else r.final_rating for r in rows)
    assert got == expected
    assert got[Rating.FAILED] == 1 and got[""] == len(too_new)
    assert 1 <= got[Rating.EXCELLENT] <= got[Rating.GOOD] // 5
    # The committee decided every rated member, as proposed.
    rated = [r for r in rows if not r.not_rated]
    assert all(r.rating == r.proposed_rating and r.decided_at for r in rated)
    # The quota read the strict way (A) holds in every cell without a reason: ⌊P/6⌋.
    for cell in cells:
        mine = [r.final_rating for r in rated if r.organization_id == cell.pk]
        excellent = mine.count(Rating.EXCELLENT)
        assert excellent <= (excellent + mine.count(Rating.GOOD)) // 6, cell.name
    assert not any(r.override_reason for r in rows)
    # The seed's line says the same.
    line = next(x for x in small_demo.splitlines() if "đánh giá, xếp loại: năm 2025" in x)
    assert f"{got[Rating.EXCELLENT]} HTXSNV, {got[Rating.GOOD]} HTTNV" in line


def test_the_commune_rated_its_cells_in_2025(small_demo: str) -> None:
    """Every cell has one organisation result, decided unless the cell is too young to be
    rated; the cell of the disciplined member cannot be HTXSNV (a KHTNV member), and HTXSNV
    cells carry the commune's reason."""
    commune = ward()
    round_ = EvaluationRound.objects.get(year=2025, organization=commune)
    cells = Organization.objects.filter(path__startswith=commune.path, depth=commune.depth + 1)
    results = {
        r.organization_id: r
        for r in OrganizationEvaluation.objects.filter(round=round_, current=True)
    }
    assert set(results) == set(cells.values_list("pk", flat=True))
    # Cells set up with the ward on 01/07/2025 are under 6 months old on the rating day.
    rated = [r for r in results.values() if not r.not_rated]
    young = [r for r in results.values() if r.not_rated]
    assert rated and all(r.rating and r.rating == r.proposed_rating for r in rated)
    assert all("chưa đủ 6 tháng" in r.rule_reasons[0] and not r.rating for r in young)
    failed_cell = MemberEvaluation.objects.get(
        round=round_, current=True, rating=Rating.FAILED
    ).organization_id
    assert results[failed_cell].rating != Rating.EXCELLENT
    excellent = [r for r in results.values() if r.rating == Rating.EXCELLENT]
    assert all(r.override_reason for r in excellent)


def test_2024_under_qd_124_is_locked_and_2026_is_at_self_review(small_demo: str) -> None:
    commune = ward()
    legacy = EvaluationRound.objects.get(year=2024)
    assert legacy.rules_source.startswith("QĐ 124-QĐ/TW") and legacy.stage == RoundStage.LOCKED
    rows = MemberEvaluation.objects.filter(round=legacy, current=True)
    assert rows.exists() and not rows.exclude(organization__path__startswith=commune.path)
    # No score scale: a level per member, no points.
    assert not rows.filter(score__isnull=False).exists()
    assert not rows.filter(not_rated=False, proposed_rating="").exists()

    current = EvaluationRound.objects.get(year=2026, organization=commune)
    assert current.stage == RoundStage.SELF_REVIEW
    reviews = MemberEvaluation.objects.filter(round=current, self_reviewed_at__isnull=False)
    assert reviews.count() == 4
    for review in reviews:
        assert "I. Ưu điểm" in review.self_review and review.self_review_form == "2c"
        assert review.self_score is not None and Decimal(70) <= review.self_score <= 100
        assert review.proposed_rating == "" and review.rating == ""
    report = verify_chain()
    assert report.intact, report.problem


def test_the_report_of_the_demo_round_matches_the_count_by_hand(small_demo: str) -> None:
    """The summary report's totals for the ward's 2025 round (issue #8: "the reports match
    hand counts on the demo data"): members per rating, not rated, and the cells' results."""
    commune = ward()
    round_ = EvaluationRound.objects.get(year=2025, organization=commune)
    rows = list(MemberEvaluation.objects.filter(round=round_, current=True))
    by_hand = Counter("" if r.not_rated else r.final_rating for r in rows)
    cells = Counter(
        "" if r.not_rated else r.final_rating
        for r in OrganizationEvaluation.objects.filter(round=round_, current=True)
    )
    everything = Visible(
        Organization.objects.all(),
        Member.objects.all(),
        MemberEvaluation.objects.all(),
        OrganizationEvaluation.objects.all(),
    )
    report = summary(everything, round_, commune)
    members, bodies = report.members.total, report.organizations.total
    assert {r: members.ratings[r] for r in Rating.values} == {r: by_hand[r] for r in Rating.values}
    assert members.not_rated == by_hand[""] and members.rated == len(rows) - by_hand[""]
    assert {r: bodies.ratings[r] for r in Rating.values} == {r: cells[r] for r in Rating.values}
    assert bodies.not_rated == cells[""]
    # One row per cell, and the rows add up to the total.
    assert sum(row.counts.rated for row in report.members.rows) == members.rated


def test_the_front_rated_its_cells_in_january_and_recognized_the_four_good_ones(
    small_demo: str,
) -> None:
    """The Đảng bộ MTTQ tỉnh (set up on 01/07/2025) rated its cells on 08/01/2026, six months
    on: every cell is rated; the cells recognized «bốn tốt» are exactly those assessed as
    passing all four contents, and the summary says how many."""
    front = Organization.objects.get(code="CM.MTTQ")
    round_ = EvaluationRound.objects.get(year=2025, organization=front)
    assert round_.cell_due == date(2026, 1, 8)
    results = OrganizationEvaluation.objects.filter(round=round_, current=True)
    assert results.exists() and not results.filter(not_rated=True).exists()
    assessments = FourGoodAssessment.objects.filter(
        organization__path__startswith=front.path, year=2025, current=True
    )
    recognized = {a.organization_id for a in assessments if a.recognized}
    passing = {a.organization_id for a in assessments if a.eligible}
    assert recognized and recognized == passing
    assert f"chi bộ bốn tốt năm 2025: {len(recognized)}/{assessments.count()}" in small_demo


def test_each_target_of_the_front_program_shows_a_measured_value(small_demo: str) -> None:
    """Issue #9: each of the 8 targets of 02-CTr/ĐU reads a value from its indicator."""
    document = Document.objects.get(issuer__code="CM.MTTQ", kind="CTr")
    targets = Target.objects.filter(document=document).select_related("indicator")
    found = measure_all(targets, date(2026, 12, 1))
    values = {t.indicator.code if t.indicator else "": found[t.pk].value for t in targets}
    assert len(values) == 8
    assert all(v is not None for v in values.values()), values
    front = Organization.objects.get(code="CM.MTTQ")
    assessed = FourGoodAssessment.objects.filter(
        organization__path__startswith=front.path, year=2025, current=True
    )
    share = Decimal(100) * assessed.filter(recognized=True).count() / assessed.count()
    assert values["cells_four_good"] == share.quantize(Decimal("0.0001"))
