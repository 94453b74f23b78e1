"""Every change to the tree, its history, terms and committees (DESIGN rule 1).

Each service validates first, raising ValidationError with a Vietnamese message keyed by the
form field, then writes, records an OrgEvent where history needs one, and an AuditEvent, all in
one transaction. Nothing is deleted: a unit that ends is dissolved or merged, and stays readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from dangbo.accounts.models import User
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.core.formats import format_date
from dangbo.core.jsonable import changed, snapshot
from dangbo.core.text import nfc
from dangbo.orgs.models import (
    ALLOWED_CHILDREN,
    CELL_KINDS,
    ROOT_KINDS,
    Assignment,
    Committee,
    CommitteeSeat,
    Organization,
    OrgEvent,
    OrgEventKind,
    OrgKind,
    SeatRole,
    Term,
)

ORG_FIELDS = ("kind", "name", "short_name", "code", "active_from", "active_to", "merged_into")


@dataclass(frozen=True)
class Decision:
    """The dated decision behind a change to the tree."""

    effective_on: date
    number: str = ""
    decided_on: date | None = None
    note: str = ""


def _check_effective_date(org: Organization, decision: Decision) -> None:
    if decision.effective_on > today():
        raise field_error("effective_on", "Ngày hiệu lực không được sau ngày hôm nay.")
    if decision.effective_on < org.active_from:
        raise field_error(
            "effective_on",
            f"Ngày hiệu lực trước ngày thành lập của {org.name} ({format_date(org.active_from)}).",
        )
    last = org.events.order_by("-effective_on").values_list("effective_on", flat=True).first()
    if last and decision.effective_on < last:
        raise field_error(
            "effective_on",
            f"Lịch sử của {org.name} đã có sự kiện ngày {format_date(last)}; "
            "sự kiện mới không được ghi lùi ngày trước đó.",
        )


def _check_active(org: Organization, field: str) -> None:
    if org.is_dissolved:
        raise field_error(
            field, f"{org.name} đã chấm dứt hoạt động từ {format_date(org.active_to)}."
        )


def _check_kind_under(kind: str, parent: Organization | None, field: str = "parent") -> None:
    if parent is None:
        if kind not in ROOT_KINDS:
            raise field_error(field, f"{OrgKind(kind).label} phải trực thuộc một tổ chức đảng.")
        return
    if kind not in ALLOWED_CHILDREN[OrgKind(parent.kind)]:
        raise field_error(
            field,
            f"{OrgKind(kind).label} không thể trực thuộc {OrgKind(parent.kind).label.lower()}.",
        )


def _check_code_free(code: str, exclude_pk: int | None = None) -> None:
    taken = Organization.objects.filter(code__iexact=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise field_error("code", f"Mã «{code}» đã được dùng cho tổ chức khác.")


def _event(
    org: Organization,
    kind: str,
    decision: Decision,
    actor: User | None,
    note: str = "",
    **fields: object,
) -> OrgEvent:
    return OrgEvent.objects.create(
        organization=org,
        kind=kind,
        effective_on=decision.effective_on,
        decision_number=decision.number,
        decision_date=decision.decided_on,
        note=note or decision.note,
        recorded_by=actor,
        **fields,
    )


def _audit(actor: User | None, action: str, org: Organization, before: dict, after: dict) -> None:
    b, a = changed(before, after)
    record(actor=actor, action=action, target=org, organization=org, before=b, after=a)


@transaction.atomic
def create_organization(
    *,
    actor: User | None,
    parent: Organization | None,
    kind: str,
    name: str,
    code: str,
    decision: Decision,
    short_name: str = "",
) -> Organization:
    name, code, short_name = nfc(name).strip(), code.strip().upper(), nfc(short_name).strip()
    if not name:
        raise field_error("name", "Nhập tên tổ chức.")
    if not code:
        raise field_error("code", "Nhập mã tổ chức.")
    if kind not in OrgKind.values:
        raise field_error("kind", "Loại tổ chức không hợp lệ.")
    if decision.effective_on > today():
        raise field_error("effective_on", "Ngày thành lập không được sau ngày hôm nay.")
    _check_kind_under(kind, parent)
    if parent is not None:
        # The caller's copy may be stale: its path may have changed in this transaction, or
        # the unit may have been dissolved since it was loaded.
        parent.refresh_from_db()
        _check_active(parent, "parent")
        if decision.effective_on < parent.active_from:
            raise field_error(
                "effective_on", "Ngày thành lập trước ngày thành lập của tổ chức cấp trên."
            )
    _check_code_free(code)
    fields = dict(
        kind=kind, name=name, short_name=short_name, code=code, active_from=decision.effective_on
    )
    if parent is None:
        org = Organization.objects.add_root(fields)
    else:
        org = Organization.objects.add_child(parent, fields)
    _event(
        org,
        OrgEventKind.CREATED,
        decision,
        actor,
        new_name=name,
        new_short_name=short_name,
        new_parent=parent,
    )
    _audit(actor, "org.create", org, {}, snapshot(org, ORG_FIELDS))
    return org


@transaction.atomic
def rename_organization(
    *,
    actor: User | None,
    org: Organization,
    name: str,
    decision: Decision,
    short_name: str | None = None,
) -> Organization:
    org.refresh_from_db()
    _check_active(org, "name")
    name = nfc(name).strip()
    if not name:
        raise field_error("name", "Nhập tên mới.")
    new_short = org.short_name if short_name is None else nfc(short_name).strip()
    if name == org.name and new_short == org.short_name:
        raise field_error("name", "Tên mới trùng với tên hiện tại.")
    _check_effective_date(org, decision)
    before = snapshot(org, ORG_FIELDS)
    _event(
        org,
        OrgEventKind.RENAMED,
        decision,
        actor,
        old_name=org.name,
        new_name=name,
        old_short_name=org.short_name,
        new_short_name=new_short,
    )
    org.name, org.short_name = name, new_short
    org.save()
    _audit(actor, "org.rename", org, before, snapshot(org, ORG_FIELDS))
    return org


def _move(
    org: Organization,
    new_parent: Organization,
    decision: Decision,
    actor: User | None,
    note: str = "",
) -> None:
    """Move one unit (with its subtree) under `new_parent` and record it in history and in
    the audit log (merges and splits move units too, and each move must be audited)."""
    org.refresh_from_db()
    new_parent.refresh_from_db()
    old_parent = Organization.objects.get_parent(org)
    _event(
        org,
        OrgEventKind.MOVED,
        decision,
        actor,
        old_parent=old_parent,
        new_parent=new_parent,
        note=note,
    )
    Organization.objects.move(org, new_parent, "last-child")
    org.refresh_from_db()
    _audit(
        actor,
        "org.move",
        org,
        {"parent": old_parent.pk if old_parent else None},
        {"parent": new_parent.pk},
    )


@transaction.atomic
def move_organization(
    *, actor: User | None, org: Organization, new_parent: Organization, decision: Decision
) -> Organization:
    org.refresh_from_db()
    new_parent.refresh_from_db()
    _check_active(org, "new_parent")
    _check_active(new_parent, "new_parent")
    if new_parent.pk == org.pk or new_parent.path.startswith(org.path):
        raise field_error(
            "new_parent", "Không thể chuyển một tổ chức vào chính nó hoặc đơn vị cấp dưới của nó."
        )
    if org.path.startswith(new_parent.path) and org.depth == new_parent.depth + 1:
        raise field_error("new_parent", f"{org.name} đã trực thuộc {new_parent.name}.")
    _check_kind_under(org.kind, new_parent, "new_parent")
    _check_effective_date(org, decision)
    if decision.effective_on < new_parent.active_from:
        # Otherwise history would show the unit under a parent that did not exist yet.
        raise field_error(
            "effective_on",
            f"Ngày hiệu lực trước ngày thành lập của {new_parent.name} "
            f"({format_date(new_parent.active_from)}).",
        )
    _move(org, new_parent, decision, actor)
    return org


def _active_children(org: Organization) -> list[Organization]:
    return list(Organization.objects.get_children(org).filter(active_to__isnull=True))


def _end(
    org: Organization,
    kind: str,
    decision: Decision,
    actor: User | None,
    action: str,
    merged_into: Organization | None = None,
    counterpart: Organization | None = None,
) -> None:
    before = snapshot(org, ORG_FIELDS)
    _event(org, kind, decision, actor, counterpart=counterpart)
    org.active_to = decision.effective_on
    org.merged_into = merged_into
    org.save()
    _audit(actor, action, org, before, snapshot(org, ORG_FIELDS))


@transaction.atomic
def dissolve_organization(
    *, actor: User | None, org: Organization, decision: Decision
) -> Organization:
    org.refresh_from_db()
    _check_active(org, "effective_on")
    if org.is_root():
        raise field_error("effective_on", "Không thể giải thể tổ chức gốc của hệ thống.")
    children = _active_children(org)
    if children:
        names = ", ".join(c.name for c in children[:3]) + ("…" if len(children) > 3 else "")
        raise field_error(
            "effective_on",
            f"{org.name} còn {len(children)} đơn vị trực thuộc đang hoạt động ({names}): "
            "chuyển hoặc giải thể các đơn vị đó trước, hoặc dùng hợp nhất.",
        )
    _check_effective_date(org, decision)
    _end(org, OrgEventKind.DISSOLVED, decision, actor, "org.dissolve")
    return org


@transaction.atomic
def merge_organizations(
    *, actor: User | None, sources: list[Organization], target: Organization, decision: Decision
) -> Organization:
    """Merge `sources` into `target`: their active children move under the target, the sources
    end on the effective date and stay readable in history, pointing at the target.

    Members follow their organisation in the members app, which wraps this service."""
    target.refresh_from_db()
    if not sources:
        raise field_error("sources", "Chọn ít nhất một tổ chức để hợp nhất.")
    if len({source.pk for source in sources}) != len(sources):
        raise field_error("sources", "Mỗi tổ chức chỉ được chọn một lần.")
    if target.is_dissolved:
        raise field_error(
            "target", f"Không thể hợp nhất vào {target.name}: đơn vị này đã chấm dứt hoạt động."
        )
    for source in sources:
        source.refresh_from_db()
        _check_active(source, "sources")
        if source.pk == target.pk:
            raise field_error(
                "sources", "Đơn vị tiếp nhận không thể đồng thời là đơn vị bị hợp nhất."
            )
        if target.path.startswith(source.path):
            raise field_error(
                "target", f"{target.name} đang trực thuộc {source.name}: không thể hợp nhất vào đó."
            )
        _check_effective_date(source, decision)
    # The target receives MERGED_FROM events and the children MOVED events dated on the
    # decision: neither history may be written backwards (nor before the target existed).
    _check_effective_date(target, decision)
    for source in sources:
        for child in _active_children(source):
            _check_kind_under(child.kind, target, "target")
            _check_effective_date(child, decision)
    for source in sources:
        for child in _active_children(source):
            _move(
                child, target, decision, actor, note=f"Do hợp nhất {source.name} vào {target.name}"
            )
        source.refresh_from_db()
        _end(
            source,
            OrgEventKind.MERGED,
            decision,
            actor,
            "org.merge",
            merged_into=target,
            counterpart=target,
        )
        _event(target, OrgEventKind.MERGED_FROM, decision, actor, counterpart=source)
    target.refresh_from_db()
    return target


@dataclass(frozen=True)
class NewUnit:
    name: str
    code: str
    kind: str
    short_name: str = ""


@transaction.atomic
def split_organization(
    *,
    actor: User | None,
    org: Organization,
    new_units: list[NewUnit],
    child_destinations: dict[int, int],
    decision: Decision,
) -> list[Organization]:
    """Split `org` into new units beside it. `child_destinations` maps each active child's id
    to the index of the new unit that takes it; the old unit ends and stays in history."""
    org.refresh_from_db()
    _check_active(org, "new_units")
    if org.is_root():
        raise field_error("new_units", "Không thể chia tách tổ chức gốc của hệ thống.")
    if len(new_units) < 2:
        raise field_error("new_units", "Chia tách cần ít nhất hai đơn vị mới.")
    _check_effective_date(org, decision)
    codes = [u.code.strip().upper() for u in new_units]
    if len(set(codes)) != len(codes):
        raise field_error("new_units", "Mã các đơn vị mới phải khác nhau.")
    children = _active_children(org)
    for child in children:
        index = child_destinations.get(child.pk)
        if index is None or not 0 <= index < len(new_units):
            raise field_error("new_units", f"Chọn đơn vị mới tiếp nhận {child.name}.")
        _check_effective_date(child, decision)  # its MOVED event must not be backdated
    parent = Organization.objects.get_parent(org)
    created = [
        create_organization(
            actor=actor,
            parent=parent,
            kind=u.kind,
            name=u.name,
            code=u.code,
            short_name=u.short_name,
            decision=decision,
        )
        for u in new_units
    ]
    for unit in created:
        OrgEvent.objects.filter(organization=unit, kind=OrgEventKind.CREATED).update(
            counterpart=org
        )
    for child in children:
        target = created[child_destinations[child.pk]]
        _check_kind_under(child.kind, target, "new_units")
        _move(child, target, decision, actor, note=f"Do chia tách {org.name}")
    org.refresh_from_db()
    _end(org, OrgEventKind.SPLIT, decision, actor, "org.split")
    return created


# --- Terms and committees -------------------------------------------------------------------


@transaction.atomic
def create_term(
    *, actor: User | None, org: Organization, name: str, starts_on: date, ends_on: date
) -> Term:
    name = nfc(name).strip() or f"{starts_on.year}–{ends_on.year}"
    if ends_on <= starts_on:
        raise field_error("ends_on", "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.")
    org.refresh_from_db()
    # A past term of a unit that has since ended may still be recorded (history); a term
    # starting after the unit ended may not.
    if org.active_to is not None and starts_on >= org.active_to:
        raise field_error(
            "starts_on",
            f"{org.name} đã chấm dứt hoạt động từ {format_date(org.active_to)}: "
            "không thể mở nhiệm kỳ sau ngày đó.",
        )
    if starts_on < org.active_from:
        raise field_error(
            "starts_on",
            f"Nhiệm kỳ bắt đầu trước ngày thành lập của {org.name} "
            f"({format_date(org.active_from)}).",
        )
    overlap = Term.objects.filter(
        organization=org, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).first()
    if overlap:
        raise field_error(
            "starts_on", f"Trùng thời gian với nhiệm kỳ {overlap.name} của {org.name}."
        )
    term = Term.objects.create(organization=org, name=name, starts_on=starts_on, ends_on=ends_on)
    record(
        actor=actor,
        action="term.create",
        target=term,
        organization=org,
        after=snapshot(term, ("name", "starts_on", "ends_on")),
    )
    return term


def committee_name(org: Organization, term: Term) -> str:
    body = "Chi ủy" if org.kind in CELL_KINDS else "Ban Chấp hành"
    return f"{body} {org.name} nhiệm kỳ {term.name}"


@transaction.atomic
def create_committee(*, actor: User | None, term: Term, name: str = "") -> Committee:
    org = term.organization
    if Committee.objects.filter(organization=org, term=term).exists():
        raise field_error("term", f"{org.name} đã có cấp ủy nhiệm kỳ {term.name}.")
    committee = Committee.objects.create(
        organization=org, term=term, name=nfc(name).strip() or committee_name(org, term)
    )
    record(
        actor=actor,
        action="committee.create",
        target=committee,
        organization=org,
        after={"name": committee.name, "term": term.pk},
    )
    return committee


SEAT_FIELDS = ("holder_name", "user", "role", "started_on", "ended_on", "decision_number")


@transaction.atomic
def add_seat(
    *,
    actor: User | None,
    committee: Committee,
    holder_name: str,
    role: str,
    started_on: date,
    ended_on: date | None = None,
    user: User | None = None,
    decision_number: str = "",
) -> CommitteeSeat:
    holder_name = nfc(holder_name).strip()
    if not holder_name:
        raise field_error("holder_name", "Nhập họ và tên cấp ủy viên.")
    if role not in SeatRole.values:
        raise field_error("role", "Chức vụ không hợp lệ.")
    term = committee.term
    if not term.covers(started_on):
        raise field_error(
            "started_on",
            f"Ngày bắt đầu phải trong nhiệm kỳ {term.name} "
            f"({format_date(term.starts_on)}–{format_date(term.ends_on)}).",
        )
    if ended_on is not None and (ended_on < started_on or ended_on > term.ends_on):
        raise field_error("ended_on", "Ngày kết thúc phải sau ngày bắt đầu và trong nhiệm kỳ.")
    end = ended_on or term.ends_on
    overlapping = committee.seats.filter(started_on__lte=end).exclude(ended_on__lt=started_on)
    # Compared in Python: SQLite's case-insensitive match folds ASCII letters only, so
    # "NGUYỄN VĂN AN" would not match "Nguyễn Văn An" there. A committee has few seats.
    holders = overlapping.values_list("holder_name", flat=True)
    if any(h.casefold() == holder_name.casefold() for h in holders):
        raise field_error(
            "holder_name", f"{holder_name} đã có một chức vụ trong cấp ủy này cùng thời gian."
        )
    if role == SeatRole.SECRETARY and overlapping.filter(role=SeatRole.SECRETARY).exists():
        raise field_error("role", "Cấp ủy đã có Bí thư trong khoảng thời gian này.")
    seat = CommitteeSeat.objects.create(
        committee=committee,
        holder_name=holder_name,
        role=role,
        started_on=started_on,
        ended_on=ended_on,
        user=user,
        decision_number=decision_number.strip(),
    )
    record(
        actor=actor,
        action="seat.add",
        target=seat,
        organization=committee.organization,
        after=snapshot(seat, SEAT_FIELDS),
    )
    return seat


@transaction.atomic
def end_seat(*, actor: User | None, seat: CommitteeSeat, ended_on: date) -> CommitteeSeat:
    if seat.ended_on is not None:
        raise field_error("ended_on", "Chức vụ này đã kết thúc.")
    if ended_on < seat.started_on:
        raise field_error("ended_on", "Ngày kết thúc phải sau ngày bắt đầu.")
    before = snapshot(seat, SEAT_FIELDS)
    seat.ended_on = ended_on
    seat.save(update_fields=["ended_on"])
    seat.assignments.filter(ended_on__isnull=True).update(ended_on=ended_on)
    record(
        actor=actor,
        action="seat.end",
        target=seat,
        organization=seat.committee.organization,
        before=before,
        after=snapshot(seat, SEAT_FIELDS),
    )
    return seat


@transaction.atomic
def assign_unit(
    *,
    actor: User | None,
    seat: CommitteeSeat,
    unit: Organization,
    started_on: date,
    ended_on: date | None = None,
) -> Assignment:
    owner = seat.committee.organization
    if unit.pk == owner.pk or not unit.path.startswith(owner.path):
        raise field_error(
            "organization", f"Chỉ phân công phụ trách đơn vị trực thuộc {owner.name}."
        )
    _check_active(unit, "organization")
    if seat.ended_on is not None and started_on > seat.ended_on:
        raise field_error("started_on", "Cấp ủy viên đã thôi giữ chức vụ trước ngày này.")
    if started_on < seat.started_on:
        raise field_error("started_on", "Ngày phân công trước ngày giữ chức vụ.")
    if ended_on is not None and ended_on < started_on:
        raise field_error("ended_on", "Ngày kết thúc phải sau ngày bắt đầu.")
    existing = seat.assignments.filter(organization=unit).exclude(ended_on__lt=started_on)
    if ended_on is not None:
        existing = existing.filter(started_on__lte=ended_on)
    if existing.exists():
        raise field_error(
            "organization", f"{seat.holder_name} đã phụ trách {unit.name} trong thời gian này."
        )
    assignment = Assignment.objects.create(
        seat=seat, organization=unit, started_on=started_on, ended_on=ended_on
    )
    record(
        actor=actor,
        action="assignment.add",
        target=assignment,
        organization=owner,
        after={
            "seat": seat.pk,
            "organization": unit.pk,
            "started_on": started_on,
            "ended_on": ended_on,
        },
    )
    return assignment
