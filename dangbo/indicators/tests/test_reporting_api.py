"""/api/v1/reporting-forms/ and /api/v1/submissions/: the same flow and refusals as the pages,
answered as JSON (400 per field, 404 outside the scope, 403 for a report one may not review)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.indicators.models import Submission, SubmissionState
from dangbo.indicators.tests.reporting_helpers import Q3, Setup, make_form

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
FORMS = "/api/v1/reporting-forms/"
SUBMISSIONS = "/api/v1/submissions/"


@pytest.fixture
def setup(tree: Tree) -> Setup:
    return make_form(tree)


def _body(s: Setup, org_pk: int, rate: tuple[Any, Any] = (1, 1), models: Any = "1,5") -> dict:
    return {
        "form": s.form.pk,
        "organization": org_pk,
        "period": Q3.key,
        "values": [
            {"indicator": "ty-le-chi-bo-144", "numerator": rate[0], "denominator": rate[1]},
            {"indicator": "mo-hinh-moi-chi-bo", "numerator": models, "denominator": 1},
        ],
    }


def _post(client: Client, url: str, body: dict | None = None) -> Any:
    return client.post(url, body or {}, content_type="application/json")


def test_a_cell_reads_the_forms_its_commune_issued(
    tree: Tree, setup: Setup, secretary_a: User, outsider: User, client_for: ClientFor
) -> None:
    listed = client_for(secretary_a).get(FORMS).json()
    assert [f["code"] for f in listed["results"]] == ["bieu-01-xa"]
    form = client_for(secretary_a).get(f"{FORMS}{setup.form.pk}/").json()
    assert [i["code"] for i in form["indicators"]] == ["mo-hinh-moi-chi-bo", "ty-le-chi-bo-144"]
    assert client_for(outsider).get(f"{FORMS}{setup.form.pk}/").status_code == 404


def test_the_flow_through_the_api(
    tree: Tree, setup: Setup, secretary_a: User, client_for: ClientFor
) -> None:
    cell = client_for(secretary_a)
    saved = _post(cell, SUBMISSIONS, _body(setup, tree.cell_a.pk))
    assert saved.status_code == 200, saved.json()
    data = saved.json()
    assert data["state"] == "draft" and data["period_label"] == "Quý III/2026"
    pk = data["id"]
    assert _post(cell, f"{SUBMISSIONS}{pk}/submit/").json()["state"] == "submitted"
    assert _post(cell, f"{SUBMISSIONS}{pk}/approve/").status_code == 403
    commune = client_for(setup.reviewer)
    no_comment = _post(commune, f"{SUBMISSIONS}{pk}/return/", {"comment": ""})
    assert no_comment.status_code == 400 and "comment" in no_comment.json()
    returned = _post(commune, f"{SUBMISSIONS}{pk}/return/", {"comment": "Kiểm tra lại số liệu."})
    assert returned.json()["state"] == "returned"
    _post(cell, f"{SUBMISSIONS}{pk}/submit/")
    approved = _post(commune, f"{SUBMISSIONS}{pk}/approve/", {"comment": "Đồng ý."})
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    locked = _post(cell, SUBMISSIONS, _body(setup, tree.cell_a.pk, models=2))
    assert locked.status_code == 400
    assert "Báo cáo đã được duyệt và khóa" in locked.json()["state"][0]
    resent = _post(cell, f"{SUBMISSIONS}{pk}/submit/")
    assert (
        resent.status_code == 400 and "Báo cáo đã được duyệt và khóa" in resent.json()["state"][0]
    )
    listed = commune.get(f"{SUBMISSIONS}?state=approved&form={setup.form.pk}").json()
    assert [s["id"] for s in listed["results"]] == [pk]


def test_bad_figures_answer_400_per_field_and_write_nothing(
    tree: Tree, setup: Setup, secretary_a: User, client_for: ClientFor
) -> None:
    cell = client_for(secretary_a)
    over = _post(cell, SUBMISSIONS, _body(setup, tree.cell_a.pk, rate=(2, 1)))
    assert over.status_code == 400
    assert "không được lớn hơn" in over.json()["numerator_ty-le-chi-bo-144"][0]
    out_of_range = _post(cell, SUBMISSIONS, _body(setup, tree.cell_a.pk, models=21))
    assert out_of_range.status_code == 400
    assert "nằm ngoài khoảng cho phép" in out_of_range.json()["numerator_mo-hinh-moi-chi-bo"][0]
    for bad in (True, [1], "", "1e5", "9" * 50):
        answer = _post(cell, SUBMISSIONS, _body(setup, tree.cell_a.pk, models=bad))
        assert answer.status_code == 400, bad
    period = _post(cell, SUBMISSIONS, {**_body(setup, tree.cell_a.pk), "period": "quy:3"})
    assert period.status_code == 400 and "period" in period.json()
    assert not Submission.objects.exists()


def test_a_unit_outside_the_scope_is_404_and_of_the_wrong_kind_400(
    tree: Tree, setup: Setup, secretary_a: User, province_admin: User, client_for: ClientFor
) -> None:
    outside = _post(client_for(secretary_a), SUBMISSIONS, _body(setup, tree.cell_b.pk))
    assert outside.status_code == 404
    wrong_kind = _post(client_for(province_admin), SUBMISSIONS, _body(setup, tree.agencies.pk))
    assert wrong_kind.status_code == 400 and "organization" in wrong_kind.json()
    assert not Submission.objects.exists()


def test_a_secretary_never_sees_another_cells_report(
    tree: Tree, setup: Setup, secretary_a: User, client_for: ClientFor
) -> None:
    other = _post(client_for(setup.reviewer), SUBMISSIONS, _body(setup, tree.cell_b.pk)).json()
    cell = client_for(secretary_a)
    assert cell.get(SUBMISSIONS).json()["results"] == []
    assert cell.get(f"{SUBMISSIONS}{other['id']}/").status_code == 404
    assert _post(cell, f"{SUBMISSIONS}{other['id']}/submit/").status_code == 404
    assert Submission.objects.get().state == SubmissionState.DRAFT
