"""One page per event kind on the profile ("Cập nhật quá trình") and the correction page: each
writes its event, its audit row and the right cached status; the menu offers what fits."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.members import services
from dangbo.members.models import EventKind, Member, MemberStatus
from dangbo.members.tests.pages import (
    DECISION,
    correct_url,
    event_url,
    exempt,
    official,
    probationary,
    profile,
    refused,
    removed,
    with_card,
)
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


EVENT_CASES = [
    (
        probationary,
        EventKind.CONFIRMED_OFFICIAL,
        {"decision_number": "30-QĐ/ĐU", "decision_date": "05/06/2025", "official_on": "01/06/2025"},
        EventKind.CONFIRMED_OFFICIAL,
        MemberStatus.OFFICIAL,
        "member.confirm_official",
    ),
    (
        official,
        EventKind.EXEMPTED,
        {**DECISION, "reason": "Tuổi cao, sức yếu"},
        EventKind.EXEMPTED,
        MemberStatus.EXEMPT,
        "member.exempt",
    ),
    (
        exempt,
        EventKind.EXEMPTION_ENDED,
        {**DECISION, "reason": "Sức khỏe đã hồi phục"},
        EventKind.EXEMPTION_ENDED,
        MemberStatus.OFFICIAL,
        "member.end_exemption",
    ),
    (
        official,
        EventKind.REMOVED,
        {**DECISION, "reason": "Bỏ sinh hoạt 3 tháng"},
        EventKind.REMOVED,
        MemberStatus.REMOVED,
        "member.remove",
    ),
    (
        official,
        EventKind.EXPELLED,
        {**DECISION, "reason": "Vi phạm nghiêm trọng"},
        EventKind.EXPELLED,
        MemberStatus.EXPELLED,
        "member.expel",
    ),
    (
        official,
        EventKind.DIED,
        {"effective_on": "03/02/2026", "note": "Từ trần tại nhà"},
        EventKind.DIED,
        MemberStatus.DIED,
        "member.record_death",
    ),
    (
        official,
        EventKind.CARD_ISSUED,
        {"card_number": "79123456", "effective_on": "19/05/2026"},
        EventKind.CARD_ISSUED,
        MemberStatus.OFFICIAL,
        "member.issue_card",
    ),
    (
        with_card,
        EventKind.CARD_REISSUED,
        {"card_number": "79654321", "effective_on": "19/05/2026"},
        EventKind.CARD_REISSUED,
        MemberStatus.OFFICIAL,
        "member.issue_card",
    ),
    (
        official,
        EventKind.BADGE_AWARDED,
        {"years": "30", "effective_on": "02/09/2026", "decision_number": "88-QĐ/TU"},
        EventKind.BADGE_AWARDED,
        MemberStatus.OFFICIAL,
        "member.award_badge",
    ),
    (
        official,
        EventKind.POSITION_CHANGED,
        {**DECISION, "party_position": "Phó Bí thư chi bộ", "government_position": ""},
        EventKind.POSITION_CHANGED,
        MemberStatus.OFFICIAL,
        "member.change_position",
    ),
    (
        removed,
        "readmitted",
        {
            "decision_number": "15-QĐ/ĐU",
            "decision_date": "02/03/2026",
            "effective_on": "16/03/2026",
        },
        EventKind.ADMITTED,
        MemberStatus.PROBATIONARY,
        "member.readmit",
    ),
]


@pytest.mark.parametrize(
    ("make", "kind", "data", "written", "status", "action"),
    EVENT_CASES,
    ids=[case[1] for case in EVENT_CASES],
)
def test_each_event_form_writes_its_event_audit_and_status(
    tree: Tree,
    secretary_a: User,
    client_for: ClientFor,
    make: Callable[[Tree], Member],
    kind: str,
    data: dict[str, str],
    written: str,
    status: str,
    action: str,
) -> None:
    member = make(tree)
    if kind == "readmitted":
        data = {**data, "organization": str(tree.cell_a.pk)}
    client = client_for(secretary_a)
    assert client.get(event_url(member, kind)).status_code == 200

    response = client.post(event_url(member, kind), data, follow=True)

    assert response.redirect_chain[0][0] == profile(member) + "#pane-history", (
        response.context["form"].errors if response.status_code == 400 else ""
    )
    assert "vào quá trình của" in response.content.decode()
    event = member.events.latest("id")
    assert (event.kind, event.recorded_by) == (written, secretary_a)
    member.refresh_from_db()
    assert member.status == status
    assert AuditEvent.objects.filter(action=action, object_id=str(event.pk)).exists()


def menu_of(html: str) -> list[str]:
    """The entries of "Cập nhật quá trình" on a profile page."""
    found = re.search(r'aria-labelledby="event-menu">(.*?)</ul>', html, re.S)
    return (
        re.findall(r'class="dropdown-item[^"]*" href="[^"]+">([^<]+)</a>', found[1])
        if found
        else []
    )


def test_the_menu_offers_what_fits_the_status(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)

    def menu(member: Member) -> list[str]:
        return menu_of(client.get(profile(member)).content.decode())

    leaving = ["Xóa tên", "Khai trừ", "Từ trần"]
    conduct = ["Khen thưởng", "Kỷ luật"]
    assert menu(probationary(tree)) == [
        "Công nhận đảng viên chính thức",
        "Thay đổi chức vụ",
        *conduct,
        "Miễn công tác và sinh hoạt đảng",
        *leaving,
    ]
    assert menu(official(tree)) == [
        "Phát thẻ đảng viên",
        "Tặng Huy hiệu Đảng",
        "Thay đổi chức vụ",
        *conduct,
        "Miễn công tác và sinh hoạt đảng",
        *leaving,
    ]
    assert menu(with_card(tree))[0] == "Cấp lại thẻ đảng viên"
    assert menu(exempt(tree))[0] == "Thôi miễn công tác và sinh hoạt đảng"
    assert menu(removed(tree)) == ["Kết nạp lại"]
    dead = official(tree)
    services.record_death(actor=None, member=dead, died_on=dt.date(2025, 1, 1))
    assert menu(dead) == ["Truy tặng Huy hiệu Đảng"]


def test_an_unknown_kind_of_event_has_no_page(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = official(tree)

    response = client_for(secretary_a).get(event_url(member, "transfer_out"))

    assert response.status_code == 404


# --- Corrections ----------------------------------------------------------------------------------


def test_a_correction_replaces_the_date_of_an_event(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = with_card(tree)
    card = member.events.get(kind=EventKind.CARD_ISSUED)
    client = client_for(secretary_a)
    assert "Đính chính" in client.get(profile(member)).content.decode()
    assert client.get(correct_url(card)).status_code == 200

    response = client.post(
        correct_url(card),
        {
            "mode": "replace",
            "effective_on": "02/06/2020",
            "decision_number": "",
            "decision_date": "",
            "reason": "Ghi nhầm ngày phát thẻ",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == profile(member) + "#pane-history"
    card.refresh_from_db()
    assert card.superseded
    replacement = card.corrections.get()
    assert (replacement.kind, replacement.effective_on) == (
        EventKind.CARD_ISSUED,
        dt.date(2020, 6, 2),
    )
    assert AuditEvent.objects.filter(action="member.correct_event").exists()


def test_a_correction_voids_an_event_recorded_by_mistake(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = official(tree)
    services.exempt_member(
        actor=None, member=member, decision=Decision(effective_on=dt.date(2025, 1, 2))
    )
    exemption = member.events.get(kind=EventKind.EXEMPTED)

    response = client_for(secretary_a).post(
        correct_url(exemption), {"mode": "void", "reason": "Nhầm đảng viên"}
    )

    assert response.status_code == 302
    member.refresh_from_db()
    assert member.status == MemberStatus.OFFICIAL
    assert exemption.corrections.get().kind == EventKind.VOIDED


def test_a_correction_without_reason_or_change_is_refused(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = with_card(tree)
    card = member.events.get(kind=EventKind.CARD_ISSUED)
    client = client_for(secretary_a)
    same = {
        "mode": "replace",
        "effective_on": "19/05/2020",
        "decision_number": "",
        "decision_date": "",
    }

    refused(client, correct_url(card), same, "reason", "Nhập lý do đính chính.")
    refused(
        client, correct_url(card), {**same, "reason": "Sửa"}, "effective_on", "Không có gì thay đổi"
    )
