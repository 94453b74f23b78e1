"""/api/v1/study-sessions/: list, read, create, the attendance sheet in one POST and coverage
as an action. Bad input answers 400 with Vietnamese messages per field; nothing changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.members.tests.factories import MemberFactory
from dangbo.study.models import StudyAttendance, StudySession
from dangbo.study.tests.factories import StudySessionFactory

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
URL = "/api/v1/study-sessions/"


def post(client: Client, url: str, body: Any) -> Any:
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_a_secretary_creates_a_session_and_posts_the_sheet(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    document = DocumentFactory.create(issuer=tree.commune)
    one, two = MemberFactory.create_batch(2, organization=tree.cell_a)
    client = client_for(secretary_a)

    created = post(
        client,
        URL,
        {
            "document": document.pk,
            "organization": tree.cell_a.pk,
            "held_on": "10/12/2025",
            "level": "cell",
            "guests": 4,
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    sheet = post(client, f"{URL}{pk}/attendance/", {"members": [one.pk, two.pk]})

    assert sheet.status_code == 200
    assert sheet.json()["present_members"] == sorted([one.pk, two.pk])
    assert sheet.json()["present_count"] == 2
    listed = client.get(URL, {"document": document.pk}).json()
    assert [row["id"] for row in listed["results"]] == [pk]


def test_bad_create_input_answers_400_per_field(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    hidden = DocumentFactory.create(issuer=tree.cell_b)

    response = post(
        client_for(secretary_a),
        URL,
        {
            "document": hidden.pk,
            "organization": tree.cell_b.pk,
            "held_on": "32/13/2025",
            "level": "moon",
            "guests": -1,
        },
    )

    errors = response.json()
    assert response.status_code == 400
    assert set(errors) >= {"document", "organization", "held_on", "level", "guests"}
    assert "Không tìm thấy văn bản" in errors["document"][0]
    assert not StudySession.objects.exists()


def test_a_sheet_naming_someone_off_the_roll_is_refused_with_400(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    session = StudySessionFactory.create(organization=tree.cell_a)
    other = MemberFactory.create(organization=tree.cell_b)
    client = client_for(secretary_a)

    refused = post(client, f"{URL}{session.pk}/attendance/", {"members": [other.pk]})
    junk = post(client, f"{URL}{session.pk}/attendance/", {"members": ["a", -5]})

    assert refused.status_code == 400
    assert "Không tìm thấy đảng viên mã" in refused.json()["members"][0]
    assert junk.status_code == 400
    assert not StudyAttendance.objects.exists()


def test_a_session_of_cell_b_is_not_found_for_cell_as_secretary(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    session = StudySessionFactory.create(organization=tree.cell_b)
    client = client_for(secretary_a)

    assert client.get(f"{URL}{session.pk}/").status_code == 404
    assert post(client, f"{URL}{session.pk}/attendance/", {"members": []}).status_code == 404


def test_coverage_answers_the_units_the_total_and_who_has_not_studied(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    document = DocumentFactory.create(issuer=tree.commune)
    a = MemberFactory.create(organization=tree.cell_a)
    b = MemberFactory.create(organization=tree.cell_b)
    session = StudySessionFactory.create(organization=tree.cell_a, document=document)
    client = client_for(province_admin)
    post(client, f"{URL}{session.pk}/attendance/", {"members": [a.pk]})

    response = client.get(
        f"{URL}coverage/",
        {"document": document.pk, "organization": tree.commune.pk, "as_of": "31/12/2025"},
    )

    data = response.json()
    assert response.status_code == 200, data
    assert data["total"] == {
        "organization": tree.commune.pk,
        "organization_name": tree.commune.name,
        "expected": 2,
        "studied": 1,
        "percent": 50.0,
    }
    assert {row["organization"]: row["studied"] for row in data["units"]} == {
        tree.cell_a.pk: 1,
        tree.cell_b.pk: 0,
    }
    assert [m["id"] for m in data["results"]] == [b.pk]
    bad = client.get(f"{URL}coverage/", {"document": "x", "as_of": "hôm qua"})
    assert bad.status_code == 400 and set(bad.json()) >= {"document", "organization", "as_of"}
