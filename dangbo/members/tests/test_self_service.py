"""A member's own view, in pages: they see exactly their own record (not their cell's other
members), ask for a correction from it and read the answer; staff decide from their list."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.members import services
from dangbo.members.models import CorrectionRequest, CorrectionStatus, Member, Sanction
from dangbo.members.tests.factories import CorrectionRequestFactory, MemberFactory
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
LIST = reverse("members:correction-list")


def profile(member: Member) -> str:
    return reverse("members:member-detail", args=[member.pk])


@pytest.fixture
def own(tree: Tree, member_a: User) -> Member:
    member = MemberFactory.create(
        organization=tree.cell_a,
        full_name="Phạm Thị Đảng Viên",
        birth_place="Xã Tân Hưng",
        phone="0912 000 111",
    )
    return services.link_member_user(actor=None, member=member, user=member_a)


@pytest.fixture
def neighbour(tree: Tree) -> Member:
    return MemberFactory.create(organization=tree.cell_a, full_name="Trần Văn Hàng Xóm")


def test_a_member_sees_exactly_their_own_record_in_the_pages(
    own: Member, neighbour: Member, member_a: User, client_for: ClientFor
) -> None:
    client = client_for(member_a)

    roll = client.get(reverse("members:member-list")).content.decode()
    mine = client.get(profile(own))

    assert own.full_name in roll and neighbour.full_name not in roll
    assert mine.status_code == 200
    assert client.get(profile(neighbour)).status_code == 404
    # Her own CCCD and phone are personal data her role does not read (docs/permissions.md).
    assert "0912 000 111" not in mine.content.decode()
    assert own.national_id and own.national_id not in mine.content.decode()


def test_the_own_profile_offers_the_correction_form_and_nobody_elses_does(
    own: Member, member_a: User, secretary_a: User, client_for: ClientFor
) -> None:
    url = reverse("members:correction-create", args=[own.pk])

    mine = client_for(member_a).get(profile(own)).content.decode()
    staff = client_for(secretary_a).get(profile(own)).content.decode()

    assert "Đề nghị đính chính" in mine and url in mine
    assert 'name="requested_value"' in mine
    assert url not in staff


def test_a_member_asks_for_a_correction_from_their_profile(
    own: Member, member_a: User, client_for: ClientFor
) -> None:
    client = client_for(member_a)
    url = reverse("members:correction-create", args=[own.pk])

    response = client.post(
        url,
        {
            "field": "field:birth_place",
            "requested_value": "Xã An Bình",
            "reason": "Giấy khai sinh ghi xã An Bình",
        },
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#pane-corrections")
    correction = CorrectionRequest.objects.get()
    assert correction.requested_value == "Xã An Bình"
    page = client.get(profile(own)).content.decode()
    assert "Chờ xử lý" in page and "Xã An Bình" in page


def test_a_bad_request_shows_vietnamese_errors_and_saves_nothing(
    own: Member, member_a: User, client_for: ClientFor
) -> None:
    url = reverse("members:correction-create", args=[own.pk])
    client = client_for(member_a)

    empty = client.post(url, {})
    same = client.post(
        url, {"field": "field:birth_place", "requested_value": "Xã Tân Hưng", "reason": "x"}
    )
    forged = client.post(
        url, {"field": "field:national_id", "requested_value": "1" * 12, "reason": "x"}
    )

    assert empty.status_code == same.status_code == forged.status_code == 400
    assert "Chọn nội dung cần đính chính." in empty.content.decode()
    assert "Nhập lý do, giấy tờ làm căn cứ." in empty.content.decode()
    assert "giống giá trị đang ghi" in same.content.decode()
    assert "trong danh sách" in forged.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_nobody_asks_on_a_record_that_is_not_theirs(
    own: Member, neighbour: Member, member_a: User, secretary_a: User, client_for: ClientFor
) -> None:
    data = {"field": "field:birth_place", "requested_value": "Xã Khác", "reason": "x"}

    # Someone else's record: she does not even see it.
    theirs = reverse("members:correction-create", args=[neighbour.pk])
    assert client_for(member_a).post(theirs, data).status_code == 404
    # Staff see the record, but the request is the member's to make.
    mine = reverse("members:correction-create", args=[own.pk])
    assert client_for(secretary_a).get(mine).status_code == 403
    assert client_for(secretary_a).post(mine, data).status_code == 403
    assert not CorrectionRequest.objects.exists()


def test_staff_see_pending_requests_of_their_units_only(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    in_a = CorrectionRequestFactory.create(member=MemberFactory.create(organization=tree.cell_a))
    in_b = CorrectionRequestFactory.create(member=MemberFactory.create(organization=tree.cell_b))

    page = client_for(secretary_a).get(LIST).content.decode()

    assert in_a.requested_value in page and in_a.reason in page
    assert in_b.requested_value not in page
    assert reverse("members:correction-approve", args=[in_a.pk]) in page


def test_the_staff_list_costs_a_bounded_number_of_queries(
    tree: Tree,
    secretary_a: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for _ in range(12):
        CorrectionRequestFactory.create(member=MemberFactory.create(organization=tree.cell_a))
    client = client_for(secretary_a)

    with django_assert_max_num_queries(12):
        response = client.get(LIST)

    assert response.content.decode().count("correction-card") == 12


def test_staff_approve_from_the_list_and_the_member_reads_it_on_the_timeline(
    own: Member, member_a: User, secretary_a: User, client_for: ClientFor
) -> None:
    correction = services.request_correction(
        actor=member_a,
        member=own,
        target="field:birth_place",
        requested_value="Xã An Bình",
        reason="Theo giấy khai sinh",
    )
    staff = client_for(secretary_a)

    response = staff.post(
        reverse("members:correction-approve", args=[correction.pk]), {"decision_note": "Đúng"}
    )

    assert response.status_code == 302
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.APPROVED
    page = client_for(member_a).get(profile(own)).content.decode()
    assert "Đính chính thông tin hồ sơ" in page
    assert "Nơi sinh: Xã Tân Hưng → Xã An Bình" in page
    assert "Đã đính chính" in page


def test_refusing_from_the_page_needs_a_reason(
    own: Member, member_a: User, secretary_a: User, client_for: ClientFor
) -> None:
    correction = CorrectionRequestFactory.create(member=own)
    url = reverse("members:correction-refuse", args=[correction.pk])
    staff = client_for(secretary_a)

    empty = staff.post(url, {"decision_note": ""})
    done = staff.post(url, {"decision_note": "Không có giấy tờ chứng minh"})

    assert empty.status_code == 400
    assert "Nhập lý do không chấp nhận." in empty.content.decode()
    assert done.status_code == 302
    page = client_for(member_a).get(profile(own)).content.decode()
    assert "Không chấp nhận" in page and "Không có giấy tờ chứng minh" in page


def test_the_member_and_other_units_cannot_decide(
    tree: Tree, own: Member, member_a: User, client_for: ClientFor
) -> None:
    correction = CorrectionRequestFactory.create(member=own)
    secretary_b = make_user("secretary_b", "Đỗ Văn Bê", tree.cell_b, Role.SECRETARY)
    approve = reverse("members:correction-approve", args=[correction.pk])

    assert client_for(member_a).post(approve, {}).status_code == 403
    assert client_for(secretary_b).post(approve, {}).status_code == 404
    assert "correction-card" not in client_for(secretary_b).get(LIST).content.decode()
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING


def test_the_member_sees_their_own_requests_in_the_list_without_decision_forms(
    own: Member, member_a: User, client_for: ClientFor
) -> None:
    correction = CorrectionRequestFactory.create(member=own)

    page = client_for(member_a).get(LIST).content.decode()

    assert correction.reason in page
    assert reverse("members:correction-approve", args=[correction.pk]) not in page


def test_the_profile_has_a_commendation_and_discipline_tab(
    own: Member, secretary_a: User, client_for: ClientFor
) -> None:
    services.commend_member(
        actor=None,
        member=own,
        decision=Decision(effective_on=dt.date(2024, 9, 2), number="45-QĐ/ĐU"),
        form="Bằng khen",
        authority="Ban Thường vụ Tỉnh ủy",
        achievement="Tiêu biểu trong học tập và làm theo Bác",
    )
    services.discipline_member(
        actor=None,
        member=own,
        decision=Decision(effective_on=dt.date(2024, 10, 1), number="07-QĐ/UBKT"),
        sanction=Sanction.REPRIMAND,
        authority="Chi bộ Ấp Một",
        reason="Vắng sinh hoạt không lý do",
    )

    page = client_for(secretary_a).get(profile(own)).content.decode()

    assert "Khen thưởng / kỷ luật" in page
    assert "Bằng khen" in page and "Ban Thường vụ Tỉnh ủy" in page
    assert "Khiển trách" in page and "Vắng sinh hoạt không lý do" in page


def test_the_decision_pages_show_the_request(
    own: Member, secretary_a: User, client_for: ClientFor
) -> None:
    correction = CorrectionRequestFactory.create(member=own)
    staff = client_for(secretary_a)

    for name in ("members:correction-approve", "members:correction-refuse"):
        page = staff.get(reverse(name, args=[correction.pk]))
        assert page.status_code == 200
        text = page.content.decode()
        assert correction.requested_value in text and correction.reason in text
