"""The transfer pages (chuyển sinh hoạt đảng): issuing letters for one or several members,
receiving by the receiving unit, cancelling by the sender, ending a temporary activity, and
the four tabs of the list. Refusals are Vietnamese, status 400, and change nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.members import services
from dangbo.members.models import (
    EventKind,
    Member,
    MemberEvent,
    TemporaryReason,
    Transfer,
    TransferStatus,
)
from dangbo.members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
LIST = reverse("members:transfer-list")
CREATE = reverse("members:transfer-create")
LETTER_DAY = dt.date(2025, 9, 10)  # a Wednesday; 30 working days later is 22/10/2025


def at(day: dt.date) -> Any:
    """Freeze "today" (Asia/Ho_Chi_Minh) on `day`."""
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, 3, tzinfo=dt.UTC), tick=False
    )


def _state() -> tuple[Any, ...]:
    return (
        list(Member.objects.order_by("pk").values_list("pk", "organization", "status")),
        MemberEvent.objects.count(),
        list(Transfer.objects.order_by("pk").values_list("pk", "status")),
        AuditEvent.objects.count(),
    )


@contextmanager
def nothing_changes() -> Iterator[None]:
    before = _state()
    yield
    assert _state() == before


def create_url(*members: Member) -> str:
    return CREATE + "?" + "&".join(f"member={m.pk}" for m in members)


def start_form(**extra: Any) -> dict[str, Any]:
    data = {
        "destination": "system",
        "kind": "official",
        "letter_number": "125-GGT/ĐU",
        "letter_issued_on": "10/09/2025",
    }
    data.update(extra)
    return data


def text(response: Any) -> str:
    return str(response.content.decode())


def tab(client: Client, slug: str) -> list[str]:
    response = client.get(LIST, {"tab": slug})
    assert response.status_code == 200
    return [row["member"] for row in response.context["rows"]]


@pytest.fixture
def secretary_b(tree: Tree) -> User:
    """Bí thư of cell B: receives what is sent to B, never sees A's members."""
    return make_user("secretary_b", "Vũ Thị Bí Thư", tree.cell_b, Role.SECRETARY)


@pytest.fixture
def office(tree: Tree) -> User:
    """Văn phòng of the commune: edits cells A and B."""
    return make_user("office", "Đỗ Văn Phòng", tree.commune, Role.OFFICE)


@pytest.fixture
def in_a(tree: Tree) -> Member:
    return MemberFactory.create(organization=tree.cell_a, full_name="Nguyễn Thị Hồng Nhung")


def to_b(tree: Tree, member: Member, **extra: Any) -> Transfer:
    return services.start_transfer(
        actor=None,
        member=member,
        to_organization=tree.cell_b,
        letter_issued_on=LETTER_DAY,
        letter_number="07-GGT/ĐU",
        **extra,
    )


# --- Issuing a letter ------------------------------------------------------------------------


def test_the_secretary_issues_a_letter_and_the_member_stays_until_received(
    tree: Tree, secretary_a: User, client_for: ClientFor, in_a: Member
) -> None:
    client = client_for(secretary_a)

    page = client.get(create_url(in_a))
    assert page.status_code == 200
    assert in_a.full_name in text(page)
    response = client.post(create_url(in_a), start_form(to_organization=tree.cell_b.pk))

    assert response.status_code == 302, text(response)
    assert response["Location"] == f"{LIST}?tab=di"
    transfer = Transfer.objects.get(member=in_a)
    assert transfer.status == TransferStatus.PENDING
    assert transfer.to_organization == tree.cell_b
    assert transfer.letter_number == "125-GGT/ĐU"
    assert transfer.deadline == dt.date(2025, 10, 22)
    in_a.refresh_from_db()
    assert in_a.organization == tree.cell_a
    audit = AuditEvent.objects.get(action="member.start_transfer")
    assert audit.actor == secretary_a
    assert audit.object_id == str(transfer.pk)
    followed = client.get(response["Location"])
    assert "hạn xuất trình tại nơi đến: 22/10/2025" in text(followed)
    assert tab(client, "di") == [in_a.full_name]


