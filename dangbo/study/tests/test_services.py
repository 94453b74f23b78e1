"""Study services: sessions for documents the unit may read, the attendance sheet checked
against the roll on the session day, reflections handed in and received. Each refusal is in
Vietnamese and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.documents.models import DocStatus
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.members import services as member_services
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.services import Decision
from dangbo.study import services
from dangbo.study.models import Reflection, StudyAttendance, StudyLevel, StudySession
from dangbo.study.tests.factories import ReflectionFactory, StudySessionFactory

pytestmark = pytest.mark.django_db
DAY = dt.date(2025, 12, 10)


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(m for ms in exc.value.message_dict.values() for m in ms)


def test_a_cell_secretary_creates_a_session_on_the_communes_resolution(
    tree: Tree, secretary_a: User
) -> None:
    document = DocumentFactory.create(issuer=tree.commune)

    session = services.create_study_session(
        actor=secretary_a,
        document=document,
        organization=tree.cell_a,
        held_on=DAY,
        level=StudyLevel.CELL,
        guests=3,
    )

    assert session.guests == 3 and session.organization == tree.cell_a
    assert AuditEvent.objects.filter(action="study.session_create").count() == 1


def test_a_session_on_a_sibling_cells_document_or_a_draft_is_refused(
    tree: Tree, province_admin: User
) -> None:
    sibling_doc = DocumentFactory.create(issuer=tree.cell_b)
    draft = DocumentFactory.create(issuer=tree.commune, status=DocStatus.DRAFT, number=None)

    for document, words in ((sibling_doc, "không thuộc phạm vi"), (draft, "đã ban hành")):
        with pytest.raises(ValidationError) as exc:
            services.create_study_session(
                actor=province_admin,
                document=document,
                organization=tree.cell_a,
                held_on=DAY,
                level=StudyLevel.CELL,
            )
        assert words in messages(exc)
    assert not StudySession.objects.exists()


def test_a_secretary_cannot_organise_a_session_for_another_cell(
    tree: Tree, secretary_a: User
) -> None:
    with pytest.raises(PermissionDenied):
        services.create_study_session(
            actor=secretary_a,
            document=DocumentFactory.create(issuer=tree.commune),
            organization=tree.cell_b,
            held_on=DAY,
            level=StudyLevel.CELL,
        )


def test_bad_session_input_is_refused_in_vietnamese(tree: Tree) -> None:
    document = DocumentFactory.create(issuer=tree.commune, issued_on=dt.date(2025, 11, 20))
    first = StudySessionFactory.create(organization=tree.cell_a, document=document)
    other = StudySessionFactory.create(organization=tree.cell_a)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"held_on": dt.date(2025, 11, 1)}, "trước ngày ban hành"),
        ({"level": "xa"}, "không có"),
        ({"guests": -1}, "từ 0 trở lên"),
        ({"makeup_for": other}, "cùng văn bản"),
        ({"makeup_for": first, "held_on": first.held_on}, "phải sau buổi được bù"),
    ]
    for change, words in cases:
        arguments = {"held_on": DAY + dt.timedelta(days=5), "level": StudyLevel.CELL, **change}
        with pytest.raises(ValidationError) as exc:
            services.create_study_session(
                actor=None, document=document, organization=tree.cell_a, **arguments
            )
        assert words in messages(exc), change
    assert StudySession.objects.count() == 2


def test_a_makeup_session_points_at_the_session_it_makes_up_for(tree: Tree) -> None:
    first = StudySessionFactory.create(organization=tree.cell_a)

    makeup = services.create_study_session(
        actor=None,
        document=first.document,
        organization=tree.cell_a,
        held_on=first.held_on + dt.timedelta(days=7),
        level=StudyLevel.CELL,
        makeup_for=first,
    )

    assert makeup.is_makeup and makeup.makeup_for == first


def test_the_whole_sheet_is_saved_at_once_and_a_later_sheet_unticks(
    tree: Tree, secretary_a: User
) -> None:
    session = StudySessionFactory.create(organization=tree.cell_a)
    one, two, three = MemberFactory.create_batch(3, organization=tree.cell_a)

    services.record_attendance(actor=secretary_a, session=session, member_ids=[one.pk, two.pk])
    services.record_attendance(actor=secretary_a, session=session, member_ids=[two.pk, three.pk])

    present = set(
        StudyAttendance.objects.filter(session=session, present=True).values_list(
            "member", flat=True
        )
    )
    assert present == {two.pk, three.pk}
    assert StudyAttendance.objects.filter(session=session, present=False).get().member == one
    assert AuditEvent.objects.filter(action="study.attendance").count() == 2


def test_attendance_for_someone_not_in_the_cell_on_that_date_is_refused(
    tree: Tree, secretary_a: User
) -> None:
    session = StudySessionFactory.create(organization=tree.cell_a)
    mine = MemberFactory.create(organization=tree.cell_a)
    later = MemberFactory.create(
        organization=tree.cell_a,
        full_name="Trần Văn Kết Nạp Sau",
        decision_date=dt.date(2026, 1, 5),
        admitted_on=dt.date(2026, 1, 10),
        official_on=None,
    )
    elsewhere = MemberFactory.create(organization=tree.cell_b, full_name="Lê Thị Chi Bộ Hai")

    with pytest.raises(ValidationError) as exc:
        services.record_attendance(
            actor=secretary_a, session=session, member_ids=[mine.pk, later.pk]
        )
    assert "Trần Văn Kết Nạp Sau không có tên trong danh sách" in messages(exc)
    assert "10/12/2025" in messages(exc)
    with pytest.raises(ValidationError) as exc:
        services.record_attendance(actor=secretary_a, session=session, member_ids=[elsewhere.pk])
    # She cannot see cell B: the name stays hidden, the id reads as unknown.
    assert "Lê Thị" not in messages(exc) and f"mã {elsewhere.pk}" in messages(exc)
    assert not StudyAttendance.objects.exists()


def test_attendance_of_a_session_not_yet_held_is_refused(tree: Tree) -> None:
    session = StudySessionFactory.create(organization=tree.cell_a, held_on=dt.date(2099, 1, 5))
    member = MemberFactory.create(organization=tree.cell_a)

    with pytest.raises(ValidationError) as exc:
        services.record_attendance(actor=None, session=session, member_ids=[member.pk])

    assert "chưa diễn ra" in messages(exc)
    assert not StudyAttendance.objects.exists()


def test_a_commune_session_takes_members_of_every_cell_below(tree: Tree) -> None:
    session = StudySessionFactory.create(organization=tree.commune, level=StudyLevel.GRASSROOTS)
    a = MemberFactory.create(organization=tree.cell_a)
    b = MemberFactory.create(organization=tree.cell_b)

    assert services.record_attendance(actor=None, session=session, member_ids=[a.pk, b.pk]) == (
        sorted([a.pk, b.pk])
    )


def test_a_reflection_is_uploaded_then_marked_received_once(tree: Tree, secretary_a: User) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    document = DocumentFactory.create(issuer=tree.commune)

    reflection = services.upload_reflection(
        actor=secretary_a,
        member=member,
        document=document,
        file=ContentFile(b"Ke hoach hanh dong", "ke-hoach.txt"),
        submitted_on=DAY,
    )
    services.mark_reflection_received(actor=secretary_a, reflection=reflection)

    reflection.refresh_from_db()
    assert reflection.received and reflection.received_by == secretary_a
    assert reflection.file.read() == b"Ke hoach hanh dong"
    with pytest.raises(ValidationError) as exc:
        services.mark_reflection_received(actor=secretary_a, reflection=reflection)
    assert "đã được nhận ngày" in messages(exc)


def test_a_reflection_of_a_wrong_kind_or_for_a_document_out_of_reach_is_refused(
    tree: Tree,
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    cases = [
        (DocumentFactory.create(issuer=tree.commune), "virus.exe", "Không nhận loại tệp"),
        (DocumentFactory.create(issuer=tree.cell_b), "bai.txt", "không thuộc phạm vi"),
    ]
    for document, name, words in cases:
        with pytest.raises(ValidationError) as exc:
            services.upload_reflection(
                actor=None, member=member, document=document, file=ContentFile(b"x", name)
            )
        assert words in messages(exc)
    assert not Reflection.objects.exists()


def test_a_member_hands_in_her_own_reflection_but_not_anothers(tree: Tree, member_a: User) -> None:
    mine = MemberFactory.create(organization=tree.cell_a)
    mine = member_services.link_member_user(actor=None, member=mine, user=member_a)
    other = MemberFactory.create(organization=tree.cell_a)
    document = DocumentFactory.create(issuer=tree.commune)

    services.upload_reflection(
        actor=member_a, member=mine, document=document, file=ContentFile(b"x", "cua-toi.txt")
    )
    with pytest.raises(PermissionDenied):
        services.upload_reflection(
            actor=member_a, member=other, document=document, file=ContentFile(b"x", "khac.txt")
        )


def test_an_exempt_member_may_still_be_marked_present(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    member_services.exempt_member(
        actor=None, member=member, decision=Decision(effective_on=dt.date(2025, 1, 6))
    )
    session = StudySessionFactory.create(organization=tree.cell_a)

    services.record_attendance(actor=None, session=session, member_ids=[member.pk])

    assert StudyAttendance.objects.filter(member=member, present=True).exists()
    assert ReflectionFactory.create(member=member).organization == tree.cell_a
