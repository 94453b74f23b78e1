"""The OpenAPI document: generated without a single drf-spectacular warning, valid, and
naming every endpoint once."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.core.management import call_command
from django.test import Client

from conftest import Tree

ENDPOINTS = {
    "/api/v1/organizations/": {"get", "post"},
    "/api/v1/organizations/{id}/": {"get", "patch"},
    "/api/v1/organizations/{id}/children/": {"get"},
    "/api/v1/organizations/{id}/history/": {"get"},
    "/api/v1/organizations/{id}/move/": {"post"},
    "/api/v1/organizations/{id}/merge/": {"post"},
    "/api/v1/organizations/{id}/split/": {"post"},
    "/api/v1/organizations/{id}/dissolve/": {"post"},
    "/api/v1/terms/": {"get", "post"},
    "/api/v1/terms/{id}/": {"get"},
    "/api/v1/committees/": {"get", "post"},
    "/api/v1/committees/{id}/": {"get"},
    "/api/v1/committee-seats/": {"get", "post"},
    "/api/v1/committee-seats/{id}/": {"get"},
    "/api/v1/committee-seats/{id}/end/": {"post"},
    "/api/v1/assignments/": {"get", "post"},
    "/api/v1/assignments/{id}/": {"get"},
    "/api/v1/grants/": {"get", "post"},
    "/api/v1/grants/{id}/": {"get"},
    "/api/v1/grants/{id}/end/": {"post"},
    "/api/v1/users/me/": {"get"},
    "/api/v1/members/": {"get", "post"},
    "/api/v1/members/{id}/": {"get", "patch"},
    "/api/v1/members/{id}/events/": {"get", "post"},
    "/api/v1/members/admit/": {"post"},
    "/api/v1/members/statistics/": {"get"},
    "/api/v1/members/{id}/corrections/": {"get", "post"},
    "/api/v1/members/{id}/readmit/": {"post"},
    "/api/v1/members/{id}/end-temporary-transfer/": {"post"},
    "/api/v1/members/{id}/link-user/": {"post"},
    "/api/v1/members/{id}/unlink-user/": {"post"},
    "/api/v1/correction-requests/": {"get"},
    "/api/v1/correction-requests/{id}/": {"get"},
    "/api/v1/correction-requests/{id}/approve/": {"post"},
    "/api/v1/correction-requests/{id}/refuse/": {"post"},
    "/api/v1/transfers/": {"get", "post"},
    "/api/v1/transfers/{id}/": {"get"},
    "/api/v1/transfers/{id}/receive/": {"post"},
    "/api/v1/transfers/{id}/cancel/": {"post"},
    "/api/v1/imports/": {"get", "post"},
    "/api/v1/imports/{id}/": {"get"},
    "/api/v1/imports/{id}/check/": {"post"},
    "/api/v1/imports/{id}/commit/": {"post"},
    "/api/v1/imports/{id}/cancel/": {"post"},
    "/api/v1/imports/{id}/revert/": {"post"},
    "/api/v1/imports/{id}/errors/": {"get"},
    "/api/v1/imports/{id}/mapping/": {"get", "post"},
    "/api/v1/documents/": {"get", "post"},
    "/api/v1/documents/{id}/": {"get", "patch"},
    "/api/v1/documents/{id}/issue/": {"post"},
    "/api/v1/documents/{id}/attachments/": {"post"},
    "/api/v1/targets/extract": {"post"},
    "/api/v1/targets/": {"get", "post"},
    "/api/v1/targets/{id}/": {"get", "patch"},
    "/api/v1/targets/{id}/progress/": {"post"},
    "/api/v1/targets/{id}/cascade/": {"post"},
    "/api/v1/target-progress/": {"get"},
    "/api/v1/target-progress/{id}/": {"get"},
    "/api/v1/tasks/": {"get", "post"},
    "/api/v1/tasks/{id}/": {"get", "patch"},
    "/api/v1/tasks/{id}/reports/": {"post"},
    "/api/v1/task-reports/": {"get"},
    "/api/v1/task-reports/{id}/": {"get"},
    "/api/v1/meetings/": {"get", "post"},
    "/api/v1/meetings/{id}/": {"get"},
    "/api/v1/meetings/{id}/attendance/": {"post"},
    "/api/v1/meetings/attendance-rates/": {"get"},
    "/api/v1/study-sessions/": {"get", "post"},
    "/api/v1/study-sessions/{id}/": {"get"},
    "/api/v1/study-sessions/{id}/attendance/": {"post"},
    "/api/v1/study-sessions/coverage/": {"get"},
    "/api/v1/candidates/": {"get", "post"},
    "/api/v1/candidates/{id}/": {"get"},
    "/api/v1/candidates/{id}/advance/": {"post"},
    "/api/v1/candidates/{id}/sponsors/": {"post"},
    "/api/v1/candidates/{id}/papers/": {"post"},
    "/api/v1/awareness-courses/": {"get", "post"},
    "/api/v1/awareness-courses/{id}/": {"get"},
    "/api/v1/awareness-courses/{id}/enrolments/": {"post"},
    "/api/v1/awareness-courses/{id}/results/": {"post"},
    "/api/v1/evaluation-rounds/": {"get", "post"},
    "/api/v1/evaluation-rounds/{id}/": {"get"},
    "/api/v1/evaluation-rounds/{id}/advance/": {"post"},
    "/api/v1/evaluation-rounds/{id}/grid/": {"post"},
    "/api/v1/evaluation-rounds/{id}/decide/": {"post"},
    "/api/v1/evaluation-rounds/{id}/summary/": {"get"},
    "/api/v1/evaluations/": {"get"},
    "/api/v1/evaluations/{id}/": {"get"},
    "/api/v1/evaluations/{id}/correct/": {"post"},
    "/api/v1/organization-evaluations/": {"get"},
    "/api/v1/organization-evaluations/{id}/": {"get"},
    "/api/v1/organization-evaluations/assess/": {"post"},
    "/api/v1/organization-evaluations/decide/": {"post"},
    "/api/v1/organization-evaluations/{id}/correct/": {"post"},
    "/api/v1/evaluation-rules/": {"get"},
    "/api/v1/four-good-sets/": {"get"},
    "/api/v1/four-good-sets/{id}/": {"get"},
    "/api/v1/four-good-assessments/": {"get"},
    "/api/v1/four-good-assessments/{id}/": {"get"},
    "/api/v1/reporting-forms/": {"get"},
    "/api/v1/reporting-forms/{id}/": {"get"},
    "/api/v1/submissions/": {"get", "post"},
    "/api/v1/submissions/{id}/": {"get"},
    "/api/v1/submissions/{id}/submit/": {"post"},
    "/api/v1/submissions/{id}/approve/": {"post"},
    "/api/v1/submissions/{id}/return/": {"post"},
    "/api/v1/indicators/": {"get", "post"},
    "/api/v1/indicators/{id}/": {"get", "patch"},
    "/api/v1/analytics/": {"get"},
}


def test_schema_generates_without_warnings_and_validates(tmp_path: Path) -> None:
    target = tmp_path / "schema.yaml"
    # --fail-on-warn raises on any warning, --validate checks against the OpenAPI 3 spec.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    paths = document["paths"]
    assert {p: set(ops) for p, ops in paths.items()} == ENDPOINTS
    ids = [op["operationId"] for ops in paths.values() for op in ops.values()]
    assert len(ids) == len(set(ids))
    as_of = [
        p for p in paths["/api/v1/organizations/"]["get"]["parameters"] if p["name"] == "as_of"
    ]
    assert as_of and "dd/mm/yyyy" in as_of[0]["description"]


def test_options_requests_answer_405_not_a_server_error(admin_api: Client, tree: Tree) -> None:
    for url in (
        "/api/v1/organizations/",
        f"/api/v1/organizations/{tree.cell_a.pk}/move/",
        "/api/v1/grants/",
        "/api/v1/users/me/",
    ):
        assert admin_api.options(url).status_code == 405