def test_the_deadline_counts_working_days_and_shows_what_is_left(
    tree: Tree, secretary_a: User, client_for: ClientFor, in_a: Member
) -> None:
    to_b(tree, in_a)
    client = client_for(secretary_a)

    # 30 working days after Wednesday 10/09/2025, weekends skipped: 22/10/2025 (30 calendar
    # days would be 10/10/2025).
    with at(dt.date(2025, 10, 15)):
        row = client.get(LIST, {"tab": "di"}).context["rows"][0]
    assert row["deadline"] == "22/10/2025"
    assert row["deadline_note"] == "còn 5 ngày làm việc"  # 16, 17, 20, 21, 22
    assert not row["overdue"]
    # Friday 24/10: two working days late; the weekend after adds none.
    with at(dt.date(2025, 10, 26)):
        row = client.get(LIST, {"tab": "di"}).context["rows"][0]
    assert row["deadline_note"] == "quá hạn 2 ngày làm việc"
    assert row["overdue"]


def test_the_form_shows_the_computed_deadline_before_it_is_sent(
    secretary_a: User, client_for: ClientFor, tree: Tree
) -> None:
    client = client_for(secretary_a)
    url = reverse("members:transfer-deadlines")

    preview = client.get(url, {"letter_issued_on": "10/09/2025"})
    late = client.get(url, {"letter_issued_on": "10/09/2025", "cause_effective_on": "01/04/2025"})
    future = client.get(url, {"letter_issued_on": "01/01/2099"})
    junk = client.get(url, {"letter_issued_on": "hôm qua", "cause_effective_on": "31/02/2025"})

    assert "22/10/2025" in text(preview) and "30 ngày làm việc" in text(preview)
    # 60 working days after 01/04/2025 end before 10/09/2025: the letter is late.
    assert "ghi rõ lý do chậm" in text(late)
    assert "không được sau ngày hôm nay" in text(future)
    assert junk.status_code == 200 and "Nhập ngày cấp giấy" in text(junk)


def test_several_members_get_their_letters_in_one_go(
    tree: Tree, secretary_a: User, client_for: ClientFor, in_a: Member
) -> None:
    other = MemberFactory.create(organization=tree.cell_a, full_name="Lê Văn Tám")

    response = client_for(secretary_a).post(
        create_url(in_a, other),
        start_form(destination="outside", to_outside="Đảng bộ phường 5, tỉnh Cà Mau"),
    )

    assert response.status_code == 302, text(response)
    transfers = Transfer.objects.filter(member__in=[in_a, other])
    assert transfers.count() == 2
    assert {t.to_outside for t in transfers} == {"Đảng bộ phường 5, tỉnh Cà Mau"}
    assert AuditEvent.objects.filter(action="member.start_transfer").count() == 2


