"""The member pages: the roll (list, filters, search, order, pages) and a member's profile."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.core.clock import today
from dangbo.core.workdays import add_years
from dangbo.members import services
from dangbo.members.models import Ethnicity, Member, MemberStatus, TheoryLevel
from dangbo.members.tests.factories import MemberFactory, TransferFactory
from dangbo.members.views import roll

pytestmark = pytest.mark.django_db

LIST = reverse("members:member-list")
ClientFor = Callable[[User], Client]


def detail(member: Member) -> str:
    return reverse("members:member-detail", args=[member.pk])


def names_on(response: object) -> list[str]:
    return [row["full_name"] for row in response.context["rows"]]  # type: ignore[attr-defined]


def test_the_secretary_of_cell_a_lists_cell_as_members_and_never_cell_bs(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    mine = MemberFactory.create(organization=tree.cell_a, full_name="Nguyễn Văn An")
    theirs = MemberFactory.create(organization=tree.cell_b, full_name="Trần Thị Bích")

    response = client_for(secretary_a).get(LIST)

    assert response.status_code == 200
    assert names_on(response) == [mine.full_name]
    assert theirs.full_name not in response.content.decode()
    assert detail(mine) in response.content.decode()


def test_the_search_finds_names_typed_without_diacritics_and_exact_numbers(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    MemberFactory.create(organization=tree.cell_a, full_name="Nguyễn Văn Đức")
    other = MemberFactory.create(organization=tree.cell_a, full_name="Lê Thị Hoa")
    services.issue_card(
        actor=None, member=other, card_number="79123456", issued_on=dt.date(2022, 5, 19)
    )
    client = client_for(secretary_a)

    assert names_on(client.get(LIST, {"q": "nguyen duc"})) == ["Nguyễn Văn Đức"]
    assert names_on(client.get(LIST, {"q": "duc van"})) == ["Nguyễn Văn Đức"]
    assert names_on(client.get(LIST, {"q": "79123456"})) == ["Lê Thị Hoa"]
    # A part of a number is not a match: numbers are looked up exactly.
    assert names_on(client.get(LIST, {"q": "7912345"})) == []


def test_only_those_who_may_read_cccd_numbers_find_members_by_them(
    tree: Tree, secretary_a: User, province_admin: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a, full_name="Lê Thị Hoa")
    assert member.national_id
    query = {"q": member.national_id}

    assert names_on(client_for(secretary_a).get(LIST, query)) == []
    assert names_on(client_for(province_admin).get(LIST, query)) == ["Lê Thị Hoa"]


def test_the_filters_narrow_the_list(tree: Tree, secretary_a: User, client_for: ClientFor) -> None:
    khmer = Ethnicity.objects.get(name="Khơ-me")
    young = MemberFactory.create(
        organization=tree.cell_a,
        full_name="Thạch Sô Phia",
        sex="male",
        ethnicity=khmer,
        birth_date=add_years(today(), -25),
        theory_level=TheoryLevel.INTERMEDIATE,
    )
    old = MemberFactory.create(
        organization=tree.cell_a,
        full_name="Lâm Thị Mai",
        sex="female",
        birth_date=add_years(today(), -55),
    )
    probationary = MemberFactory.create(
        organization=tree.cell_a,
        full_name="Võ Văn Tâm",
        official_on=None,
        birth_date=add_years(today(), -35),
    )
    client = client_for(secretary_a)

    assert names_on(client.get(LIST, {"sex": "male"})) == [young.full_name]
    assert names_on(client.get(LIST, {"ethnicity": khmer.pk})) == [young.full_name]
    assert names_on(client.get(LIST, {"theory_level": "intermediate"})) == [young.full_name]
    assert names_on(client.get(LIST, {"age": "0-30"})) == [young.full_name]
    assert names_on(client.get(LIST, {"age": "51-60"})) == [old.full_name]
    assert names_on(client.get(LIST, {"status": MemberStatus.PROBATIONARY})) == [
        probationary.full_name
    ]


def test_members_who_left_the_roll_are_listed_only_when_asked_for(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    gone = MemberFactory.create(organization=tree.cell_a, full_name="Đinh Văn Xa")
    services.record_death(actor=None, member=gone, died_on=dt.date(2024, 1, 5))
    client = client_for(secretary_a)

    assert names_on(client.get(LIST)) == []
    assert names_on(client.get(LIST, {"status": "all"})) == [gone.full_name]
    assert names_on(client.get(LIST, {"status": MemberStatus.DIED})) == [gone.full_name]


def test_the_list_is_in_vietnamese_order_by_given_name(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    for name in ("Nguyễn Văn Bình", "Trần Ánh", "Lê Thị An", "Đỗ Đức", "Phạm Văn Dũng"):
        MemberFactory.create(organization=tree.cell_a, full_name=name)

    response = client_for(secretary_a).get(LIST)

    assert names_on(response) == [
        "Lê Thị An",
        "Trần Ánh",
        "Nguyễn Văn Bình",
        "Phạm Văn Dũng",
        "Đỗ Đức",
    ]


def test_page_two_continues_where_page_one_stopped(
    tree: Tree, secretary_a: User, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(roll, "PAGE_SIZE", 2)
    for name in ("Hà An", "Hà Bảo", "Hà Cúc", "Hà Dung", "Hà Em"):
        MemberFactory.create(organization=tree.cell_a, full_name=name)
    client = client_for(secretary_a)

    first = client.get(LIST, {"sex": "female"})
    second = client.get(LIST, {"sex": "female", "page": "2"})

    assert names_on(first) == ["Hà An", "Hà Bảo"]
    assert names_on(second) == ["Hà Cúc", "Hà Dung"]
    # The next-page link keeps the filter.
    assert "sex=female&amp;page=2" in first.content.decode()


def test_bad_filter_values_are_ignored_with_a_message(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    mine = MemberFactory.create(organization=tree.cell_a, full_name="Nguyễn Văn An")
    theirs = MemberFactory.create(organization=tree.cell_b, full_name="Trần Thị Bích")
    client = client_for(secretary_a)

    queries: list[dict[str, str | int]] = [
        {"status": "khong-co"},
        {"org": tree.cell_b.pk},
        {"org": "abc"},
        {"org": "99999999999999999999"},
        {"ethnicity": "x"},
        {"age": "200"},
        {"page": "abc"},
        {"page": "-5"},
        {"page": "99999"},
        {"q": "x" * 500},
    ]
    for query in queries:
        response = client.get(LIST, query)
        body = response.content.decode()
        assert response.status_code == 200, query
        assert theirs.full_name not in body, query
        if "q" not in query:
            assert names_on(response) == [mine.full_name], query
        if "page" not in query:
            assert "không hợp lệ" in body, query


def test_a_unit_outside_her_scope_reads_as_unknown(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(secretary_a).get(LIST, {"org": tree.cell_b.pk})

    assert "Tổ chức không có trong phạm vi bạn được xem." in response.content.decode()
    assert tree.cell_b.name not in response.content.decode()


def test_the_province_admin_filters_by_a_unit_and_its_subtree(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    a = MemberFactory.create(organization=tree.cell_a, full_name="Nguyễn Văn An")
    b = MemberFactory.create(organization=tree.cell_b, full_name="Trần Thị Bích")
    client = client_for(province_admin)

    assert names_on(client.get(LIST)) == [a.full_name, b.full_name]
    assert names_on(client.get(LIST, {"org": tree.cell_b.pk})) == [b.full_name]
    assert names_on(client.get(LIST, {"org": tree.commune.pk})) == [a.full_name, b.full_name]
    assert names_on(client.get(LIST, {"org": tree.agencies.pk})) == []


def test_the_list_runs_a_bounded_number_of_queries(
    tree: Tree,
    province_admin: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(province_admin)
    for i in range(3):
        MemberFactory.create(organization=tree.cell_a, full_name=f"Nguyễn Văn Một {i}")
    with django_assert_max_num_queries(12):
        client.get(LIST, {"q": "nguyen", "sex": "female", "age": "51-60"})
    for i in range(12):
        MemberFactory.create(organization=tree.cell_b, full_name=f"Trần Văn Hai {i}")

    with django_assert_max_num_queries(12):
        response = client.get(LIST, {"q": "van"})

    assert len(names_on(response)) == 15


def test_anonymous_visitors_are_sent_to_log_in(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    for url in (LIST, detail(member)):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


# --- The profile ------------------------------------------------------------------------------


def test_the_profile_shows_the_record_timeline_and_party_age(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(
        organization=tree.cell_a, full_name="Nguyễn Thị Hồng", occupation="Giáo viên"
    )
    card = services.issue_card(
        actor=None,
        member=member,
        card_number="79000111",
        issued_on=dt.date(2022, 5, 19),
        decision_number="15-QĐ/ĐU",
    )
    services.correct_event(
        actor=None, event=card, reason="Ghi nhầm ngày phát thẻ", effective_on=dt.date(2022, 6, 2)
    )

    response = client_for(secretary_a).get(detail(member))
    body = response.content.decode()

    assert response.status_code == 200
    assert "Giáo viên" in body
    assert "16/03/2020" in body  # ngày vào Đảng, dd/mm/yyyy
    assert "<del>19/05/2022</del>" in body  # the corrected event, struck through
    assert "Đã đính chính: Phát thẻ đảng viên ngày 02/06/2022" in body
    assert "15-QĐ/ĐU" in body
    assert str(response.context["party_age"]) in body
    assert response.context["party_age"].years >= 5
    assert 'data-bs-toggle="tab"' in body
    assert "<script" not in body.split("</head>")[1]


def test_the_profile_shows_a_pending_transfer_and_badges_due(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    veteran = MemberFactory.create(
        organization=tree.cell_a,
        full_name="Huỳnh Văn Lão",
        birth_date=dt.date(1950, 1, 1),
        decision_date=dt.date(1980, 1, 10),
        admitted_on=dt.date(1980, 1, 20),
        official_on=dt.date(1981, 1, 20),
    )
    TransferFactory.create(member=veteran, to_outside="Đảng bộ tỉnh Bạc Liêu")

    body = client_for(secretary_a).get(detail(veteran)).content.decode()

    assert "Đảng bộ tỉnh Bạc Liêu" in body
    assert "Chờ nơi đến tiếp nhận" in body
    assert "Quá hạn" in body  # presented by 22/10/2025 at the latest
    assert "Huy hiệu 45 năm: 10/01/2025" in body


def test_the_secretary_gets_404_for_a_member_of_cell_b(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    theirs = MemberFactory.create(organization=tree.cell_b)

    assert client_for(secretary_a).get(detail(theirs)).status_code == 404


def test_personal_details_are_hidden_from_the_secretary(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(
        organization=tree.cell_a,
        phone="0912345678",
        current_address="Số 5 đường Lý Thường Kiệt",
    )

    body = client_for(secretary_a).get(detail(member)).content.decode()

    assert member.full_name in body
    assert member.national_id
    assert member.national_id not in body
    assert "0912345678" not in body
    assert "Lý Thường Kiệt" not in body
    assert not AuditEvent.objects.filter(action="member.view_full").exists()


def test_personal_details_are_shown_to_the_province_admin(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a, phone="0912345678")

    body = client_for(province_admin).get(detail(member)).content.decode()

    assert member.national_id
    assert member.national_id in body
    assert "0912345678" in body
    read = AuditEvent.objects.filter(action="member.view_full", object_id=str(member.pk))
    assert read.get().actor == province_admin


def test_a_member_reaches_their_own_record_only(
    tree: Tree, member_a: User, client_for: ClientFor
) -> None:
    me = MemberFactory.create(organization=tree.cell_a, user=member_a, full_name="Phạm Thị Đảng")
    neighbour = MemberFactory.create(organization=tree.cell_a, full_name="Cao Văn Láng")
    client = client_for(member_a)

    assert client.get(detail(me)).status_code == 200
    assert client.get(detail(neighbour)).status_code == 404
    assert names_on(client.get(LIST)) == [me.full_name]
    assert neighbour.full_name not in client.get(LIST).content.decode()


def test_the_sidebar_links_to_the_roll(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    body = client_for(secretary_a).get(reverse("orgs:tree")).content.decode()

    assert f'href="{LIST}"' in body
    assert "Danh sách đảng viên" in body
