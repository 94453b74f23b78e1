"""The roll's party-age and position filters, alike on the list page and in the API, and the
folded matching of free-text positions that both run in SQL."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.core.text import fold
from dangbo.core.workdays import add_years
from dangbo.members.models import Member
from dangbo.members.roll_filters import folded_pattern
from dangbo.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

LIST = reverse("members:member-list")
API = "/api/v1/members/"
ClientFor = Callable[[User], Client]


def names_on(response: Any) -> list[str]:
    assert response.status_code == 200
    return [row["full_name"] for row in response.context["rows"]]


def api_names(response: Any) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["full_name"] for row in response.json()["results"]]


def admitted_years_ago(tree: Tree, name: str, years: int, days: int = 0) -> Member:
    """An official member whose admission decision was `years` years (and `days` days) ago."""
    decided = add_years(today(), -years) + timedelta(days=days)
    return MemberFactory.create(
        organization=tree.cell_a,
        full_name=name,
        birth_date=date(1940, 1, 1),
        decision_date=decided,
        admitted_on=decided + timedelta(days=10),
        official_on=add_years(decided + timedelta(days=10), 1),
    )


@pytest.fixture
def by_party_age(tree: Tree) -> None:
    admitted_years_ago(tree, "Lê Văn Năm", 5)
    admitted_years_ago(tree, "Lê Văn Chín", 10, days=1)  # ten years tomorrow: still 9
    admitted_years_ago(tree, "Lê Văn Mười", 10)  # ten years today
    admitted_years_ago(tree, "Lê Văn Hai Lăm", 25)
    admitted_years_ago(tree, "Lê Văn Năm Hai", 52)
    # Probationary: no party age yet, so in no band.
    MemberFactory.create(
        organization=tree.cell_a,
        full_name="Lê Văn Dự Bị",
        decision_date=today() - timedelta(days=60),
        admitted_on=today() - timedelta(days=50),
        official_on=None,
    )


@pytest.mark.usefixtures("by_party_age")
def test_the_party_age_filter_counts_whole_years_from_the_admission_decision(
    secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)

    assert names_on(client.get(LIST, {"party_age": "lt10"})) == ["Lê Văn Chín", "Lê Văn Năm"]
    assert names_on(client.get(LIST, {"party_age": "10-19"})) == ["Lê Văn Mười"]
    assert names_on(client.get(LIST, {"party_age": "20-29"})) == ["Lê Văn Hai Lăm"]
    assert names_on(client.get(LIST, {"party_age": "30-39"})) == []
    assert names_on(client.get(LIST, {"party_age": "50+"})) == ["Lê Văn Năm Hai"]
    assert "Lê Văn Dự Bị" in names_on(client.get(LIST))


@pytest.mark.usefixtures("by_party_age")
def test_the_api_filters_by_the_same_party_age_bands(
    secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)

    assert api_names(client.get(API, {"party_age": "lt10"})) == ["Lê Văn Chín", "Lê Văn Năm"]
    assert api_names(client.get(API, {"party_age": "10-19"})) == ["Lê Văn Mười"]
    assert api_names(client.get(API, {"party_age": "50+"})) == ["Lê Văn Năm Hai"]


@pytest.fixture
def by_position(tree: Tree) -> None:
    people = [
        ("Nguyễn Văn An", {"party_position": "Bí thư Chi bộ"}),
        ("Trần Thị Bình", {"party_position": "PHÓ BÍ THƯ chi bộ"}),
        ("Lê Văn Cường", {"party_position": "Chi ủy viên"}),
        ("Phạm Thị Dung", {"government_position": "Chủ tịch UBND xã"}),
        ("Hồ Văn Em", {"mass_org_position": "Chủ tịch Hội Nông dân xã"}),
        ("Võ Thị Gấm", {}),
    ]
    for name, positions in people:
        MemberFactory.create(organization=tree.cell_a, full_name=name, **positions)


@pytest.mark.usefixtures("by_position")
def test_the_position_filter_answers_what_a_secretary_asks(
    secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)

    def listed(**query: str) -> set[str]:
        return set(names_on(client.get(LIST, query)))

    assert listed(position="secretary") == {"Nguyễn Văn An", "Trần Thị Bình"}
    assert listed(position="committee") == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}
    assert listed(position="party") == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"}
    assert listed(position="government") == {"Phạm Thị Dung"}
    assert listed(position="mass_org") == {"Hồ Văn Em"}
    assert listed(position="none") == {"Võ Thị Gấm"}
    assert len(listed(position="any")) == 5
    # Folded free text over the three fields.
    assert listed(position_text="chu tich") == {"Phạm Thị Dung", "Hồ Văn Em"}
    assert listed(position_text="Chủ tịch hội") == {"Hồ Văn Em"}
    assert listed(position_text="pho bi thu") == {"Trần Thị Bình"}
    assert listed(position_text="bí-thư") == {"Nguyễn Văn An", "Trần Thị Bình"}
    assert listed(position_text="ubnd", position="government") == {"Phạm Thị Dung"}
    assert listed(position_text="!!!") == listed()


@pytest.mark.usefixtures("by_position")
def test_the_api_filters_by_position_like_the_page(
    secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)

    assert set(api_names(client.get(API, {"position": "secretary"}))) == {
        "Nguyễn Văn An",
        "Trần Thị Bình",
    }
    assert api_names(client.get(API, {"position_text": "hoi nong dan"})) == ["Hồ Văn Em"]
    assert api_names(client.get(API, {"position": "none"})) == ["Võ Thị Gấm"]


def test_the_new_filters_refuse_bad_values_in_vietnamese(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    MemberFactory.create(organization=tree.cell_a, full_name="Nguyễn Văn An")
    client = client_for(secretary_a)

    for query in ({"party_age": "100"}, {"position": "vua"}, {"position_text": "x" * 500}):
        page = client.get(LIST, query)
        assert page.status_code == 200
        assert "không hợp lệ" in page.content.decode()
        assert names_on(page) == ["Nguyễn Văn An"]  # the bad filter is left out

        api = client.get(API, query)
        assert api.status_code == 400
        field = next(iter(query))
        assert field in api.json(), api.json()


def test_a_secretary_never_finds_cell_bs_members_by_position(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    MemberFactory.create(organization=tree.cell_b, full_name="Đinh Văn Bí", party_position="Bí thư")
    client = client_for(secretary_a)

    assert names_on(client.get(LIST, {"position": "secretary"})) == []
    assert api_names(client.get(API, {"position_text": "bi thu"})) == []


# --- The folded pattern itself ------------------------------------------------------------------

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
words = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper(), min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(st.lists(words, min_size=1, max_size=4), st.data())
def test_a_folded_phrase_of_a_text_always_finds_it(parts: list[str], data: Any) -> None:
    text = " ".join(parts)
    start = data.draw(st.integers(0, len(parts) - 1))
    end = data.draw(st.integers(start + 1, len(parts)))
    typed = fold(" ".join(parts[start:end]))  # what a user types: no accents, lower case

    assert re.search(folded_pattern(typed), text)


def test_the_pattern_tells_letters_apart() -> None:
    pattern = folded_pattern("bi thu")

    assert re.search(pattern, "Phó Bí thư Đảng ủy")
    assert re.search(pattern, "BÍ THƯ")
    assert not re.search(pattern, "Bí thơ")
    assert not re.search(pattern, "Bíthư")
    assert folded_pattern("  ") == ""
    assert re.search(folded_pattern("đảng"), "Dang uy")
