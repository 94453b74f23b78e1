"""Targets and tasks read from a document's text, waiting for a person's decision.

`propose_from_document` reads the body (targets by dangbo.targets.extraction, tasks by
dangbo.targets.task_headings) and stores each finding as a pending Proposal. Nothing becomes a
Target or Task until someone accepts it, possibly edited (`accept_proposal`), through the same
services a form would call; `reject_proposal` keeps the refusal on record. Reading again
replaces what is still pending and keeps every decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from dangbo import access
from dangbo.access.policy import Action
from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.errors import field_error
from dangbo.documents.models import Document
from dangbo.targets.extraction import extract_targets
from dangbo.targets.models import (
    Proposal,
    ProposalKind,
    ProposalState,
    Target,
    Task,
    TaskKind,
)
from dangbo.targets.services import create_target, create_task
from dangbo.targets.task_headings import propose_tasks

__all__ = [
    "TARGET_EDITS",
    "TASK_EDITS",
    "AcceptAllResult",
    "accept_all_pending",
    "accept_proposal",
    "looks_vietnamese",
    "propose_from_document",
    "reject_proposal",
]

# What a reviewer may change before accepting (the keyword arguments of the services).
TARGET_EDITS = frozenset(
    {
        "value",
        "value_max",
        "unit",
        "comparator",
        "subject",
        "metric",
        "period",
        "parent",
        "label",
        "deadline",
        "responsible",
        "baseline",
        "baseline_on",
        "weight",
    }
)
TASK_EDITS = frozenset(
    {"kind", "title", "description", "parent", "lead", "supporting", "deadline", "starts_on"}
)
_TARGET_DATA = ("value", "value_max", "unit", "comparator", "subject", "metric", "period")


# Letters no other Latin-script language writes: đ, ă, ơ, ư, ĩ, ũ, the precomposed letters of
# the Latin Extended Additional block (ạ ả ấ … ỹ), and the hook and dot-below tones as
# combining marks (NFD text). é, à, ô … are French too and do not count.
_VIETNAMESE = re.compile("[đĐăĂơƠưƯĩĨũŨ\u0309\u0323\u0306\u031b\u1ea0-\u1ef9]")
_WORD = re.compile(r"(?:[^\W\d_]|[\u0300-\u036f])+")  # NFD marks stay in their word


def looks_vietnamese(text: str, sample: int = 20000) -> bool:
    """Is this Vietnamese? A third of the words of a real Vietnamese passage, even a damaged
    one, carry a letter only Vietnamese writes; one in ten is the bar. English or French text
    has none.
    Reading an English report for "targets" would only propose nonsense."""
    words = _WORD.findall(text[:sample])
    if not words:
        return False
    marked = sum(1 for word in words if _VIETNAMESE.search(word))
    return marked * 10 >= len(words)


def _require_editor(actor: User | None, document: Document) -> None:
    if actor is None or not access.can(actor, Action.EDIT, document.issuer):
        raise PermissionDenied("Bạn không có quyền xem xét chỉ tiêu, nhiệm vụ của văn bản này.")


def _number(value: Any) -> str | None:
    """Numbers are kept as text in the JSON: 38.8 stays 38.8 on every database."""
    if value is None or value == "":
        return None
    if isinstance(value, float):
        return format(Decimal(repr(value)).normalize(), "f")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _target_data(found: Any) -> dict[str, Any]:
    raw = found.as_dict() if hasattr(found, "as_dict") else dict(found)
    data = {name: raw.get(name) for name in _TARGET_DATA}
    data["value"], data["value_max"] = _number(raw.get("value")), _number(raw.get("value_max"))
    for name in ("unit", "subject", "metric"):
        data[name] = data[name] or ""
    data["comparator"] = data["comparator"] or ">="
    data["period"] = data["period"] or ""
    data["parent"] = raw.get("parent")
    return data


@transaction.atomic
def propose_from_document(*, actor: User | None, document: Document) -> list[Proposal]:
    """Read the document's body again; returns the new pending proposals in text order."""
    document = Document.objects.select_for_update().select_related("issuer").get(pk=document.pk)
    _require_editor(actor, document)
    text = document.body or ""
    if not looks_vietnamese(text):
        text = ""
    decided = {
        (kind, start, end)
        for kind, start, end in document.proposals.exclude(state=ProposalState.PENDING).values_list(
            "kind", "start", "end"
        )
    }
    document.proposals.filter(state=ProposalState.PENDING).delete()
    rows: list[Proposal] = []
    year = document.issued_on.year if document.issued_on else None
    found_targets = extract_targets(text, written_in=year) if text else []
    for position, found in enumerate(found_targets):
        if (ProposalKind.TARGET, found.start, found.end) not in decided:
            rows.append(
                Proposal(
                    document=document,
                    kind=ProposalKind.TARGET,
                    position=position,
                    data=_target_data(found),
                    start=found.start,
                    end=found.end,
                )
            )
    for position, task in enumerate(propose_tasks(text)):
        if (ProposalKind.TASK, task.start, task.end) not in decided:
            data = task.as_dict()
            del data["start"], data["end"]
            rows.append(
                Proposal(
                    document=document,
                    kind=ProposalKind.TASK,
                    position=position,
                    data=data,
                    start=task.start,
                    end=task.end,
                )
            )
    created = Proposal.objects.bulk_create(rows)
    record(
        actor=actor,
        action="proposal.extract",
        target=document,
        organization=document.issuer,
        after={
            "targets": sum(p.kind == ProposalKind.TARGET for p in created),
            "tasks": sum(p.kind == ProposalKind.TASK for p in created),
            "kept": len(decided),
        },
    )
    return sorted(created, key=lambda p: (p.start, p.kind, p.position))


