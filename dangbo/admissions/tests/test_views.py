"""The pages a cell secretary uses: the list with next steps and overdue marks, a candidate's
page with its checklist and the form of the next step, and the funnel of a year."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from dangbo.accounts.models import User
from dangbo.admissions.models import Candidate, Stage, StageRecord
from dangbo.admissions.tests.factories import CandidateFactory
from dangbo.admissions.tests.pipeline import Cell, candidate_at, cell, frozen

__all__ = ["cell", "frozen"]
ClientFor = Callable[[User], Client]


def test_the_list_shows_the_cells_candidates_with_their_next_step(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    mine = CandidateFactory.create(organization=cell.tree.cell_a)
    other = CandidateFactory.create(organization=cell.tree.cell_b)

    page = client_for(secretary_a).get(reverse("admissions:candidate-list"))

    text = page.content.decode()
    assert page.status_code == 200
    assert mine.full_name in text and other.full_name not in text
    assert "Học lớp bồi dưỡng nhận thức về Đảng" in text


def test_a_ceremony_past_its_30_working_days_is_marked_overdue(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    candidate_at(cell, Stage.DECISION)  # decided 26/5/2025; today is 01/7/2026

    text = client_for(secretary_a).get(reverse("admissions:candidate-list")).content.decode()

    assert "Quá hạn" in text
    assert "07/07/2025" in text  # 30 working days after Monday 26/5/2025


def test_a_secretary_adds_a_candidate_from_the_form(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(secretary_a).post(
        reverse("admissions:candidate-create"),
        {
            "organization": cell.tree.cell_a.pk,
            "full_name": "Trần Thị Ưu Tú",
            "birth_date": "20/05/2001",
            "sex": "female",
            "identified_on": "02/03/2026",
        },
    )

    candidate = Candidate.objects.get(full_name="Trần Thị Ưu Tú")
    assert response.status_code == 302
    assert candidate.organization == cell.tree.cell_a


def test_a_candidate_cannot_be_added_to_a_cell_outside_the_grant(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(secretary_a).post(
        reverse("admissions:candidate-create"),
        {
            "organization": cell.tree.cell_b.pk,
            "full_name": "Trần Thị Ưu Tú",
            "birth_date": "20/05/2001",
            "sex": "female",
            "identified_on": "02/03/2026",
        },
    )

    assert response.status_code == 400
    assert not Candidate.objects.exists()


def test_the_detail_page_shows_the_timeline_checklist_and_next_form(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    candidate = candidate_at(cell, Stage.COURSE)

    page = client_for(secretary_a).get(reverse("admissions:candidate-detail", args=[candidate.pk]))

    text = page.content.decode()
    assert "11/04/2025" in text  # the certificate date, in the timeline
    assert "Kết quả thẩm tra lý lịch" in text  # the checklist of the file
    assert "Ghi bước «Hoàn thiện hồ sơ»" in text


def test_a_vote_below_two_thirds_is_shown_beside_the_field_and_nothing_is_written(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    candidate = candidate_at(cell, Stage.FILE)
    records = StageRecord.objects.count()

    response = client_for(secretary_a).post(
        reverse("admissions:candidate-advance", args=[candidate.pk]),
        {
            "stage": Stage.CELL_RESOLUTION,
            "on": "12/05/2025",
            "votes_for": "1",
            "votes_against": "0",
        },
    )

    assert response.status_code == 400
    assert "Chưa đạt tỷ lệ" in response.content.decode()
    assert StageRecord.objects.count() == records
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.FILE


def test_a_secretary_takes_the_next_step_from_the_page(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    candidate = candidate_at(cell, Stage.FILE)

    response = client_for(secretary_a).post(
        reverse("admissions:candidate-advance", args=[candidate.pk]),
        {
            "stage": Stage.CELL_RESOLUTION,
            "on": "12/05/2025",
            "votes_for": "3",
            "votes_against": "0",
        },
    )

    assert response.status_code == 302
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.CELL_RESOLUTION


def test_a_stale_form_for_another_stage_changes_nothing(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    candidate = CandidateFactory.create(organization=cell.tree.cell_a)

    client_for(secretary_a).post(
        reverse("admissions:candidate-advance", args=[candidate.pk]),
        {
            "stage": Stage.CELL_RESOLUTION,
            "on": "12/05/2025",
            "votes_for": "3",
            "votes_against": "0",
        },
    )

    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.IDENTIFIED


def test_a_secretary_gets_404_for_a_candidate_of_another_cell(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    other = CandidateFactory.create(organization=cell.tree.cell_b)
    client = client_for(secretary_a)

    assert client.get(reverse("admissions:candidate-detail", args=[other.pk])).status_code == 404
    response = client.post(
        reverse("admissions:candidate-advance", args=[other.pk]), {"stage": Stage.COURSE}
    )
    assert response.status_code == 404


def test_a_member_may_read_but_not_move_a_candidate(
    cell: Cell, member_a: User, client_for: ClientFor
) -> None:
    candidate = CandidateFactory.create(organization=cell.tree.cell_a)

    response = client_for(member_a).post(
        reverse("admissions:candidate-advance", args=[candidate.pk]), {"stage": Stage.COURSE}
    )

    assert response.status_code == 403


def test_the_funnel_counts_each_stage_completed_in_the_year(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    candidate_at(cell, Stage.CEREMONY)
    candidate_at(cell, Stage.COURSE)

    page = client_for(secretary_a).get(reverse("admissions:funnel"), {"nam": "2025"})

    counts = page.context["steps"]
    by_stage = {step.stage: step.count for step, _ in counts}
    assert by_stage[Stage.IDENTIFIED] == 2
    assert by_stage[Stage.COURSE] == 2
    assert by_stage[Stage.CEREMONY] == 1
    assert by_stage[Stage.OFFICIAL] == 0
