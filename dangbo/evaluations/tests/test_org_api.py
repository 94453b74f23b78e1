"""The API of organization ratings and rule rows: the same services as the pages, scoped,
filterable, with Vietnamese errors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.evaluations import services
from dangbo.evaluations.models import OrganizationEvaluation, Rating, RoundStage
from dangbo.evaluations.tests.helpers import open_for, to_cell_stage

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def commune_secretary(tree: Tree) -> User:
    return make_user("commune_secretary", "Võ Văn Xã", tree.commune, Role.SECRETARY)


def test_the_superior_assesses_decides_and_corrects_through_the_api(
    tree: Tree, commune_secretary: User, secretary_a: User, client_for: ClientFor
) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    client = client_for(commune_secretary)
    body = {
        "round": round_.pk,
        "parent": tree.commune.pk,
        "lines": [
            {"organization": tree.cell_a.pk, "score": "82", "tasks_done_pct": "100"},
            {"organization": tree.cell_b.pk, "score": "48"},
        ],
    }
    response = post(client, "/api/v1/organization-evaluations/assess/", body)
    assert response.status_code == 200, response.json()
    assert [r["proposed_rating"] for r in response.json()] == [Rating.GOOD, Rating.FAILED]
    # The cell's secretary reads its own result but may not assess for the commune.
    secretary = client_for(secretary_a)
    assert post(secretary, "/api/v1/organization-evaluations/assess/", body).status_code == 400
    listed = secretary.get("/api/v1/organization-evaluations/?year=2025").json()["results"]
    assert [r["organization"] for r in listed] == [tree.cell_a.pk]

    services.advance_round(actor=None, round_=round_, stage=RoundStage.COMMITTEE)
    decide = {
        "round": round_.pk,
        "parent": tree.commune.pk,
        "decisions": [{"organization": tree.cell_a.pk, "rating": "ht"}],
    }
    response = post(client, "/api/v1/organization-evaluations/decide/", decide)
    assert response.status_code == 400
    assert "cần ghi lý do" in str(response.json())
    decide["decisions"][0]["reason"] = "Còn để xảy ra đơn thư"
    assert post(client, "/api/v1/organization-evaluations/decide/", decide).status_code == 200
    services.advance_round(actor=None, round_=round_, stage=RoundStage.PUBLISHED)
    row = OrganizationEvaluation.objects.get(organization=tree.cell_a)
    url = f"/api/v1/organization-evaluations/{row.pk}/correct/"
    assert post(secretary, url, {"rating": "htt", "reason": "x"}).status_code == 403
    response = post(client, url, {"rating": "htt", "reason": "Thông báo 05-TB/ĐU"})
    assert response.status_code == 201 and response.json()["corrects"] == row.pk


def test_the_list_filters_by_year_rating_and_subtree(
    tree: Tree, province_admin: User, outsider: User, client_for: ClientFor
) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    OrganizationEvaluation.objects.create(
        round=round_, organization=tree.cell_a, proposed_rating=Rating.GOOD
    )
    OrganizationEvaluation.objects.create(
        round=round_, organization=tree.cell_b, proposed_rating=Rating.FAILED
    )
    OrganizationEvaluation.objects.create(
        round=round_, organization=tree.commune, proposed_rating=Rating.GOOD, rating=Rating.FAILED
    )
    admin = client_for(province_admin)

    def ids(query: str) -> list[int]:
        response = admin.get(f"/api/v1/organization-evaluations/{query}")
        assert response.status_code == 200, response.json()
        return [r["organization"] for r in response.json()["results"]]

    assert ids("?year=2025") == [tree.commune.pk, tree.cell_a.pk, tree.cell_b.pk]
    assert ids("?year=2024") == []
    assert ids(f"?rating={Rating.FAILED.value}") == [tree.commune.pk, tree.cell_b.pk]
    assert ids(f"?organization={tree.cell_b.pk}") == [tree.cell_b.pk]
    assert ids(f"?round={round_.pk}&rating=htt") == [tree.cell_a.pk]
    bad = admin.get("/api/v1/organization-evaluations/?rating=tot&year=abc")
    assert bad.status_code == 400 and set(bad.json()) >= {"rating", "year"}
    hidden = client_for(outsider).get(
        f"/api/v1/organization-evaluations/?organization={tree.cell_a.pk}"
    )
    assert hidden.status_code == 400
    assert client_for(outsider).get("/api/v1/organization-evaluations/").json()["results"] == []


def test_the_rule_rows_are_read_only_with_their_sources(
    tree: Tree, member_a: User, client_for: ClientFor
) -> None:
    client = client_for(member_a)
    rows = client.get("/api/v1/evaluation-rules/").json()
    keys = {(r["key"], r["valid_from"]) for r in rows}
    assert ("evaluations.organization", "2025-08-30") in keys
    assert ("evaluations.member", "2023-10-04") in keys
    org = client.get("/api/v1/evaluation-rules/?key=evaluations.organization").json()
    assert [r["source"][:15] for r in org] == ["QĐ 124-QĐ/TW (0", "QĐ 366-QĐ/TW (3"]
    assert org[1]["confidence"] == "medium"
    assert org[1]["value"]["excellent_distribution"]["good_or_better_pct"] == 80
    assert client.get("/api/v1/evaluation-rules/?key=khac").status_code == 400
    assert client.post("/api/v1/evaluation-rules/", {}).status_code == 405
    assert Client().get("/api/v1/evaluation-rules/").status_code in (401, 403)
