"""GET /api/v1/evaluation-rounds/{id}/summary/: the report's tables as JSON, scoped, with a
400 for a unit outside the round."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.evaluations.tests.factories import EvaluationRoundFactory
from dangbo.evaluations.tests.report_data import build

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def test_the_summary_gives_the_hand_counted_tables(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    cast = build(tree)
    client = client_for(province_admin)
    url = f"/api/v1/evaluation-rounds/{cast.round.pk}/summary/?organization={tree.commune.pk}"
    body = client.get(url).json()
    assert body["year"] == 2025 and body["organization"] == tree.commune.pk
    total = body["members"]["total"]
    assert (total["roll"], total["rated"], total["not_rated"], total["unrated"]) == (12, 9, 1, 2)
    assert [(r["short"], r["count"], r["percent"]) for r in total["ratings"]] == [
        ("HTXSNV", 1, 11.1),
        ("HTTNV", 6, 66.7),
        ("HTNV", 1, 11.1),
        ("KHTNV", 1, 11.1),
    ]
    cell_a = next(r for r in body["members"]["rows"] if r["name"] == "Chi bộ Ấp Một")
    assert cell_a["counts"]["good_or_better_percent"] == 87.5
    assert body["organizations"]["total"]["rated"] == 2
    whole = client.get(f"/api/v1/evaluation-rounds/{cast.round.pk}/summary/").json()
    assert whole["organization"] == tree.root.pk


def test_the_summary_refuses_what_it_must(
    tree: Tree, province_admin: User, secretary_a: User, outsider: User, client_for: ClientFor
) -> None:
    cast = build(tree)
    base = f"/api/v1/evaluation-rounds/{cast.round.pk}/summary/"
    assert client_for(outsider).get(base).status_code == 404
    response = client_for(secretary_a).get(f"{base}?organization={tree.cell_b.pk}")
    assert response.status_code == 400 and "organization" in response.json()
    response = client_for(province_admin).get(f"{base}?organization=abc")
    assert response.status_code == 400
    commune_round = EvaluationRoundFactory.create(organization=tree.commune, year=2026)
    response = client_for(province_admin).get(
        f"/api/v1/evaluation-rounds/{commune_round.pk}/summary/?organization={tree.agencies.pk}"
    )
    assert response.status_code == 400
    assert "không thuộc phạm vi đợt đánh giá năm 2026" in response.json()["organization"][0]
