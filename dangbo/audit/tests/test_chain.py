"""The audit chain: every service write appends one linked event, and any quiet change made
behind the application's back (raw SQL on the table) is reported by audit_verify."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from itertools import pairwise
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.context import current_ip
from dangbo.audit.models import GENESIS_HASH, AuditEvent, AuditHead
from dangbo.audit.services import record
from dangbo.audit.verify import verify_chain
from dangbo.orgs.models import OrgKind
from dangbo.orgs.services import (
    Decision,
    NewUnit,
    create_organization,
    dissolve_organization,
    move_organization,
    rename_organization,
    split_organization,
)


def on(day: dt.date) -> Decision:
    return Decision(effective_on=day, number="03-QĐ/TU")


@pytest.fixture
def writes(tree: Tree, province_admin: User) -> list[AuditEvent]:
    """A handful of service writes on top of the cast's own (the tree is made by services)."""
    rename_organization(
        actor=province_admin,
        org=tree.cell_a,
        name="Chi bộ Khóm Một",
        decision=on(dt.date(2024, 1, 1)),
    )
    move_organization(
        actor=province_admin,
        org=tree.cell_b,
        new_parent=tree.agencies,
        decision=on(dt.date(2024, 2, 1)),
    )
    group = create_organization(
        actor=province_admin,
        parent=tree.cell_a,
        kind=OrgKind.GROUP,
        name="Tổ đảng số 1",
        code="TN.AB.1.1",
        decision=on(dt.date(2024, 3, 1)),
    )
    dissolve_organization(actor=province_admin, org=group, decision=on(dt.date(2024, 4, 1)))
    return list(AuditEvent.objects.order_by("seq"))


def verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def run_sql(sql: str, *params: Any) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_service_writes_form_an_unbroken_chain(writes: list[AuditEvent]) -> None:
    assert [e.seq for e in writes] == list(range(1, len(writes) + 1))
    assert writes[0].prev_hash == GENESIS_HASH
    assert all(later.prev_hash == earlier.hash for earlier, later in pairwise(writes))
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (writes[-1].seq, writes[-1].hash)
    report = verify_chain()
    assert report.intact and report.checked == len(writes)
    assert verify() == f"Nhật ký toàn vẹn: {len(writes)} sự kiện.\n"


def test_a_chain_is_verified_across_batches(writes: list[AuditEvent]) -> None:
    report = verify_chain(batch_size=2)

    assert report.intact and report.checked == len(writes)


def test_an_empty_log_is_intact(db: None) -> None:
    assert verify() == "Nhật ký toàn vẹn: 0 sự kiện.\n"


