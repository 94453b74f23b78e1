"""The member record forms in the browser's shoes: admitting, entering and editing a record.
Each success writes its member, events and audit rows; each bad input of issue #4 comes back
as the same form with a Vietnamese message, status 400, and nothing written; and nobody
reaches a form outside their scope (the event pages: test_event_pages.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django import forms
from django.test import Client
from django.urls import reverse

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.core.clock import today
from dangbo.members import services
from dangbo.members.api.members import NO_PERSONAL_RIGHT
from dangbo.members.models import EventKind, Member, MemberStatus
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.tests.helpers import admit
from dangbo.members.tests.pages import (
    ADMIT,
    CREATE,
    DECISION,
    admission,
    audit_actions,
    correct_url,
    counts,
    edit_url,
    entry,
    event_url,
    official,
    profile,
    refused,
    with_card,
)
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


# --- Putting members on the roll ------------------------------------------------------------------


def test_a_secretary_admits_a_member_with_a_sponsor_from_the_cell_and_one_typed(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    sponsor = MemberFactory.create(organization=tree.cell_a, full_name="Lê Văn Giới Thiệu")
    MemberFactory.create(organization=tree.cell_b, full_name="Võ Thị Chi Bộ Khác")
    client = client_for(secretary_a)

    page = client.get(ADMIT, {"organization": tree.cell_a.pk})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Lê Văn Giới Thiệu" in html  # offered as a sponsor
    assert "Võ Thị Chi Bộ Khác" not in html
    assert page.context["form"]["organization"].value() == tree.cell_a.pk

    response = client.post(
        ADMIT,
        admission(tree.cell_a, sponsor_1=sponsor.pk, sponsor_2_name="Phan Văn Ngoài Hệ Thống"),
        follow=True,
    )

    member = Member.objects.get(full_name="Nguyễn Văn Mới")
    assert response.redirect_chain[0][0] == profile(member) + "#pane-history"
    assert "Đã kết nạp Nguyễn Văn Mới vào Chi bộ Ấp Một" in response.content.decode()
    assert member.status == MemberStatus.PROBATIONARY
    assert member.organization == tree.cell_a
    assert (member.decision_date, member.admitted_on) == (dt.date(2024, 5, 10), dt.date(2024, 6, 1))
    assert (member.sponsor_1, member.sponsor_2_name) == (sponsor, "Phan Văn Ngoài Hệ Thống")
    event = member.events.get()
    assert (event.kind, event.decision_number, event.recorded_by) == (
        EventKind.ADMITTED,
        "12-QĐ/ĐU",
        secretary_a,
    )
    assert "member.admit" in audit_actions(member)


def test_an_existing_member_is_entered_with_admission_and_recognition(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(secretary_a).post(CREATE, entry(tree.cell_a))

    member = Member.objects.get(full_name="Trần Thị Cũ")
    assert response.status_code == 302
    assert response["Location"] == profile(member) + "#pane-history"
    assert member.status == MemberStatus.OFFICIAL
    assert member.official_on == dt.date(2011, 3, 16)
    assert member.admitted_at == "Chi bộ trường THPT An Bình"
    assert list(member.events.values_list("kind", flat=True)) == [
        EventKind.ADMITTED,
        EventKind.CONFIRMED_OFFICIAL,
    ]
    assert "member.create" in audit_actions(member)


def test_the_only_cell_of_a_secretary_is_chosen_for_her(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    page = client_for(secretary_a).get(CREATE)

    assert page.status_code == 200
    assert page.context["form"]["organization"].value() == tree.cell_a.pk


def test_the_edit_form_saves_what_changed_and_audits_only_that(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a, occupation="Nông dân")
    client = client_for(secretary_a)
    page = client.get(edit_url(member))
    data = {
        name: value
        for name, value in page.context["form"].initial.items()
        if value is not None and name in page.context["form"].fields
    }
    data.update(birth_date="15/06/1970", occupation="Giáo viên", ethnicity="", religion="")

    response = client.post(edit_url(member), data)

    assert response.status_code == 302, response.context["form"].errors
    assert response["Location"] == profile(member)
    member.refresh_from_db()
    assert member.occupation == "Giáo viên"
    update = AuditEvent.objects.filter(action="member.update").get()
    assert update.after == {"occupation": "Giáo viên"}


# --- Personal data (CCCD, addresses, phone) -------------------------------------------------------


def test_a_secretary_neither_sees_nor_changes_personal_data(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a, phone="0912 345 678")
    client = client_for(secretary_a)

    page = client.get(edit_url(member))
    assert "national_id" not in page.context["form"].fields
    assert str(member.national_id) not in page.content.decode()
    assert "0912 345 678" not in page.content.decode()
    assert "national_id" not in client.get(ADMIT).context["form"].fields

    client.post(
        edit_url(member),
        {
            "full_name": member.full_name,
            "sex": "female",
            "birth_date": "15/06/1970",
            "theory_level": "none",
            "national_id": "",
            "phone": "",
        },
    )
    member.refresh_from_db()
    assert member.phone == "0912 345 678"
    assert member.national_id


def test_the_office_edits_personal_data_and_its_reading_is_audited(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    client = client_for(province_admin)

    page = client.get(edit_url(member))
    assert str(member.national_id) in page.content.decode()
    assert AuditEvent.objects.filter(action="member.view_full").count() == 1
    data = {k: v for k, v in page.context["form"].initial.items() if v is not None}
    data.update(birth_date="15/06/1970", ethnicity="", religion="", phone="0988 111 222")
    response = client.post(edit_url(member), data)

    assert response.status_code == 302, response.context["form"].errors
    member.refresh_from_db()
    assert member.phone == "0988 111 222"


def test_personal_data_for_a_cell_without_the_right_is_refused_on_admission(
    tree: Tree, client_for: ClientFor
) -> None:
    # Office of cell B (personal data there), secretary of cell A (none here).
    user = make_user("hai_vai", "Đỗ Văn Hai Vai", tree.cell_b, Role.OFFICE)
    user.grants.create(
        organization=tree.cell_a, role=Role.SECRETARY, valid_from=dt.date(2020, 1, 1)
    )

    refused(
        client_for(user),
        ADMIT,
        admission(tree.cell_a, national_id="079123456789"),
        "national_id",
        NO_PERSONAL_RIGHT,
    )


# --- Bad input of issue #4, through the pages -----------------------------------------------------


@pytest.mark.parametrize("national_id", ["12345", "0791234567890", "07912345678a"])
def test_a_cccd_of_the_wrong_length_is_refused(
    tree: Tree, province_admin: User, client_for: ClientFor, national_id: str
) -> None:
    refused(
        client_for(province_admin),
        ADMIT,
        admission(tree.cell_a, national_id=national_id),
        "national_id",
        "Số CCCD phải gồm đúng 12 chữ số.",
    )


def test_a_cccd_already_on_the_roll_is_refused(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    other = MemberFactory.create(organization=tree.cell_b)
    mine = MemberFactory.create(organization=tree.cell_a)
    client = client_for(province_admin)

    refused(
        client,
        CREATE,
        entry(tree.cell_a, national_id=other.national_id),
        "national_id",
        "đã có ở đảng viên khác",
    )
    data = {k: v for k, v in client.get(edit_url(mine)).context["form"].initial.items() if v}
    data.update(birth_date="15/06/1970", national_id=other.national_id)
    refused(client, edit_url(mine), data, "national_id", "đã có ở đảng viên khác")


def test_a_birth_date_in_the_future_is_refused(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    tomorrow = today() + dt.timedelta(days=1)
    refused(
        client_for(secretary_a),
        ADMIT,
        admission(tree.cell_a, birth_date=f"{tomorrow:%d/%m/%Y}"),
        "birth_date",
        "Ngày không được sau ngày hôm nay.",
    )


def test_someone_under_18_on_the_decision_date_is_not_admitted(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    refused(
        client_for(secretary_a),
        ADMIT,
        admission(tree.cell_a, birth_date="11/05/2006"),
        "birth_date",
        "Chưa đủ 18 tuổi",
    )


def test_an_official_date_less_than_12_months_after_admission_is_refused(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = admit(tree.cell_a)
    client = client_for(secretary_a)

    refused(
        client,
        event_url(member, EventKind.CONFIRMED_OFFICIAL),
        {"decision_number": "30-QĐ/ĐU", "decision_date": "05/06/2025", "official_on": "31/05/2025"},
        "official_on",
        "sớm nhất là 01/06/2025",
    )
    refused(
        client,
        CREATE,
        entry(tree.cell_a, official_on="15/03/2011"),
        "official_on",
        "12 tháng",
    )


def test_no_event_is_recorded_after_the_member_died(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.record_death(actor=None, member=member, died_on=dt.date(2025, 3, 1))

    refused(
        client_for(secretary_a),
        event_url(member, EventKind.EXEMPTED),
        {"effective_on": "10/03/2025", "reason": "Tuổi cao"},
        "effective_on",
        "đã từ trần ngày 01/03/2025",
    )


def test_no_event_is_recorded_after_the_member_was_struck_off(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.remove_member(
        actor=None, member=member, decision=Decision(effective_on=dt.date(2025, 3, 1))
    )

    refused(
        client_for(secretary_a),
        event_url(member, EventKind.POSITION_CHANGED),
        {"effective_on": "10/03/2025", "party_position": "Chi ủy viên"},
        "effective_on",
        "đã bị xóa tên ngày 01/03/2025",
    )


def test_a_sponsor_who_is_not_an_official_member_is_refused(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    probationary = MemberFactory.create(organization=tree.cell_a, official_on=None)

    refused(
        client_for(secretary_a),
        ADMIT,
        admission(tree.cell_a, sponsor_1=probationary.pk),
        "sponsor_1",
        "không phải đảng viên chính thức",
    )


def test_a_sponsor_chosen_and_typed_at_once_is_refused(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    sponsor = MemberFactory.create(organization=tree.cell_a)

    refused(
        client_for(secretary_a),
        ADMIT,
        admission(tree.cell_a, sponsor_1=sponsor.pk, sponsor_1_name="Người khác"),
        "sponsor_1_name",
        "không ghi thêm tên",
    )


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("31/02/2024", "Ngày không hợp lệ"),
        ("2024-13-01", "Ngày không hợp lệ"),
        ("01/01/0001", "không được trước ngày 03/02/1930"),
        ("hôm qua", "Ngày không hợp lệ"),
    ],
)
def test_a_malformed_day_is_refused_on_its_box(
    tree: Tree, secretary_a: User, client_for: ClientFor, typed: str, words: str
) -> None:
    refused(
        client_for(secretary_a),
        ADMIT,
        admission(tree.cell_a, decision_date=typed),
        "decision_date",
        words,
    )


def test_missing_required_fields_are_named_in_vietnamese(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    refused(client_for(secretary_a), ADMIT, {}, "full_name", "Nhập họ và tên khai sinh.")


# --- Who may use the forms ------------------------------------------------------------------------


def test_the_secretary_of_cell_b_gets_404_on_cell_as_member_forms(
    tree: Tree, client_for: ClientFor
) -> None:
    secretary_b = make_user("secretary_b", "Trương Văn Bê", tree.cell_b, Role.SECRETARY)
    member = with_card(tree)
    card = member.events.get(kind=EventKind.CARD_ISSUED)
    client = client_for(secretary_b)
    before = counts()

    for url in (
        edit_url(member),
        event_url(member, EventKind.EXEMPTED),
        event_url(member, "readmitted"),
        correct_url(card),
    ):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {**DECISION, "reason": "x", "mode": "void"}).status_code == 404
    # Naming cell A on the admission form: refused as unknown, and never named back.
    refused(
        client,
        ADMIT,
        admission(tree.cell_a),
        "organization",
        "Chi bộ đã chọn không có trong danh sách",
    )
    page = client.get(ADMIT, {"organization": tree.cell_a.pk}).content.decode()
    assert "Chi bộ Ấp Một" not in page
    assert counts() == before


def test_a_self_service_member_may_not_use_the_forms(
    tree: Tree, member_a: User, client_for: ClientFor
) -> None:
    own = MemberFactory.create(organization=tree.cell_a)
    services.update_member(actor=None, member=own, data={"user": member_a})
    other = MemberFactory.create(organization=tree.cell_a)
    client = client_for(member_a)

    assert client.get(edit_url(own)).status_code == 403
    assert (
        client.post(event_url(own, EventKind.DIED), {"effective_on": "01/01/2026"}).status_code
        == 403
    )
    assert client.get(edit_url(other)).status_code == 404
    assert client.get(ADMIT).status_code == 403
    assert client.post(CREATE, entry(tree.cell_a)).status_code == 403
    profile_page = client.get(profile(own)).content.decode()
    assert "Cập nhật quá trình" not in profile_page
    assert "Sửa thông tin" not in profile_page
    assert "Đính chính</a>" not in profile_page


def test_a_viewer_sees_the_profile_but_no_form(tree: Tree, client_for: ClientFor) -> None:
    viewer = make_user("viewer_a", "Mai Thị Xem", tree.cell_a, Role.VIEWER)
    member = official(tree)
    client = client_for(viewer)

    assert client.get(edit_url(member)).status_code == 403
    assert "Cập nhật quá trình" not in client.get(profile(member)).content.decode()
    assert "Thêm đảng viên" not in client.get(reverse("members:member-list")).content.decode()


def test_the_roll_offers_to_add_members_into_the_cell_listed(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    html = client_for(secretary_a).get(reverse("members:member-list")).content.decode()

    assert "Thêm đảng viên" in html
    assert f"{ADMIT}?organization={tree.cell_a.pk}" in html
    assert f"{CREATE}?organization={tree.cell_a.pk}" in html


JUNK = ["9" * 30, "-1", "\x00", "01/01/99999", "<b>"]


def test_junk_in_any_box_is_refused_without_a_server_error(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = with_card(tree)
    card = member.events.get(kind=EventKind.CARD_ISSUED)
    client = client_for(secretary_a)
    pages = {
        ADMIT: admission(tree.cell_a),
        edit_url(member): {"full_name": member.full_name, "sex": "female"},
        event_url(member, EventKind.BADGE_AWARDED): {"years": "30", "effective_on": "02/09/2026"},
        event_url(member, "readmitted"): {"organization": tree.cell_a.pk},
        correct_url(card): {"mode": "replace", "reason": "Sửa"},
    }
    for url, base in pages.items():
        fields = client.get(url).context["form"].fields
        # Free text takes almost anything; the boxes that are read (days, choices, ids) and
        # one text box stand for the rest.
        names = [n for n, f in fields.items() if type(f) is not forms.CharField] + ["full_name"]
        for name in names:
            for junk in JUNK:
                response = client.post(url, {**base, name: junk})
                # A name may be digits or "<b>" (shown escaped); a NUL never passes.
                allowed = (302, 400) if name == "full_name" and "\x00" not in junk else (400,)
                assert response.status_code in allowed, (url, name, junk)
