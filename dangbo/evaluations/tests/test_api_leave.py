"""Maternity leave through the grid endpoint of the evaluations API (issue #8)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.evaluations.models import MemberEvaluation, Rating
from dangbo.evaluations.tests.helpers import members_of, open_for, to_cell_stage

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def test_the_grid_endpoint_takes_maternity_days(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    (a,) = members_of(tree.cell_a, 1)
    round_ = to_cell_stage(open_for(tree.commune))
    client = client_for(secretary_a)
    url = f"/api/v1/evaluation-rounds/{round_.pk}/grid/"

    def send(**extra: object) -> Any:
        line = {"member": a.pk, "score": "80", **extra}
        body = {"organization": tree.cell_a.pk, "lines": [line]}
        return client.post(url, body, content_type="application/json")

    response = send(maternity_leave_days=400)
    assert response.status_code == 400
    response = send(maternity_leave_days=300, sick_leave_days=100)
    assert response.status_code == 400
    assert "không được quá 366" in response.content.decode()
    assert not MemberEvaluation.objects.exists()
    response = send(maternity_leave_days=150)
    assert response.status_code == 200, response.json()
    row = response.json()[0]
    assert row["maternity_leave_days"] == 150 and row["proposed_rating"] == Rating.GOOD
    assert "Nghỉ thai sản 150 ngày" in row["rule_reasons"][-1]