def test_an_event_keeps_the_actor_and_the_address_of_the_request(
    tree: Tree, province_admin: User
) -> None:
    token = current_ip.set("10.1.2.3")
    try:
        event = record(
            actor=province_admin,
            action="kiem_thu",
            target=tree.cell_a,
            organization=tree.cell_a,
            after={"ngay": dt.date(2025, 1, 2)},
        )
    finally:
        current_ip.reset(token)

    event.refresh_from_db()
    assert (event.actor, event.ip, event.org_path, event.after) == (
        province_admin,
        "10.1.2.3",
        tree.cell_a.path,
        {"ngay": "2025-01-02"},
    )
    assert event.compute_hash() == event.hash  # the JSON read back hashes the same
    assert verify_chain().intact


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("action", "org.rename_khac"),
        ("object_repr", "Chi bộ bị sửa"),
        ("org_path", "0001"),
        ("ip", "203.0.113.9"),
        ("hash", "f" * 64),
    ],
)
def test_a_quietly_changed_field_is_reported_with_its_event_number(
    writes: list[AuditEvent], column: str, value: str
) -> None:
    victim = writes[len(writes) // 2]
    # Column names come from the parametrize list above, never from input.
    run_sql(f"UPDATE audit_auditevent SET {column} = %s WHERE id = %s", value, victim.pk)  # noqa: S608

    with pytest.raises(CommandError) as exc:
        verify()
    assert f"#{victim.seq}" in str(exc.value)
    assert str(exc.value).startswith("Nhật ký KHÔNG toàn vẹn.")


def test_a_quietly_changed_before_and_after_value_is_reported(writes: list[AuditEvent]) -> None:
    victim = next(e for e in writes if e.action == "org.rename")
    run_sql(
        "UPDATE audit_auditevent SET after = %s WHERE id = %s", '{"name": "Chi bộ khác"}', victim.pk
    )

    report = verify_chain()
    assert not report.intact
    assert report.problem == (
        f"Sự kiện #{victim.seq} (id {victim.pk}) đã bị sửa: mã băm không khớp."
    )


def test_a_deleted_event_in_the_middle_is_reported_as_a_gap(writes: list[AuditEvent]) -> None:
    victim = writes[len(writes) // 2]
    run_sql("DELETE FROM audit_auditevent WHERE id = %s", victim.pk)

    with pytest.raises(CommandError) as exc:
        verify()
    assert exc.value.returncode == 1  # what `manage.py audit_verify` exits with
    assert f"Thiếu sự kiện #{victim.seq}: sau #{victim.seq - 1} là #{victim.seq + 1}." in str(
        exc.value
    )


def test_a_deleted_newest_event_is_reported_by_the_head(writes: list[AuditEvent]) -> None:
    run_sql("DELETE FROM audit_auditevent WHERE id = %s", writes[-1].pk)

    with pytest.raises(CommandError) as exc:
        verify()
    assert f"Chuỗi dừng ở #{len(writes) - 1} nhưng đầu chuỗi ghi #{len(writes)}" in str(exc.value)


def test_a_deleted_first_event_is_reported(writes: list[AuditEvent]) -> None:
    run_sql("DELETE FROM audit_auditevent WHERE id = %s", writes[0].pk)

    with pytest.raises(CommandError) as exc:
        verify()
    assert "Thiếu sự kiện #1: sau #0 là #2." in str(exc.value)


def test_two_events_swapped_in_order_are_reported(writes: list[AuditEvent]) -> None:
    first, second = writes[2], writes[3]
    # Through a free number, because seq is unique at every statement.
    run_sql("UPDATE audit_auditevent SET seq = %s WHERE id = %s", 1_000_000, first.pk)
    run_sql("UPDATE audit_auditevent SET seq = %s WHERE id = %s", first.seq, second.pk)
    run_sql("UPDATE audit_auditevent SET seq = %s WHERE id = %s", second.seq, first.pk)

    with pytest.raises(CommandError) as exc:
        verify()
    assert f"Sự kiện #{first.seq} (id {second.pk}) không nối với sự kiện trước nó." in str(
        exc.value
    )


def test_a_whole_rewritten_event_still_breaks_the_link_to_the_next(
    writes: list[AuditEvent],
) -> None:
    # Someone who edits a row and recomputes its own hash still cannot fix the next link.
    victim = writes[2]
    victim.object_repr = "Đã sửa"
    victim.hash = victim.compute_hash()
    run_sql(
        "UPDATE audit_auditevent SET object_repr = %s, hash = %s WHERE id = %s",
        victim.object_repr,
        victim.hash,
        victim.pk,
    )

    report = verify_chain()
    assert report.problem == (
        f"Sự kiện #{writes[3].seq} (id {writes[3].pk}) không nối với sự kiện trước nó."
    )


def test_a_refused_service_write_records_no_audit_event(tree: Tree, province_admin: User) -> None:
    head_before = AuditHead.objects.get(pk=1)
    count = AuditEvent.objects.count()

    with pytest.raises(ValidationError):
        move_organization(
            actor=province_admin,
            org=tree.commune,
            new_parent=tree.cell_a,
            decision=on(dt.date(2024, 1, 1)),
        )
    with pytest.raises(ValidationError):
        # Fails after the new units were created and audited: those events must go too.
        split_organization(
            actor=province_admin,
            org=tree.commune,
            new_units=[
                NewUnit("Chi bộ Đông", "TN.D", OrgKind.GRASSROOTS_CELL),
                NewUnit("Chi bộ Tây", "TN.T", OrgKind.GRASSROOTS_CELL),
            ],
            child_destinations={tree.cell_a.pk: 0, tree.cell_b.pk: 1},
            decision=on(dt.date(2024, 1, 1)),
        )

    assert AuditEvent.objects.count() == count
    head = AuditHead.objects.get(pk=1)
    assert (head.seq, head.hash) == (head_before.seq, head_before.hash)
    assert verify_chain().intact
