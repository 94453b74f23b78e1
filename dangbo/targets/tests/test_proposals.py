"""Proposals read from a document: stored pending, replaced on re-reading, decided by a person
through the target and task services, each decision audited."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.documents.models import Document
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.targets.models import ProposalKind, ProposalState, Target, Task, TaskKind
from dangbo.targets.proposals import (
    accept_all_pending,
    accept_proposal,
    propose_from_document,
    reject_proposal,
)

pytestmark = pytest.mark.django_db

PROGRAM = (
    Path(__file__).resolve().parents[2] / "demo" / "data" / "02-CTr-DU-MTTQ-Ca-Mau.txt"
).read_text(encoding="utf-8")
BREAKDOWN = (
    "Phấn đấu hằng năm 80% chi bộ hoàn thành tốt nhiệm vụ trở lên, trong đó 20% hoàn thành "
    "xuất sắc nhiệm vụ.\n"
    "II. NHIỆM VỤ TRỌNG TÂM\n"
    "1. Nâng cao chất lượng sinh hoạt chi bộ\n"
    "a) Sinh hoạt chuyên đề mỗi quý\n"
)


def program(tree: Tree, body: str = PROGRAM) -> Document:
    return DocumentFactory.create(issuer=tree.commune, body=body)


def test_reading_the_program_proposes_its_eight_targets_and_its_tasks(
    tree: Tree, province_admin: User
) -> None:
    document = program(tree)
    created = propose_from_document(actor=province_admin, document=document)
    targets = [p for p in created if p.kind == ProposalKind.TARGET]
    tasks = [p for p in created if p.kind == ProposalKind.TASK]
    assert len(targets) == 8
    assert [t.data["kind"] for t in tasks].count(TaskKind.KEY) == 5
    assert [t.data["kind"] for t in tasks].count(TaskKind.BREAKTHROUGH) == 3
    assert all(p.state == ProposalState.PENDING for p in created)
    first = min(targets, key=lambda p: p.position)
    assert document.body[first.start : first.end].startswith("95% trở lên tổ chức đảng")
    assert first.data["value"] == "95" and first.data["unit"] == "%"
    assert not Target.objects.exists() and not Task.objects.exists()
    event = AuditEvent.objects.get(action="proposal.extract")
    assert event.after["targets"] == 8


def test_reading_again_replaces_pending_proposals_and_keeps_decided_ones(
    tree: Tree, province_admin: User
) -> None:
    document = program(tree)
    first = propose_from_document(actor=province_admin, document=document)
    target = next(p for p in first if p.kind == ProposalKind.TARGET)
    task = next(p for p in first if p.kind == ProposalKind.TASK)
    accept_proposal(actor=province_admin, proposal=target, edits={})
    reject_proposal(actor=province_admin, proposal=task)

    again = propose_from_document(actor=province_admin, document=document)

    assert len(again) == len(first) - 2
    assert document.proposals.count() == len(first)
    assert document.proposals.filter(state=ProposalState.ACCEPTED).count() == 1
    assert document.proposals.filter(state=ProposalState.REJECTED).count() == 1
    # The decided spans are not proposed a second time.
    spans = {(p.kind, p.start) for p in again}
    assert (target.kind, target.start) not in spans and (task.kind, task.start) not in spans


def test_accepting_makes_a_target_through_the_service_with_the_reviewer_edits(
    tree: Tree, province_admin: User
) -> None:
    document = program(tree)
    proposal = next(
        p
        for p in propose_from_document(actor=province_admin, document=document)
        if p.kind == ProposalKind.TARGET
    )
    accepted = accept_proposal(
        actor=province_admin,
        proposal=proposal,
        edits={"value": "96,5", "period": "annual", "responsible": tree.cell_a},
    )
    target = accepted.target
    assert accepted.state == ProposalState.ACCEPTED and accepted.decided_by == province_admin
    assert target is not None
    assert target.value == Decimal("96.5") and target.period == "annual"
    assert target.responsible == tree.cell_a
    assert target.subject == proposal.data["subject"]
    assert (target.source_start, target.source_end) == (proposal.start, proposal.end)
    assert target.source_text == document.body[proposal.start : proposal.end]
    assert AuditEvent.objects.filter(action="target.create").count() == 1
    event = AuditEvent.objects.get(action="proposal.accept")
    assert event.after["target"] == target.pk


def test_a_breakdown_is_attached_to_its_parent_once_the_parent_is_accepted(
    tree: Tree, province_admin: User
) -> None:
    document = program(tree, BREAKDOWN)
    created = propose_from_document(actor=province_admin, document=document)
    parent, child = sorted(
        (p for p in created if p.kind == ProposalKind.TARGET), key=lambda p: p.position
    )
    assert child.data["parent"] == parent.position
    # Accepted before its parent: no parent to attach to yet.
    lonely = accept_proposal(actor=province_admin, proposal=child, edits={})
    assert lonely.target is not None and lonely.target.parent is None

    document = program(tree, BREAKDOWN)
    created = propose_from_document(actor=province_admin, document=document)
    task_parent, task_child = (p for p in created if p.kind == ProposalKind.TASK)
    result = accept_all_pending(actor=province_admin, document=document)
    assert not result.refused
    made = {p.pk: p for p in result.accepted}
    targets = Target.objects.filter(document=document).order_by("position")
    assert targets[1].parent == targets[0]
    child_task = made[task_child.pk].task
    assert child_task is not None and child_task.parent == made[task_parent.pk].task
    assert child_task.kind == TaskKind.KEY


def test_a_task_is_accepted_with_its_lead_unit_and_deadline(
    tree: Tree, province_admin: User
) -> None:
    import datetime as dt

    document = program(tree)
    proposal = next(
        p
        for p in propose_from_document(actor=province_admin, document=document)
        if p.kind == ProposalKind.TASK
    )
    accepted = accept_proposal(
        actor=province_admin,
        proposal=proposal,
        edits={"lead": tree.cell_b, "deadline": dt.date(2027, 6, 30), "title": "Tên đã sửa"},
    )
    task = accepted.task
    assert task is not None
    assert (task.lead, task.deadline, task.title) == (
        tree.cell_b,
        dt.date(2027, 6, 30),
        "Tên đã sửa",
    )
    assert task.kind == proposal.data["kind"]
    assert task.description == proposal.data["description"]


def test_a_decided_proposal_cannot_be_decided_again(tree: Tree, province_admin: User) -> None:
    document = program(tree)
    proposal = propose_from_document(actor=province_admin, document=document)[0]
    reject_proposal(actor=province_admin, proposal=proposal)
    with pytest.raises(ValidationError, match="đã được xem xét"):
        accept_proposal(actor=province_admin, proposal=proposal, edits={})
    with pytest.raises(ValidationError):
        reject_proposal(actor=province_admin, proposal=proposal)
    assert not Target.objects.exists() and not Task.objects.exists()


def test_a_refused_edit_leaves_the_proposal_pending(tree: Tree, province_admin: User) -> None:
    document = program(tree)
    proposal = next(
        p
        for p in propose_from_document(actor=province_admin, document=document)
        if p.kind == ProposalKind.TARGET
    )
    with pytest.raises(ValidationError) as raised:
        accept_proposal(actor=province_admin, proposal=proposal, edits={"value": "chín lăm"})
    assert "value" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        accept_proposal(actor=province_admin, proposal=proposal, edits={"status": "achieved"})
    assert "status" in raised.value.message_dict
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING and proposal.target is None
    assert not AuditEvent.objects.filter(action="proposal.accept").exists()


def test_accept_all_keeps_what_a_service_refuses_pending_and_accepts_the_rest(
    tree: Tree, province_admin: User
) -> None:
    document = program(tree)
    created = propose_from_document(actor=province_admin, document=document)
    broken = next(p for p in created if p.kind == ProposalKind.TARGET)
    broken.data = {**broken.data, "unit": "", "value": None}
    broken.save()
    result = accept_all_pending(actor=province_admin, document=document)
    assert [p.pk for p, _ in result.refused] == [broken.pk]
    assert len(result.accepted) == len(created) - 1
    assert Target.objects.filter(document=document).count() == 7
    broken.refresh_from_db()
    assert broken.state == ProposalState.PENDING


def test_only_editors_of_the_issuer_read_and_decide(
    tree: Tree, province_admin: User, secretary_a: User, outsider: User
) -> None:
    document = program(tree)
    for user in (secretary_a, outsider, None):
        with pytest.raises(PermissionDenied):
            propose_from_document(actor=user, document=document)
    proposal = propose_from_document(actor=province_admin, document=document)[0]
    with pytest.raises(PermissionDenied):
        accept_proposal(actor=secretary_a, proposal=proposal, edits={})
    with pytest.raises(PermissionDenied):
        reject_proposal(actor=outsider, proposal=proposal)
    with pytest.raises(PermissionDenied):
        accept_all_pending(actor=secretary_a, document=document)


def test_an_empty_or_foreign_text_proposes_nothing(tree: Tree, province_admin: User) -> None:
    for body in ("", "   ", "The committee shall meet every month to discuss the plan."):
        document = program(tree, body)
        assert propose_from_document(actor=province_admin, document=document) == []
