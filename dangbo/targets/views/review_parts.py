"""What the review screen is made of: the document text with each proposal's span marked, the
forms a reviewer edits a proposal with, and the proposal as one readable line."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from dangbo.access.policy import Action
from dangbo.access.scoping import units_for
from dangbo.core.formats import format_date
from dangbo.documents.models import Document
from dangbo.orgs.forms import BootstrapForm, date_field
from dangbo.orgs.models import Organization
from dangbo.targets.models import (
    Comparator,
    Period,
    Proposal,
    ProposalKind,
    ProposalState,
    Target,
    Task,
    TaskKind,
)

# Bootstrap column of each form field on the row (the rest take a full line).
FIELD_COLUMNS = {
    "value": "col-4 col-md-2",
    "value_max": "col-4 col-md-2",
    "unit": "col-4 col-md-3",
    "comparator": "col-12 col-md-5",
    "period": "col-6",
    "deadline": "col-6",
    "kind": "col-6",
}
STATE_MARKS: dict[str, str] = {
    ProposalState.PENDING: "proposal-pending",
    ProposalState.ACCEPTED: "proposal-accepted",
    ProposalState.REJECTED: "proposal-rejected",
}
STATE_BADGES: dict[str, str] = {
    ProposalState.PENDING: "text-bg-warning",
    ProposalState.ACCEPTED: "text-bg-success",
    ProposalState.REJECTED: "text-bg-secondary",
}
COMPARATOR_SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "≈"}


def number_text(value: Any) -> str:
    """ "38.8" as a Vietnamese reads it: "38,8"; thousands with dots."""
    if value in (None, ""):
        return ""
    try:
        number = Decimal(str(value)).normalize()
    except InvalidOperation:
        return str(value)
    whole, _, fraction = f"{number:f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = f"{int(digits):,}".replace(",", ".") if digits else "0"
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def shown_data(proposal: Proposal) -> dict[str, Any]:
    """What the row shows: the Target or Task made of the proposal once accepted (with the
    reviewer's edits), else the fields as read."""
    target, task = proposal.target, proposal.task
    if target is not None:
        return {
            "value": target.value,
            "value_max": target.value_max,
            "unit": target.unit,
            "comparator": target.comparator,
            "subject": target.subject,
            "metric": target.metric,
            "period": target.period,
        }
    if task is not None:
        return {"kind": task.kind, "title": task.title}
    return dict(proposal.data)


def proposal_label(proposal: Proposal) -> str:
    data = shown_data(proposal)
    if proposal.kind == ProposalKind.TASK:
        return str(data.get("title") or "")
    value = number_text(data.get("value"))
    if data.get("value_max") not in (None, ""):
        value = f"{value}–{number_text(data.get('value_max'))}"
    sign = COMPARATOR_SIGNS.get(str(data.get("comparator") or ">="), "")
    parts = [f"{sign} {value} {data.get('unit') or ''}".strip()]
    parts += [str(data[name]) for name in ("subject", "metric") if data.get(name)]
    return " · ".join(parts)


def highlight(text: str, proposals: Sequence[Proposal]) -> SafeString:
    """The text, escaped, with every proposal's span in a <mark> that links to its row.

    Spans may overlap (a target inside a task's heading): the text is cut at every span edge
    and each piece is marked for the narrowest proposal covering it. Each proposal gets an
    empty anchor `nguon-<id>` at its start, so its row can link to it."""
    spans = sorted(
        (p for p in proposals if 0 <= p.start < p.end <= len(text)),
        key=lambda p: (p.start, -p.end),
    )
    cuts = sorted({0, len(text), *(p.start for p in spans), *(p.end for p in spans)})
    starting: dict[int, list[Proposal]] = {}
    for p in spans:
        starting.setdefault(p.start, []).append(p)
    pieces: list[str] = []
    for a, b in itertools.pairwise(cuts):
        for p in starting.get(a, ()):
            pieces.append(format_html('<span class="proposal-anchor" id="nguon-{}"></span>', p.pk))
        covering = [p for p in spans if p.start <= a and b <= p.end]
        if not covering:
            pieces.append(escape(text[a:b]))
            continue
        p = min(covering, key=lambda c: (c.end - c.start, c.pk))
        pieces.append(
            format_html(
                '<a href="#de-xuat-{}" class="proposal-link" title="{}">'
                '<mark class="proposal-mark proposal-{} {}">{}</mark></a>',
                p.pk,
                f"{p.get_kind_display()} {p.position + 1}: {p.get_state_display()}",
                p.kind,
                STATE_MARKS.get(p.state, ""),
                text[a:b],
            )
        )
    # Every piece is escaped above (escape / format_html): the join adds no markup of its own.
    return mark_safe("".join(pieces))  # noqa: S308


def _units(user: Any, document: Document) -> QuerySet[Organization]:
    return (
        units_for(user, Action.VIEW)
        .filter(path__startswith=document.issuer.path, active_to__isnull=True)
        .order_by("path")
    )


class TargetProposalForm(BootstrapForm):
    value = forms.CharField(
        label="Giá trị", max_length=40, error_messages={"required": "Nhập giá trị."}
    )
    value_max = forms.CharField(
        label="Đến", max_length=40, required=False, help_text="Giá trị cuối của khoảng (10–12%)."
    )
    unit = forms.CharField(
        label="Đơn vị tính",
        max_length=64,
        error_messages={"required": "Nhập đơn vị tính (%, đảng viên, lớp…)."},
    )
    comparator = forms.ChoiceField(label="So sánh", choices=Comparator.choices)
    subject = forms.CharField(label="Đối tượng", max_length=500, required=False)
    metric = forms.CharField(label="Nội dung đo", max_length=500, required=False)
    period = forms.ChoiceField(
        label="Kỳ", choices=[("", "Không rõ"), *Period.choices], required=False
    )
    deadline = date_field("Thời hạn", required=False)
    parent = forms.ModelChoiceField(
        label="Thuộc chỉ tiêu (trong đó)",
        queryset=Target.objects.none(),
        required=False,
        empty_label="— Không thuộc chỉ tiêu nào —",
    )
    responsible = forms.ModelChoiceField(
        label="Đơn vị chịu trách nhiệm",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="— Chưa giao —",
    )

    def __init__(self, *args: Any, user: Any, document: Document, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parent = self.fields["parent"]
        responsible = self.fields["responsible"]
        assert isinstance(parent, forms.ModelChoiceField)
        assert isinstance(responsible, forms.ModelChoiceField)
        parent.queryset = Target.objects.filter(document=document).order_by("position")
        responsible.queryset = _units(user, document)

    def edits(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["value_max"] = data["value_max"] or None
        return data


class TaskProposalForm(BootstrapForm):
    kind = forms.ChoiceField(label="Loại", choices=TaskKind.choices)
    deadline = date_field("Thời hạn", required=False)
    title = forms.CharField(
        label="Tên nhiệm vụ", max_length=500, error_messages={"required": "Nhập tên nhiệm vụ."}
    )
    lead = forms.ModelChoiceField(
        label="Đơn vị chủ trì",
        queryset=Organization.objects.none(),
        required=False,
        empty_label="— Chưa giao —",
    )
    parent = forms.ModelChoiceField(
        label="Thuộc nhiệm vụ",
        queryset=Task.objects.none(),
        required=False,
        empty_label="— Không thuộc nhiệm vụ nào —",
    )

    def __init__(self, *args: Any, user: Any, document: Document, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = self.fields["lead"]
        parent = self.fields["parent"]
        assert isinstance(lead, forms.ModelChoiceField)
        assert isinstance(parent, forms.ModelChoiceField)
        lead.queryset = _units(user, document)
        parent.queryset = Task.objects.filter(document=document).order_by("position")

    def edits(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


def initial_for(proposal: Proposal, parent: Target | Task | None) -> dict[str, Any]:
    data = proposal.data
    if proposal.kind == ProposalKind.TASK:
        return {"kind": data.get("kind"), "title": data.get("title"), "parent": parent}
    initial = {name: data.get(name) or "" for name in ("unit", "subject", "metric", "period")}
    initial["comparator"] = data.get("comparator") or ">="
    initial["value"] = number_text(data.get("value"))
    initial["value_max"] = number_text(data.get("value_max"))
    initial["parent"] = parent
    return initial


def form_for(
    proposal: Proposal, user: Any, data: Any = None, parent: Target | Task | None = None
) -> TargetProposalForm | TaskProposalForm:
    form_class = TargetProposalForm if proposal.kind == ProposalKind.TARGET else TaskProposalForm
    return form_class(
        data,
        user=user,
        document=proposal.document,
        initial=initial_for(proposal, parent),
        prefix=f"p{proposal.pk}",
    )


def rows_in_order(proposals: Iterable[Proposal]) -> list[Proposal]:
    return sorted(proposals, key=lambda p: (p.kind != ProposalKind.TARGET, p.position, p.pk))


def details(proposal: Proposal, parent_title: str) -> list[tuple[str, str]]:
    """The fields of a proposal as the reviewer reads them; what was made of it once accepted."""
    data = shown_data(proposal)
    dash = "—"
    if proposal.kind == ProposalKind.TASK:
        task = proposal.task
        kind = data.get("kind") or ""
        rows = [
            ("Loại", TaskKind(kind).label if kind in TaskKind.values else kind or dash),
            ("Tên", str(data.get("title") or dash)),
            ("Đơn vị chủ trì", task.lead.name if task and task.lead else dash),
            ("Thời hạn", format_date(task.deadline) if task and task.deadline else dash),
        ]
    else:
        target = proposal.target
        comparator = str(data.get("comparator") or ">=")
        period = str(data.get("period") or "")
        rows = [
            ("Giá trị", number_text(data.get("value")) or dash),
            ("Đến", number_text(data.get("value_max")) or dash),
            ("Đơn vị", str(data.get("unit") or dash)),
            (
                "So sánh",
                Comparator(comparator).label if comparator in Comparator.values else comparator,
            ),
            ("Đối tượng", str(data.get("subject") or dash)),
            ("Nội dung đo", str(data.get("metric") or dash)),
            ("Kỳ", Period(period).label if period in Period.values else "Không rõ"),
            (
                "Chỉ tiêu cha",
                str(target.parent) if target and target.parent else parent_title or dash,
            ),
        ]
        if target is not None and target.responsible is not None:
            rows.append(("Chịu trách nhiệm", target.responsible.name))
        if target is not None and target.deadline is not None:
            rows.append(("Thời hạn", format_date(target.deadline)))
    if proposal.kind == ProposalKind.TASK and parent_title:
        rows.append(("Thuộc nhiệm vụ", parent_title))
    return rows