def _accepted_parent(proposal: Proposal) -> Target | Task | None:
    """What was made of the proposal its `parent` index points at, when it was accepted."""
    index = proposal.data.get("parent")
    if not isinstance(index, int) or index == proposal.position:
        return None
    parent = (
        Proposal.objects.filter(
            document_id=proposal.document_id,
            kind=proposal.kind,
            position=index,
            state=ProposalState.ACCEPTED,
        )
        .order_by("-id")
        .first()
    )
    if parent is None:
        return None
    return parent.target if proposal.kind == ProposalKind.TARGET else parent.task


def _locked_pending(actor: User | None, proposal: Proposal) -> Proposal:
    locked = (
        Proposal.objects.select_for_update()
        .select_related("document__issuer")
        .filter(pk=proposal.pk)
        .first()
    )
    if locked is None:
        raise ValidationError("Đề xuất này không còn.")
    _require_editor(actor, locked.document)
    if locked.state != ProposalState.PENDING:
        raise ValidationError(
            f"Đề xuất này đã được xem xét ({locked.get_state_display().lower()})."
        )
    return locked


def _check_edits(edits: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = set(edits) - allowed
    if unknown:
        raise field_error(sorted(unknown)[0], "Trường này không sửa được khi nhận đề xuất.")


def _make_target(actor: User | None, proposal: Proposal, edits: dict[str, Any]) -> Target:
    _check_edits(edits, TARGET_EDITS)
    data = proposal.data
    fields: dict[str, Any] = {name: data.get(name) for name in _TARGET_DATA}
    fields["unit"] = fields["unit"] or ""
    fields["comparator"] = fields["comparator"] or ">="
    for name in ("subject", "metric", "period"):
        fields[name] = fields[name] or ""
    if fields["value"] is None:
        fields["value"] = ""
    fields["parent"] = _accepted_parent(proposal)
    fields.update(edits)
    text = proposal.document.body[proposal.start : proposal.end]
    return create_target(
        actor=actor,
        document=proposal.document,
        source_text=text,
        source_start=proposal.start,
        source_end=proposal.end,
        **fields,
    )


def _make_task(actor: User | None, proposal: Proposal, edits: dict[str, Any]) -> Task:
    _check_edits(edits, TASK_EDITS)
    data = proposal.data
    fields: dict[str, Any] = {
        "kind": data.get("kind") or TaskKind.KEY,
        "title": data.get("title") or "",
        "description": data.get("description") or "",
        "parent": _accepted_parent(proposal),
    }
    fields.update(edits)
    return create_task(
        actor=actor,
        document=proposal.document,
        source_start=proposal.start,
        source_end=proposal.end,
        **fields,
    )


@transaction.atomic
def accept_proposal(
    *, actor: User | None, proposal: Proposal, edits: dict[str, Any] | None = None
) -> Proposal:
    """Make the proposal a Target or Task (with the reviewer's `edits` over what was read)."""
    locked = _locked_pending(actor, proposal)
    changes = dict(edits or {})
    if locked.kind == ProposalKind.TARGET:
        locked.target = _make_target(actor, locked, changes)
    else:
        locked.task = _make_task(actor, locked, changes)
    locked.state = ProposalState.ACCEPTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["target", "task", "state", "decided_by", "decided_at"])
    record(
        actor=actor,
        action="proposal.accept",
        target=locked,
        organization=locked.document.issuer,
        before={"data": locked.data},
        after={
            "edits": changes,
            "target": locked.target_id,
            "task": locked.task_id,
        },
    )
    return locked


@transaction.atomic
def reject_proposal(*, actor: User | None, proposal: Proposal) -> Proposal:
    locked = _locked_pending(actor, proposal)
    locked.state = ProposalState.REJECTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["state", "decided_by", "decided_at"])
    record(
        actor=actor,
        action="proposal.reject",
        target=locked,
        organization=locked.document.issuer,
        before={"data": locked.data},
    )
    return locked


@dataclass
class AcceptAllResult:
    accepted: list[Proposal] = field(default_factory=list)
    # Proposals the services refused as read (no number, no unit…), with the refusal.
    refused: list[tuple[Proposal, ValidationError]] = field(default_factory=list)


def accept_all_pending(*, actor: User | None, document: Document) -> AcceptAllResult:
    """Accept every pending proposal as read, parents before children (text order). One that
    a service refuses stays pending with its reasons; the others are accepted."""
    _require_editor(actor, document)
    result = AcceptAllResult()
    pending = document.proposals.filter(state=ProposalState.PENDING).order_by("kind", "position")
    for proposal in pending:
        try:
            result.accepted.append(accept_proposal(actor=actor, proposal=proposal))
        except ValidationError as error:
            result.refused.append((proposal, error))
    return result
