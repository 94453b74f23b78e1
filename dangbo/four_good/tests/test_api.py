"""The four-good API: read-only, scoped, with filters."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.four_good import services
from dangbo.four_good.tests.factories import FourGoodAssessmentFactory, FourGoodCriteriaSetFactory
from dangbo.four_good.tests.helpers import YEAR, good_cell, manual_yes, province_set

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def test_sets_and_assessments_are_read_scoped(
    tree: Tree, secretary_a: User, province_admin: User, client_for: ClientFor
) -> None:
    s = province_set(tree.root)
    good_cell(tree.cell_a, tree.commune)
    mine = services.assess(
        actor=None, organization=tree.cell_a, year=YEAR, manual_answers=manual_yes(s)
    )
    hidden_set = FourGoodCriteriaSetFactory.create(organization=tree.cell_b)
    hidden = FourGoodAssessmentFactory.create(organization=tree.cell_b, criteria_set=hidden_set)
    client = client_for(secretary_a)
    sets = client.get("/api/v1/four-good-sets/").json()
    names = [row["name"] for row in sets["results"]]
    assert s.name in names and hidden_set.name not in names
    [row] = [r for r in sets["results"] if r["id"] == s.pk]
    assert len(row["criteria"]) == 8
    assert client.get(f"/api/v1/four-good-sets/{hidden_set.pk}/").status_code == 404
    assessments = client.get("/api/v1/four-good-assessments/", {"year": YEAR}).json()
    assert [r["id"] for r in assessments["results"]] == [mine.pk]
    assert assessments["results"][0]["groups"] == {"1": True, "2": True, "3": True, "4": True}
    assert client.get(f"/api/v1/four-good-assessments/{hidden.pk}/").status_code == 404
    refused = client.get("/api/v1/four-good-assessments/", {"organization": tree.cell_b.pk})
    assert refused.status_code == 400 and "ngoài phạm vi" in str(refused.json())
    assert client.post("/api/v1/four-good-sets/", {}).status_code == 405
    admin = client_for(province_admin)
    recognized = admin.get(
        "/api/v1/four-good-assessments/",
        {"recognized": "true", "organization": tree.commune.pk},
    ).json()
    assert [r["id"] for r in recognized["results"]] == [hidden.pk]
    bad = admin.get("/api/v1/four-good-assessments/", {"year": "abc", "recognized": "maybe"})
    assert bad.status_code == 400
    assert admin.get("/api/v1/four-good-sets/", {"year": 2024}).json()["results"] == []
