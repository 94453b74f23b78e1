"""The evaluations API: the same services as the pages, scoped, with Vietnamese errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.evaluations import services
from dangbo.evaluations.models import EvaluationRound, MemberEvaluation, Rating
from dangbo.evaluations.tests.helpers import line, members_of, open_for, to_cell_stage

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


def test_a_round_is_opened_and_the_grid_saved_through_the_api(
    tree: Tree, province_admin: User, secretary_a: User, client_for: ClientFor
) -> None:
    a, b = members_of(tree.cell_a, 2)
    admin = client_for(province_admin)
    response = post(
        admin,
        "/api/v1/evaluation-rounds/",
        {"organization": tree.commune.pk, "year": 2025, "cell_due": "20/12/2025"},
    )
    assert response.status_code == 201, response.json()
    round_id = response.json()["id"]
    assert response.json()["rules_source"].startswith("QĐ 366-QĐ/TW")
    assert (
        post(admin, f"/api/v1/evaluation-rounds/{round_id}/advance/", {"stage": "cell"}).status_code
        == 200
    )

    secretary = client_for(secretary_a)
    lines = [
        {"member": a.pk, "score": "82", "tasks_done_pct": "100"},
        {"member": b.pk, "score": "48"},
    ]
    response = post(
        secretary,
        f"/api/v1/evaluation-rounds/{round_id}/grid/",
        {"organization": tree.cell_a.pk, "lines": lines},
    )
    assert response.status_code == 200, response.json()
    assert [row["proposed_rating"] for row in response.json()] == [Rating.GOOD, Rating.FAILED]
    listed = secretary.get(f"/api/v1/evaluations/?year=2025&rating={Rating.FAILED.value}")
    assert [row["member"] for row in listed.json()["results"]] == [b.pk]


def test_the_api_refuses_bad_input_in_vietnamese_and_changes_nothing(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    (a,) = members_of(tree.cell_a, 1)
    round_ = to_cell_stage(open_for(tree.commune))
    client = client_for(secretary_a)
    url = f"/api/v1/evaluation-rounds/{round_.pk}/grid/"
    response = post(
        client, url, {"organization": tree.cell_a.pk, "lines": [{"member": a.pk, "score": "120"}]}
    )
    assert response.status_code == 400
    assert "phải từ 0 đến 100" in str(response.json())
    response = post(
        client, url, {"organization": tree.cell_b.pk, "lines": [{"member": a.pk, "score": "80"}]}
    )
    assert response.status_code == 400 and "Không tìm thấy tổ chức" in str(response.json())
    assert not MemberEvaluation.objects.exists()
    # A secretary may not open a round for the commune, nor decide.
    response = post(
        client, "/api/v1/evaluation-rounds/", {"organization": tree.commune.pk, "year": 2026}
    )
    assert response.status_code == 400
    assert EvaluationRound.objects.count() == 1


def test_the_committee_decides_and_corrects_through_the_api(
    tree: Tree, province_admin: User, secretary_a: User, client_for: ClientFor
) -> None:
    (a,) = members_of(tree.cell_a, 1)
    round_ = to_cell_stage(open_for(tree.commune))
    services.save_grid(actor=None, round_=round_, cell=tree.cell_a, rows={a.pk: line(75)})
    services.advance_round(actor=None, round_=round_, stage="committee")
    body = {"organization": tree.cell_a.pk, "decisions": [{"member": a.pk, "rating": Rating.GOOD}]}
    url = f"/api/v1/evaluation-rounds/{round_.pk}/decide/"
    assert post(client_for(secretary_a), url, body).status_code == 403
    admin = client_for(province_admin)
    assert post(admin, url, body).status_code == 200
    services.advance_round(actor=None, round_=round_, stage="published")
    evaluation = MemberEvaluation.objects.get()
    response = post(
        admin,
        f"/api/v1/evaluations/{evaluation.pk}/correct/",
        {"rating": Rating.SATISFACTORY, "reason": "Kết luận kiểm tra 07-KL/UBKT"},
    )
    assert response.status_code == 201 and response.json()["corrects"] == evaluation.pk


def test_another_cells_results_are_not_found(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    (b,) = members_of(tree.cell_b, 1)
    round_ = to_cell_stage(open_for(tree.commune))
    services.save_grid(actor=None, round_=round_, cell=tree.cell_b, rows={b.pk: line(75)})
    evaluation = MemberEvaluation.objects.get()
    client = client_for(secretary_a)
    assert client.get(f"/api/v1/evaluations/{evaluation.pk}/").status_code == 404
    assert client.get("/api/v1/evaluations/").json()["count"] == 0
    # The commune's round itself is read by its cells.
    assert client.get(f"/api/v1/evaluation-rounds/{round_.pk}/").status_code == 200
