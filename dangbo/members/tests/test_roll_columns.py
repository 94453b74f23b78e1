"""Choosing the roll's columns: remembered for the user's session, personal columns only for
those allowed to read them, row checkboxes and bulk actions, a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from conftest import FOUNDED, Tree, make_user
from dangbo.access.models import Grant, Role
from dangbo.accounts.models import User
from dangbo.members import services
from dangbo.members.columns import COLUMNS, DEFAULT_KEYS
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.views.roll import COLUMNS_SESSION_KEY

pytestmark = pytest.mark.django_db

LIST = reverse("members:member-list")
CHOOSE = reverse("members:member-columns")
ClientFor = Callable[[User], Client]


def headers(client: Client, query: dict[str, str] | None = None) -> list[str]:
    response = client.get(LIST, query or {})
    assert response.status_code == 200
    return [column.header for column in response.context["columns"]]


def header_of(*keys: str) -> list[str]:
    return [c.header for c in COLUMNS if c.key in keys]


def test_a_new_user_sees_the_default_columns(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    MemberFactory.create(organization=tree.cell_a)

    assert headers(client_for(secretary_a)) == header_of(*DEFAULT_KEYS)


def test_the_chosen_columns_are_remembered_and_shown(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(
        organization=tree.cell_a,
        full_name="Nguyễn Thị Hoa",
        party_position="Bí thư Chi bộ",
        specialty="Kế toán",
        education_level="bachelor",
    )
    services.issue_card(
        actor=None, member=member, card_number="079001234", issued_on=dt.date(2022, 5, 19)
    )
    client = client_for(secretary_a)

    response = client.post(
        CHOOSE,
        {
            "col": ["position", "party_age", "education", "card_number", "no-such"],
            "back": "sex=female",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?sex=female"
    assert headers(client) == ["Tuổi đảng (năm)", "Số thẻ đảng viên", "Chuyên môn", "Chức vụ"]
    body = client.get(LIST).content.decode()
    assert "Bí thư Chi bộ" in body
    assert "Đại học, Kế toán" in body
    assert "079001234" in body
    assert '<th scope="col">Ngày sinh</th>' not in body
    # Another login of the same person starts from the default again; the choice is per session.
    assert headers(client_for(secretary_a)) == header_of(*DEFAULT_KEYS)


def test_resetting_brings_the_default_back(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    client.post(CHOOSE, {"col": ["sex"]})
    assert headers(client) == ["Giới tính"]

    client.post(CHOOSE, {"reset": "1", "col": ["sex"]})

    assert headers(client) == header_of(*DEFAULT_KEYS)
    assert COLUMNS_SESSION_KEY not in client.session


def test_no_optional_column_leaves_the_name(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    MemberFactory.create(organization=tree.cell_a, full_name="Nguyễn Thị Hoa")
    client = client_for(secretary_a)

    client.post(CHOOSE, {})

    assert headers(client) == []
    assert "Nguyễn Thị Hoa" in client.get(LIST).content.decode()


def test_a_secretary_without_the_personal_right_can_neither_choose_nor_see_cccd(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a, phone="0912345678")
    client = client_for(secretary_a)

    offered = [c["key"] for c in client.get(LIST).context["column_choices"]]
    client.post(CHOOSE, {"col": ["national_id", "phone", "sex"]})
    body = client.get(LIST).content.decode()

    assert "national_id" not in offered and "phone" not in offered
    assert headers(client) == ["Giới tính"]
    assert member.national_id and member.national_id not in body
    assert "0912345678" not in body
    assert "Số CCCD" not in body


def test_a_stored_personal_choice_is_dropped_when_the_right_is_gone(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    client = client_for(secretary_a)
    session = client.session
    session[COLUMNS_SESSION_KEY] = ["national_id", "sex"]
    session.save()

    body = client.get(LIST).content.decode()

    assert headers(client) == ["Giới tính"]
    assert member.national_id and member.national_id not in body


def test_personal_columns_fill_only_rows_where_the_user_has_the_right(
    tree: Tree, client_for: ClientFor
) -> None:
    """An office user of cell A who also views the whole commune: CCCDs of A only."""
    office_a = make_user("office_a", "Hà Văn Phòng", tree.cell_a, Role.OFFICE)
    Grant.objects.create(
        user=office_a, organization=tree.commune, role=Role.VIEWER, valid_from=FOUNDED
    )
    mine = MemberFactory.create(organization=tree.cell_a, full_name="Nguyễn Văn An")
    theirs = MemberFactory.create(organization=tree.cell_b, full_name="Trần Văn Bình")
    client = client_for(office_a)
    client.post(CHOOSE, {"col": ["national_id"]})
    response = client.get(LIST, {"org": tree.commune.pk})
    body = response.content.decode()

    assert [r["full_name"] for r in response.context["rows"]] == ["Nguyễn Văn An", "Trần Văn Bình"]
    assert mine.national_id and mine.national_id in body
    assert theirs.national_id and theirs.national_id not in body


def test_rows_carry_checkboxes_and_the_bulk_actions(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    body = client_for(secretary_a).get(LIST, {"sex": "female"}).content.decode()

    assert f'name="member" value="{member.pk}"' in body
    assert "data-select-all" in body
    assert "Xuất danh sách đã chọn" in body
    assert "Chuyển sinh hoạt các đảng viên đã chọn" in body
    assert "Xuất toàn bộ kết quả lọc" in body
    assert f"{reverse('members:member-export')}?sex=female&amp;format=xlsx" in body
    assert "js/member_list.js" in body
    assert "<script>" not in body and "style=" not in body


def test_who_may_not_edit_gets_no_transfer_button(
    tree: Tree, member_a: User, client_for: ClientFor
) -> None:
    MemberFactory.create(organization=tree.cell_a, user=member_a)

    body = client_for(member_a).get(LIST).content.decode()

    assert "Xuất danh sách đã chọn" in body
    assert "Chuyển sinh hoạt các đảng viên đã chọn" not in body


def test_choosing_columns_needs_a_post_and_a_login(tree: Tree, secretary_a: User) -> None:
    assert Client().post(CHOOSE, {"col": ["sex"]}).status_code == 302
    client = Client()
    client.force_login(secretary_a)
    assert client.get(CHOOSE).status_code == 405


def test_the_way_back_never_leaves_the_list(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)

    for back, expected in (
        ("https://evil.example/", LIST),
        ("next=//evil.example&sex=male", f"{LIST}?sex=male"),
        ("page=3&q=nguyen", f"{LIST}?q=nguyen&page=3"),
        ("%ff%fe=\x00", LIST),
    ):
        response = client.post(CHOOSE, {"col": ["sex"], "back": back})
        assert response["Location"] == expected, back


def test_every_column_at_once_stays_within_the_query_budget(
    tree: Tree,
    province_admin: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(province_admin)
    client.post(CHOOSE, {"col": [c.key for c in COLUMNS]})
    for i in range(3):
        MemberFactory.create(organization=tree.cell_a, full_name=f"Nguyễn Văn Một {i}")
    with django_assert_max_num_queries(12):
        client.get(LIST)
    for i in range(12):
        MemberFactory.create(organization=tree.cell_b, full_name=f"Trần Văn Hai {i}")

    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"position": "none", "party_age": "lt10", "q": "van"})

    assert len(response.context["rows"]) == 15
    assert len(response.context["columns"]) == len(COLUMNS)
