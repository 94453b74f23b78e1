"""/api/v1/targets/, /tasks/, /target-progress/, /task-reports/: scoped, in Vietnamese, and a
refused request writes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.targets.models import TargetProgress, TaskReport, TaskStatus
from dangbo.targets.tests.conftest import Program

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, data, content_type="application/json")


def patch(client: Client, url: str, data: Any) -> Any:
    return client.patch(url, data, content_type="application/json")


def test_list_targets_with_progress(
    program: Program, secretary_a: User, client_for: ClientFor, django_assert_max_num_queries
) -> None:
    client = client_for(secretary_a)
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/targets/", {"document": program.document.pk})
    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert len(rows) == 4
    parent = rows[program.parent.pk]["progress"]
    assert parent["percent"] == pytest.approx(75.0)
    assert parent["formula"].startswith("Tiến độ chỉ tiêu cha")
    members = rows[program.members.pk]
    assert members["value"] == 400 and members["unit"] == "đảng viên"
    assert members["progress"]["forecast"]["label"]
    detail = client.get(f"/api/v1/targets/{program.members.pk}/").json()
    assert "(45 − 0) / (400 − 0)" in detail["progress"]["explanation"]


def test_create_and_patch_target(
    program: Program,
    commune_secretary: User,
    secretary_a: User,
    client_for: ClientFor,
    tree: Tree,
) -> None:
    client = client_for(commune_secretary)
    body = {
        "document": program.document.pk,
        "value": 100,
        "unit": "%",
        "subject": "chi bộ",
        "metric": "sinh hoạt định kỳ",
        "responsible": tree.cell_a.pk,
    }
    response = post(client, "/api/v1/targets/", body)
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    response = patch(client, f"/api/v1/targets/{pk}/", {"value": "98.5", "status": "achieved"})
    assert response.status_code == 200
    assert response.json()["value"] == 98.5 and response.json()["status"] == "achieved"
    bad = post(client, "/api/v1/targets/", body | {"value": "nhiều", "comparator": "~"})
    assert bad.status_code == 400 and {"value", "comparator"} <= set(bad.json())
    bad = post(client, "/api/v1/targets/", body | {"responsible": tree.agencies.pk})
    assert bad.status_code == 400 and "responsible" in bad.json()
    forbidden = patch(client_for(secretary_a), f"/api/v1/targets/{pk}/", {"value": 1})
    assert forbidden.status_code == 403


def test_report_target_progress_api(
    program: Program, secretary_a: User, secretary_b: User, client_for: ClientFor
) -> None:
    url = f"/api/v1/targets/{program.child_a.pk}/progress/"
    body = {"period_label": "Quý III/2026", "as_of": "30/06/2026", "value": 97, "unit": "%"}
    client = client_for(secretary_a)
    wrong = post(client, url, body | {"unit": "người"})
    assert wrong.status_code == 400
    assert "khác đơn vị tính của chỉ tiêu" in wrong.json()["unit"][0]
    future = post(client, url, body | {"as_of": "2026-07-02"})
    assert future.status_code == 400 and "as_of" in future.json()
    assert post(client_for(secretary_b), url, body).status_code == 403
    before = TargetProgress.objects.count()
    ok = post(client, url, body | {"unit": "phần trăm"})
    assert ok.status_code == 201 and ok.json()["value"] == 97
    assert TargetProgress.objects.count() == before + 1
    listed = client.get("/api/v1/target-progress/", {"target": program.child_a.pk}).json()
    assert {r["period_label"] for r in listed["results"]} >= {"Quý III/2026"}


def test_tasks_api_filters_and_reports(
    program: Program, secretary_a: User, secretary_b: User, client_for: ClientFor, tree: Tree
) -> None:
    client = client_for(secretary_a)
    rows = client.get("/api/v1/tasks/", {"document": program.document.pk}).json()["results"]
    assert len(rows) == 3
    late = next(r for r in rows if r["id"] == program.late_b.pk)
    assert late["overdue"] is True
    rows = client.get("/api/v1/tasks/", {"status": "overdue"}).json()["results"]
    assert [r["id"] for r in rows] == [program.late_b.pk]
    rows = client.get("/api/v1/tasks/", {"lead": tree.cell_a.pk}).json()["results"]
    assert [r["id"] for r in rows] == [program.task_a.pk]
    assert client.get("/api/v1/tasks/", {"status": "lost"}).status_code == 400

    url = f"/api/v1/tasks/{program.task_a.pk}/reports/"
    body = {"reported_on": "30/06/2026", "progress": 150, "status": "in_progress", "text": "x"}
    response = post(client, url, body)
    assert response.status_code == 400 and "progress" in response.json()
    assert post(client_for(secretary_b), url, body | {"progress": 50}).status_code == 403
    ok = post(client, url, body | {"progress": 100, "status": "done"})
    assert ok.status_code == 201
    program.task_a.refresh_from_db()
    assert program.task_a.status == TaskStatus.DONE
    listed = client.get("/api/v1/task-reports/", {"task": program.task_a.pk}).json()["results"]
    assert len(listed) == 1 and TaskReport.objects.count() == 1


def test_create_and_assign_task_api(
    program: Program, commune_secretary: User, client_for: ClientFor, tree: Tree
) -> None:
    client = client_for(commune_secretary)
    body = {
        "document": program.document.pk,
        "kind": "solution",
        "title": "Giải pháp mới",
        "lead": tree.cell_a.pk,
        "supporting": [tree.cell_b.pk],
        "deadline": "31/12/2027",
    }
    response = post(client, "/api/v1/tasks/", body)
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["supporting"] == [tree.cell_b.pk]
    response = patch(client, f"/api/v1/tasks/{pk}/", {"lead": tree.cell_b.pk, "supporting": []})
    assert response.status_code == 200 and response.json()["lead"] == tree.cell_b.pk
    bad = patch(client, f"/api/v1/tasks/{pk}/", {"kind": "other", "deadline": "31/13/2027"})
    assert bad.status_code == 400 and {"kind", "deadline"} <= set(bad.json())


def test_other_branch_sees_nothing(program: Program, outsider: User, client_for: ClientFor) -> None:
    client = client_for(outsider)
    for url in (
        "/api/v1/targets/",
        "/api/v1/tasks/",
        "/api/v1/target-progress/",
        "/api/v1/task-reports/",
    ):
        assert client.get(url).json()["results"] == []
    assert client.get(f"/api/v1/targets/{program.members.pk}/").status_code == 404
    url = f"/api/v1/tasks/{program.task_a.pk}/reports/"
    response = post(
        client,
        url,
        {"reported_on": "30/06/2026", "progress": 5, "status": "in_progress", "text": "x"},
    )
    assert response.status_code == 404
    assert client.get("/api/v1/targets/99999999999999999999/").status_code == 404
