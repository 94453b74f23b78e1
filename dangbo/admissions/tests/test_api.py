"""/api/v1/candidates/ and /api/v1/awareness-courses/: the same services as the pages, with
400 and a Vietnamese message per field for bad input, 404 outside the grant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.test import Client

from dangbo.accounts.models import User
from dangbo.admissions.models import Candidate, CourseResult, Stage
from dangbo.admissions.tests.factories import CandidateFactory
from dangbo.admissions.tests.pipeline import Cell, candidate_at, cell, frozen
from dangbo.members.tests.factories import MemberFactory

__all__ = ["cell", "frozen"]
ClientFor = Callable[[User], Client]
URL = "/api/v1/candidates/"


def post(client: Client, url: str, body: dict) -> tuple[int, dict]:
    response = client.post(url, body, content_type="application/json")
    return response.status_code, response.json()


def test_a_secretary_adds_and_lists_candidates_of_her_cell_only(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    CandidateFactory.create(organization=cell.tree.cell_b)

    status, body = post(
        client,
        URL,
        {
            "organization": cell.tree.cell_a.pk,
            "full_name": "Lê Văn Ưu Tú",
            "birth_date": "01/02/2000",
            "sex": "male",
            "identified_on": "02/03/2026",
        },
    )
    listed = client.get(URL).json()

    assert status == 201, body
    assert body["stage"] == Stage.IDENTIFIED
    assert body["next_stage"] == Stage.COURSE
    assert [row["full_name"] for row in listed["results"]] == ["Lê Văn Ưu Tú"]


def test_a_candidate_of_another_cell_is_404(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    other = CandidateFactory.create(organization=cell.tree.cell_b)
    client = client_for(secretary_a)

    assert client.get(f"{URL}{other.pk}/").status_code == 404
    status, _ = post(client, f"{URL}{other.pk}/advance/", {"stage": "course", "on": "01/04/2025"})
    assert status == 404


def test_advancing_through_the_api_refuses_a_skipped_stage(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    candidate = CandidateFactory.create(organization=cell.tree.cell_a)

    status, body = post(
        client_for(secretary_a),
        f"{URL}{candidate.pk}/advance/",
        {"stage": "cell_resolution", "on": "12/05/2025", "votes_for": 3, "votes_against": 0},
    )

    assert status == 400
    assert "Không được bỏ qua" in body["stage"][0]
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.IDENTIFIED


def test_advancing_through_the_api_refuses_a_vote_below_the_share(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    candidate = candidate_at(cell, Stage.FILE)

    status, body = post(
        client_for(secretary_a),
        f"{URL}{candidate.pk}/advance/",
        {"stage": "cell_resolution", "on": "12/05/2025", "votes_for": 1, "votes_against": 1},
    )

    assert status == 400
    assert "2/3" in body["votes_for"][0]


def test_advancing_through_the_api_refuses_a_decision_before_the_resolution(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    candidate = candidate_at(cell, Stage.COMMITTEE)

    status, body = post(
        client_for(secretary_a),
        f"{URL}{candidate.pk}/advance/",
        {"stage": "decision", "on": "01/05/2025", "decision_number": "12-QĐ/ĐU"},
    )

    assert status == 400
    assert "nghị quyết của chi bộ" in body["on"][0]


def test_a_candidate_under_18_is_refused_through_the_api(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    candidate = candidate_at(cell, Stage.FILE, birth_date=dt.date(2008, 1, 1))

    status, body = post(
        client_for(secretary_a),
        f"{URL}{candidate.pk}/advance/",
        {"stage": "cell_resolution", "on": "12/05/2025", "votes_for": 3, "votes_against": 0},
    )

    assert status == 400
    assert "Chưa đủ 18 tuổi" in body["birth_date"][0]


def test_a_sponsor_who_is_not_official_is_refused_through_the_api(
    cell: Cell, secretary_a: User, client_for: ClientFor
) -> None:
    candidate = candidate_at(cell, Stage.COURSE)
    probationary = MemberFactory.create(organization=cell.tree.cell_a, official_on=None)

    status, body = post(
        client_for(secretary_a),
        f"{URL}{candidate.pk}/sponsors/",
        {"member": probationary.pk, "role": "first", "since": "01/05/2025"},
    )

    assert status == 400
    assert "không phải đảng viên chính thức" in body["member"][0]


def test_bad_shapes_are_400_per_field(cell: Cell, secretary_a: User, client_for: ClientFor) -> None:
    candidate = CandidateFactory.create(organization=cell.tree.cell_a)

    status, body = post(
        client_for(secretary_a),
        f"{URL}{candidate.pk}/advance/",
        {"stage": "nope", "on": "31/02/2025", "votes_for": -1},
    )

    assert status == 400
    assert {"stage", "on", "votes_for"} <= set(body)


def test_a_course_run_by_the_commune_enrols_and_passes_a_candidate(
    cell: Cell, province_admin: User, secretary_a: User, client_for: ClientFor
) -> None:
    admin = client_for(province_admin)
    candidate = CandidateFactory.create(organization=cell.tree.cell_a)
    status, course = post(
        admin,
        "/api/v1/awareness-courses/",
        {
            "organization": cell.tree.commune.pk,
            "title": "Lớp nhận thức về Đảng khóa 2/2025",
            "starts_on": "05/05/2025",
            "ends_on": "09/05/2025",
        },
    )
    assert status == 201, course
    url = f"/api/v1/awareness-courses/{course['id']}/"

    post(admin, f"{url}enrolments/", {"candidate": candidate.pk})
    status, body = post(
        admin,
        f"{url}results/",
        {"candidate": candidate.pk, "result": "passed", "certificate_on": "09/05/2025"},
    )

    assert status == 200, body
    assert body["roster"][0]["result"] == CourseResult.PASSED
    assert Candidate.objects.get(pk=candidate.pk).stage == Stage.COURSE
    # The secretary of the cell sees the commune's course and her candidate on it.
    seen = client_for(secretary_a).get(url).json()
    assert [row["candidate"] for row in seen["roster"]] == [candidate.pk]