def test_several_members_are_all_or_nothing_and_each_refusal_is_named(
    tree: Tree, office: User, client_for: ClientFor, in_a: Member
) -> None:
    fine = MemberFactory.create(organization=tree.cell_a, full_name="Lê Văn Tám")
    already = MemberFactory.create(organization=tree.cell_a, full_name="Phan Thị Chờ")
    to_b(tree, already)
    in_b = MemberFactory.create(organization=tree.cell_b, full_name="Trần Văn Ở Bê")

    with nothing_changes():
        response = client_for(office).post(
            create_url(fine, already, in_b, in_a), start_form(to_organization=tree.cell_b.pk)
        )

    assert response.status_code == 400
    refused = {
        row["member"].full_name: " ".join(row["messages"]) for row in response.context["refusals"]
    }
    assert set(refused) == {"Phan Thị Chờ", "Trần Văn Ở Bê"}
    assert "chờ tiếp nhận" in refused["Phan Thị Chờ"]
    assert "trùng với nơi đảng viên đang sinh hoạt" in refused["Trần Văn Ở Bê"]
    assert "2 trong 4 đảng viên không chuyển được" in text(response)
    assert not Transfer.objects.filter(member__in=[fine, in_a, in_b]).exists()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ({"letter_issued_on": "01/01/2099"}, "không được sau ngày hôm nay"),
        ({"letter_issued_on": "31/02/2025"}, "Ngày không hợp lệ"),
        ({"letter_issued_on": "01/01/2000"}, "Chưa có quy định về thời hạn"),
        ({"to_organization": "999999999"}, "Không tìm thấy chi bộ nơi đến"),
        ({"to_organization": "abc"}, "Không tìm thấy chi bộ nơi đến"),
        ({"to_organization": ""}, "Chọn chi bộ nơi đến"),
        ({"destination": "outside", "to_outside": "  "}, "Ghi tên nơi đến ngoài hệ thống"),
        ({"destination": "elsewhere"}, "Chọn nơi đến"),
        (
            {
                "kind": "temporary",
                "temporary_reason": TemporaryReason.RESIDENCE_OR_WORK,
                "expected_months": "14",
            },
            "phải chuyển sinh hoạt đảng chính thức",
        ),
        ({"kind": "temporary", "expected_months": "6"}, "Chọn lý do chuyển sinh hoạt tạm thời"),
        ({"kind": "temporary", "temporary_reason": "study", "expected_months": "ba"}, "số tháng"),
        (
            {"cause_effective_on": "01/04/2025"},
            "Quá hạn làm thủ tục",
        ),
        ({"cause_effective_on": "11/09/2025"}, "sau ngày cấp giấy"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_changes_nothing(
    tree: Tree,
    secretary_a: User,
    client_for: ClientFor,
    in_a: Member,
    data: dict[str, Any],
    words: str,
) -> None:
    form = start_form(to_organization=tree.cell_b.pk)
    form.update(data)

    with nothing_changes():
        response = client_for(secretary_a).post(create_url(in_a), form)

    assert response.status_code == 400
    assert words in text(response), response.context["form"].errors


def test_a_transfer_to_the_members_own_unit_or_to_a_committee_is_refused(
    tree: Tree, secretary_a: User, client_for: ClientFor, in_a: Member
) -> None:
    client = client_for(secretary_a)

    with nothing_changes():
        own = client.post(create_url(in_a), start_form(to_organization=tree.cell_a.pk))
        committee = client.post(create_url(in_a), start_form(to_organization=tree.commune.pk))

    assert own.status_code == committee.status_code == 400
    assert own.context["form"].errors["to_organization"] == [
        "Nơi đến trùng với nơi đảng viên đang sinh hoạt."
    ]
    assert "không phải chi bộ" in " ".join(committee.context["form"].errors["to_organization"])


def test_only_members_the_user_may_edit_can_be_sent(
    tree: Tree,
    secretary_b: User,
    member_a: User,
    outsider: User,
    client_for: ClientFor,
    in_a: Member,
) -> None:
    mine = MemberFactory.create(organization=tree.cell_b, full_name="Trần Văn Ở Bê")
    client = client_for(secretary_b)

    with nothing_changes():
        assert client.get(create_url(in_a)).status_code == 404
        assert (
            client.post(
                create_url(in_a), start_form(destination="outside", to_outside="X")
            ).status_code
            == 404
        )
        # One of hers and one of A's: still refused as a whole.
        assert client.get(create_url(mine, in_a)).status_code == 404
        assert client.get(CREATE + "?member=abc").status_code == 404
        assert client_for(outsider).get(create_url(in_a)).status_code == 403
        assert client_for(member_a).get(create_url(in_a)).status_code == 403
    assert client.get(create_url(mine)).status_code == 200


def test_without_members_the_page_sends_the_user_to_the_roll(
    secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(secretary_a).get(CREATE)

    assert response.status_code == 302
    assert response["Location"] == reverse("members:member-list")


def test_the_destination_picker_finds_cells_of_the_whole_tree_only(
    tree: Tree, secretary_a: User, outsider: User, client_for: ClientFor
) -> None:
    url = reverse("members:transfer-destinations")
    client = client_for(secretary_a)

    found = client.get(url, {"unit_q": "ap hai"})
    committees = client.get(url, {"unit_q": "dang bo"})

    assert "Chi bộ Ấp Hai" in text(found)  # outside her scope, yet a destination
    assert f'value="{tree.cell_b.pk}"' in text(found)
    assert "Đảng bộ xã An Bình" not in text(committees)
    assert client_for(outsider).get(url, {"unit_q": "ap"}).status_code == 403


# --- Receiving, cancelling -------------------------------------------------------------------


def test_the_receiving_secretary_takes_the_member_in(
    tree: Tree,
    secretary_a: User,
    secretary_b: User,
    client_for: ClientFor,
    in_a: Member,
) -> None:
    transfer = to_b(tree, in_a)
    sender, receiver = client_for(secretary_a), client_for(secretary_b)
    receive = reverse("members:transfer-receive", args=[transfer.pk])
    assert tab(receiver, "den") == [in_a.full_name]
    assert tab(receiver, "di") == []
    assert tab(sender, "di") == [in_a.full_name]
    # Only the receiver records receipt; only the sender cancels.
    with nothing_changes():
        assert sender.post(receive, {"received_on": "15/09/2025"}).status_code == 403
        cancel = reverse("members:transfer-cancel", args=[transfer.pk])
        assert receiver.post(cancel, {"reason": "Không nhận"}).status_code == 403
        early = receiver.post(receive, {"received_on": "09/09/2025"})
    assert early.status_code == 400
    assert "trước ngày cấp giấy" in text(early)
    assert receiver.get(receive).status_code == 200

    response = receiver.post(receive, {"received_on": "15/09/2025"})

    assert response.status_code == 302, text(response)
    assert response["Location"] == reverse("members:member-detail", args=[in_a.pk])
    in_a.refresh_from_db()
    assert in_a.organization == tree.cell_b
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RECEIVED
    assert transfer.received_on == dt.date(2025, 9, 15)
    assert tab(sender, "di") == []
    assert tab(receiver, "den") == []
    assert tab(receiver, "xong") == [in_a.full_name]
    assert sender.get(receive).status_code == 404  # the member is B's now
    audit = AuditEvent.objects.get(action="member.receive_transfer")
    assert audit.actor == secretary_b


def test_the_sender_records_the_hand_over_of_a_letter_out_of_the_system(
    tree: Tree, secretary_a: User, client_for: ClientFor, in_a: Member
) -> None:
    transfer = services.start_transfer(
        actor=None, member=in_a, to_outside="Đảng bộ Quân sự tỉnh", letter_issued_on=LETTER_DAY
    )
    client = client_for(secretary_a)
    row = client.get(LIST, {"tab": "di"}).context["rows"][0]
    assert row["receive_url"] and row["cancel_url"]

    response = client.post(row["receive_url"], {"received_on": "12/09/2025"})

    assert response.status_code == 302
    in_a.refresh_from_db()
    assert in_a.status == "transferred_out"
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.RECEIVED


def test_the_sender_cancels_with_a_reason(
    tree: Tree, secretary_a: User, client_for: ClientFor, in_a: Member
) -> None:
    transfer = to_b(tree, in_a)
    client = client_for(secretary_a)
    url = reverse("members:transfer-cancel", args=[transfer.pk])

    with nothing_changes():
        empty = client.post(url, {"reason": "   "})
    response = client.post(url, {"reason": "Đảng viên không chuyển nữa"})

    assert empty.status_code == 400
    assert "Nhập lý do hủy" in text(empty)
    assert response.status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.CANCELLED
    assert tab(client, "xong") == [in_a.full_name]
    assert tab(client, "di") == []
    assert AuditEvent.objects.filter(action="member.cancel_transfer", actor=secretary_a).exists()
    # Done is done: the form is not offered again.
    assert client.get(url).status_code == 302


def test_pages_of_a_letter_are_404_to_those_who_cannot_see_it(
    tree: Tree, secretary_b: User, outsider: User, client_for: ClientFor, in_a: Member
) -> None:
    transfer = services.start_transfer(
        actor=None, member=in_a, to_outside="Nơi khác", letter_issued_on=LETTER_DAY
    )
    for user in (secretary_b, outsider):
        client = client_for(user)
        for name in ("members:transfer-receive", "members:transfer-cancel"):
            assert client.get(reverse(name, args=[transfer.pk])).status_code == 404
            assert client.post(reverse(name, args=[transfer.pk])).status_code == 404
        assert tab(client, "di") == [] and tab(client, "qua-han") == []


# --- Temporary activity ----------------------------------------------------------------------


def test_the_home_unit_ends_a_temporary_activity_elsewhere(
    tree: Tree, secretary_a: User, secretary_b: User, client_for: ClientFor, in_a: Member
) -> None:
    transfer = to_b(
        tree, in_a, temporary=True, temporary_reason=TemporaryReason.STUDY, expected_months=9
    )
    assert tab(client_for(secretary_b), "den")  # the host receives it like any letter
    services.receive_transfer(actor=None, transfer=transfer, received_on=dt.date(2025, 9, 15))
    in_a.refresh_from_db()
    assert (in_a.organization, in_a.temporary_organization) == (tree.cell_a, tree.cell_b)
    client = client_for(secretary_a)
    url = reverse("members:temporary-transfer-end", args=[in_a.pk])
    profile = client.get(reverse("members:member-detail", args=[in_a.pk]))
    assert url in text(profile)

    with nothing_changes():
        future = client.post(url, {"effective_on": "01/01/2099"})
        before = client.post(url, {"effective_on": "01/09/2025"})
        assert client_for(secretary_b).post(url, {"effective_on": "01/10/2025"}).status_code == 404
    response = client.post(url, {"effective_on": "01/10/2025"})

    assert future.status_code == before.status_code == 400
    assert "không được sau ngày hôm nay" in text(future)
    assert response.status_code == 302, text(response)
    in_a.refresh_from_db()
    assert in_a.temporary_organization is None
    assert in_a.events.filter(kind=EventKind.TEMPORARY_TRANSFER_ENDED).exists()
    assert AuditEvent.objects.filter(
        action="member.end_temporary_transfer", actor=secretary_a
    ).exists()
    again = client.post(url, {"effective_on": "02/10/2025"})
    assert again.status_code == 400
    assert "không sinh hoạt tạm thời" in text(again)


# --- Lists and the profile -------------------------------------------------------------------


def test_an_overdue_letter_shows_in_the_overdue_tab_highlighted(
    tree: Tree, secretary_a: User, secretary_b: User, client_for: ClientFor, in_a: Member
) -> None:
    to_b(tree, in_a)
    fresh = MemberFactory.create(organization=tree.cell_a, full_name="Lê Văn Tám")

    with at(dt.date(2025, 10, 27)):
        services.start_transfer(
            actor=None, member=fresh, to_outside="Nơi khác", letter_issued_on=dt.date(2025, 10, 27)
        )
        sender_rows = client_for(secretary_a).get(LIST, {"tab": "qua-han"}).context["rows"]
        receiver_rows = client_for(secretary_b).get(LIST, {"tab": "qua-han"}).context["rows"]
        page = client_for(secretary_a).get(LIST, {"tab": "qua-han"})

    assert [r["member"] for r in sender_rows] == [in_a.full_name]
    assert [r["member"] for r in receiver_rows] == [in_a.full_name]
    assert sender_rows[0]["overdue"] and "quá hạn" in sender_rows[0]["deadline_note"]
    assert 'class="table-danger"' in text(page)


def test_the_profile_offers_the_transfer_buttons_to_editors_only(
    tree: Tree, secretary_a: User, client_for: ClientFor, in_a: Member
) -> None:
    viewer = make_user("viewer", "Chỉ Xem", tree.cell_a, Role.VIEWER)
    profile = reverse("members:member-detail", args=[in_a.pk])

    editor_page = text(client_for(secretary_a).get(profile))
    viewer_page = text(client_for(viewer).get(profile))

    assert f"{CREATE}?member={in_a.pk}" in editor_page
    assert CREATE not in viewer_page
    transfer = to_b(tree, in_a)
    pending_page = text(client_for(secretary_a).get(profile))
    assert reverse("members:transfer-cancel", args=[transfer.pk]) in pending_page
    assert f"{CREATE}?member={in_a.pk}" not in pending_page


def test_the_list_runs_a_bounded_number_of_queries(
    tree: Tree,
    office: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(office)
    for _ in range(3):
        to_b(tree, MemberFactory.create(organization=tree.cell_a))
    client.get(LIST)  # warm the session and the grants
    for _ in range(12):
        to_b(tree, MemberFactory.create(organization=tree.cell_a))

    for slug in ("di", "den", "qua-han", "xong"):
        # +1 since #6: the sidebar counts the open reminders (Nhắc việc badge).
        # +1 since #9: the sidebar counts the reports still asked for (Biểu mẫu báo cáo).
        with django_assert_max_num_queries(16):
            response = client.get(LIST, {"tab": slug})
        assert response.status_code == 200
    assert len(client.get(LIST, {"tab": "di"}).context["rows"]) == 15


def test_too_many_members_at_once_are_refused_before_anything_is_read(
    secretary_a: User, client_for: ClientFor
) -> None:
    url = CREATE + "?" + "&".join(f"member={n}" for n in range(1, 102))

    with nothing_changes():
        response = client_for(secretary_a).get(url)

    assert response.status_code == 400
    assert "tối đa 100 đảng viên" in text(response)
