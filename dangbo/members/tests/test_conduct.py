"""Khen thưởng và kỷ luật: dated events with their decision, checked against the member's
history (a probationer is not removed from a post; nothing after death or leaving the roll)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.members import services
from dangbo.members.models import EventKind, Member, MemberEvent, Sanction
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.tests.helpers import admit, refused
from dangbo.members.views.profile_extras import conduct
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]

DAY = dt.date(2024, 9, 2)


def decision(number: str = "45-QĐ/ĐU", day: dt.date = DAY) -> Decision:
    return Decision(effective_on=day, number=number, decided_on=day)


def commend(member: Member, **kwargs: object) -> MemberEvent:
    fields: dict[str, object] = {
        "decision": decision(),
        "form": "Giấy khen",
        "authority": "Ban Thường vụ Đảng ủy xã An Bình",
        "achievement": "Hoàn thành xuất sắc nhiệm vụ 5 năm liền",
    }
    fields.update(kwargs)
    return services.commend_member(actor=None, member=member, **fields)  # type: ignore[arg-type]


def discipline(member: Member, **kwargs: object) -> MemberEvent:
    fields: dict[str, object] = {
        "decision": decision("07-QĐ/UBKT"),
        "sanction": Sanction.WARNING,
        "authority": "Ủy ban Kiểm tra Đảng ủy xã",
        "reason": "Vi phạm quy định về những điều đảng viên không được làm",
    }
    fields.update(kwargs)
    return services.discipline_member(actor=None, member=member, **fields)  # type: ignore[arg-type]


def test_a_commendation_is_an_event_with_its_form_authority_and_decision(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    event = commend(member)

    assert event.kind == EventKind.COMMENDED
    assert (event.effective_on, event.decision_number) == (DAY, "45-QĐ/ĐU")
    assert event.details == {
        "form": "Giấy khen",
        "authority": "Ban Thường vụ Đảng ủy xã An Bình",
        "achievement": "Hoàn thành xuất sắc nhiệm vụ 5 năm liền",
    }
    member.refresh_from_db()
    assert member.status == "official"  # a record-only event
    audit = AuditEvent.objects.get(action="member.commend")
    assert audit.after["form"] == "Giấy khen"


def test_a_discipline_keeps_its_sanction_and_reason(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    event = discipline(member, sanction=Sanction.DISMISSAL, position="Chi ủy viên")

    assert event.kind == EventKind.DISCIPLINED
    assert event.details["sanction"] == "dismissal"
    assert event.details["position"] == "Chi ủy viên"
    assert AuditEvent.objects.filter(action="member.discipline").count() == 1


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"form": "  "}, "form", "hình thức khen thưởng"),
        ({"authority": ""}, "authority", "cơ quan quyết định"),
        ({"decision": decision(number="")}, "decision_number", "Nhập số quyết định"),
        ({"form": "x" * 256}, "form", "255"),
        (
            {"decision": Decision(effective_on=DAY, number="1", decided_on=DAY + dt.timedelta(1))},
            "decision_date",
            "không được sau ngày hiệu lực",
        ),
        ({"decision": decision(day=dt.date(2999, 1, 1))}, "effective_on", "sau ngày hôm nay"),
        (
            {"decision": decision(day=dt.date(2019, 1, 1))},
            "effective_on",
            "chưa có sự kiện kết nạp",
        ),
    ],
)
def test_bad_commendations_are_refused(
    tree: Tree, kwargs: dict[str, object], field: str, words: str
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    with refused(field, words):
        commend(member, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "field", "words"),
    [
        ({"sanction": "expulsion"}, "sanction", "Chọn hình thức kỷ luật"),
        ({"sanction": ""}, "sanction", "Chọn hình thức kỷ luật"),
        ({"reason": ""}, "reason", "Nhập nội dung vi phạm"),
        ({"authority": " "}, "authority", "Nhập cấp"),
        ({"sanction": Sanction.DISMISSAL}, "position", "Nhập chức vụ bị cách"),
        ({"decision": decision(number=" ")}, "decision_number", "Nhập số quyết định"),
    ],
)
def test_bad_disciplines_are_refused(
    tree: Tree, kwargs: dict[str, object], field: str, words: str
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    with refused(field, words):
        discipline(member, **kwargs)


def test_a_probationary_member_is_reprimanded_or_warned_but_not_removed_from_a_post(
    tree: Tree,
) -> None:
    member = admit(tree.cell_a)  # probationary from 01/06/2024

    discipline(member, sanction=Sanction.REPRIMAND)
    with refused("sanction", "chỉ bị kỷ luật khiển trách hoặc cảnh cáo"):
        discipline(member, sanction=Sanction.DISMISSAL, position="Tổ trưởng")


def test_nothing_after_death_but_a_posthumous_badge(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.record_death(actor=None, member=member, died_on=dt.date(2024, 1, 5))

    with refused("effective_on", "đã từ trần"):
        commend(member)
    with refused("effective_on", "đã từ trần"):
        discipline(member)


def test_nothing_after_expulsion(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.expel_member(
        actor=None, member=member, decision=Decision(effective_on=dt.date(2024, 1, 5)), reason="x"
    )

    with refused("effective_on", "đã bị khai trừ"):
        discipline(member)


def test_the_conduct_tab_lists_badges_commendations_and_sanctions_that_count(
    tree: Tree,
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    commend(member)
    wrong = discipline(member, sanction=Sanction.REPRIMAND)
    services.correct_event(actor=None, event=wrong, reason="Nhầm người", void=True)
    discipline(member)

    tab = conduct(list(member.events.order_by("effective_on", "id")))

    assert [r["form"] for r in tab["rewards"]] == ["Giấy khen"]
    assert tab["rewards"][0]["authority"] == "Ban Thường vụ Đảng ủy xã An Bình"
    assert [r["form"] for r in tab["sanctions"]] == ["Cảnh cáo"]
    assert tab["sanctions"][0]["decision"] == "07-QĐ/UBKT ngày 02/09/2024"


# --- The event pages ------------------------------------------------------------------------------


def test_the_secretary_records_a_commendation_and_a_discipline_from_the_profile(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    client = client_for(secretary_a)
    commend_url = reverse("members:event-create", args=[member.pk, EventKind.COMMENDED])
    discipline_url = reverse("members:event-create", args=[member.pk, EventKind.DISCIPLINED])
    profile = client.get(reverse("members:member-detail", args=[member.pk])).content.decode()
    assert commend_url in profile and discipline_url in profile

    commended = client.post(
        commend_url,
        {
            "form": "Bằng khen",
            "authority": "Ban Thường vụ Tỉnh ủy",
            "effective_on": "02/09/2024",
            "decision_number": "99-QĐ/TU",
        },
    )
    disciplined = client.post(
        discipline_url,
        {
            "sanction": Sanction.DISMISSAL,
            "position": "Chi ủy viên",
            "authority": "Đảng ủy xã An Bình",
            "reason": "Vi phạm nguyên tắc tập trung dân chủ",
            "effective_on": "01/10/2024",
            "decision_number": "08-QĐ/ĐU",
        },
    )

    assert commended.status_code == disciplined.status_code == 302
    kinds = list(member.events.values_list("kind", flat=True))
    assert EventKind.COMMENDED in kinds and EventKind.DISCIPLINED in kinds


def test_the_event_pages_refuse_bad_input_in_vietnamese(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = admit(tree.cell_a)  # probationary
    client = client_for(secretary_a)
    events = MemberEvent.objects.count()

    empty = client.post(reverse("members:event-create", args=[member.pk, EventKind.COMMENDED]))
    dismissal = client.post(
        reverse("members:event-create", args=[member.pk, EventKind.DISCIPLINED]),
        {
            "sanction": Sanction.DISMISSAL,
            "position": "Tổ trưởng",
            "authority": "Chi bộ",
            "reason": "Vi phạm",
            "effective_on": "01/10/2024",
            "decision_number": "1-QĐ",
        },
    )

    assert empty.status_code == dismissal.status_code == 400
    assert "Nhập hình thức khen thưởng." in empty.content.decode()
    assert "chỉ bị kỷ luật khiển trách hoặc cảnh cáo" in dismissal.content.decode()
    assert MemberEvent.objects.count() == events
