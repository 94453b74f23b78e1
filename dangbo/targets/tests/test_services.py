"""Target and task services: who may write, what they refuse, what they record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import FOUNDED, Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.targets import services
from dangbo.targets.models import (
    ReminderKind,
    TargetStatus,
    TaskKind,
    TaskReminder,
    TaskStatus,
)
from dangbo.targets.tests.factories import TargetFactory, TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today() -> object:
    """Today is 01/07/2026 in Vietnam for every test here."""
    with time_machine.travel(dt.datetime(2026, 7, 1, 2, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def commune_secretary(tree: Tree) -> User:
    return make_user("secretary_commune", "Đỗ Văn Xã", tree.commune, Role.SECRETARY)


def errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_issuer_creates_target_with_audit(tree: Tree, commune_secretary: User) -> None:
    doc = DocumentFactory.create(issuer=tree.commune)
    target = services.create_target(
        actor=commune_secretary,
        document=doc,
        value="95",
        unit="%",
        subject="tổ chức đảng",
        metric="hoàn thành tốt nhiệm vụ",
        responsible=tree.cell_a,
    )
    assert target.value == Decimal("95")
    assert target.position == 0
    event = AuditEvent.objects.get(action="target.create")
    assert event.object_id == str(target.pk)
    second = services.create_target(
        actor=commune_secretary, document=doc, value=3, unit="người", subject="kết nạp"
    )
    assert second.position == 1


def test_cell_secretary_cannot_define_commune_targets(tree: Tree, secretary_a: User) -> None:
    doc = DocumentFactory.create(issuer=tree.commune)
    with pytest.raises(PermissionDenied):
        services.create_target(actor=secretary_a, document=doc, value=1, unit="%", subject="x")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"value": "abc"}, "value"),
        ({"value": "1e30"}, "value"),
        ({"unit": ""}, "unit"),
        ({"comparator": "~"}, "comparator"),
        ({"value_max": 10}, "value_max"),
        ({"weight": 0}, "weight"),
        ({"subject": ""}, "subject"),
        ({"period": "weekly"}, "period"),
    ],
)
def test_create_target_refuses_bad_fields(
    tree: Tree, commune_secretary: User, kwargs: dict, field: str
) -> None:
    doc = DocumentFactory.create(issuer=tree.commune)
    base = {"value": 95, "unit": "%", "subject": "tổ chức đảng"} | kwargs
    with pytest.raises(ValidationError) as exc:
        services.create_target(actor=commune_secretary, document=doc, **base)
    assert field in errors(exc)


def test_responsible_unit_must_be_below_issuer(tree: Tree, province_admin: User) -> None:
    doc = DocumentFactory.create(issuer=tree.commune)
    with pytest.raises(ValidationError) as exc:
        services.create_target(
            actor=province_admin,
            document=doc,
            value=1,
            unit="%",
            subject="x",
            responsible=tree.agencies,
        )
    assert "responsible" in errors(exc)


def test_parent_must_be_same_document_and_not_itself(tree: Tree, province_admin: User) -> None:
    doc = DocumentFactory.create(issuer=tree.commune)
    other = TargetFactory.create(document=DocumentFactory.create(issuer=tree.commune))
    with pytest.raises(ValidationError):
        services.create_target(
            actor=province_admin, document=doc, value=1, unit="%", subject="x", parent=other
        )
    parent = TargetFactory.create(document=doc)
    child = services.create_target(
        actor=province_admin, document=doc, value=1, unit="%", subject="x", parent=parent
    )
    with pytest.raises(ValidationError) as exc:
        services.update_target(actor=province_admin, target=parent, parent=child)
    assert "parent" in errors(exc)


def test_report_progress_accepts_percent_spelled_out(tree: Tree, secretary_a: User) -> None:
    target = TargetFactory.create(
        document=DocumentFactory.create(issuer=tree.commune), responsible=tree.cell_a, unit="%"
    )
    row = services.report_target_progress(
        actor=secretary_a,
        target=target,
        period_label="6 tháng đầu năm 2026",
        as_of=dt.date(2026, 6, 30),
        value="96,5",
        unit="Phần trăm",
    )
    assert row.value == Decimal("96.5")
    assert row.unit == "%"
    assert AuditEvent.objects.filter(action="target.progress").count() == 1


def test_report_progress_refuses_other_unit(tree: Tree, secretary_a: User) -> None:
    target = TargetFactory.create(
        document=DocumentFactory.create(issuer=tree.commune), responsible=tree.cell_a, unit="%"
    )
    with pytest.raises(ValidationError) as exc:
        services.report_target_progress(
            actor=secretary_a,
            target=target,
            period_label="Năm 2026",
            as_of=dt.date(2026, 6, 30),
            value=12,
            unit="đảng viên",
        )
    message = errors(exc)["unit"][0]
    assert "khác đơn vị tính của chỉ tiêu" in message and "«%»" in message
    assert not target.progress.exists()


def test_report_progress_refuses_future_date(tree: Tree, secretary_a: User) -> None:
    target = TargetFactory.create(
        document=DocumentFactory.create(issuer=tree.commune), responsible=tree.cell_a
    )
    with pytest.raises(ValidationError) as exc:
        services.report_target_progress(
            actor=secretary_a,
            target=target,
            period_label="Năm 2026",
            as_of=dt.date(2026, 7, 2),
            value=90,
            unit="%",
        )
    assert "sau ngày hôm nay" in errors(exc)["as_of"][0]


def test_report_progress_refuses_bad_evidence(tree: Tree, secretary_a: User) -> None:
    target = TargetFactory.create(
        document=DocumentFactory.create(issuer=tree.commune), responsible=tree.cell_a
    )
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(ValidationError) as exc:
        services.report_target_progress(
            actor=secretary_a,
            target=target,
            period_label="Năm 2026",
            as_of=dt.date(2026, 6, 30),
            value=90,
            unit="%",
            evidence=bad,
        )
    assert "evidence" in errors(exc)


def test_report_progress_keeps_evidence(tree: Tree, secretary_a: User) -> None:
    target = TargetFactory.create(
        document=DocumentFactory.create(issuer=tree.commune), responsible=tree.cell_a
    )
    upload = SimpleUploadedFile("biên bản.pdf", b"%PDF-1.4 test")
    row = services.report_target_progress(
        actor=secretary_a,
        target=target,
        period_label="Năm 2026",
        as_of=dt.date(2026, 6, 30),
        value=90,
        unit="%",
        evidence=upload,
    )
    assert row.evidence_name == "biên bản.pdf"
    assert row.evidence.read() == b"%PDF-1.4 test"


def test_secretary_of_other_cell_cannot_report(tree: Tree) -> None:
    secretary_b = make_user("secretary_b", "Vũ Thị Bê", tree.cell_b, Role.SECRETARY)
    target = TargetFactory.create(
        document=DocumentFactory.create(issuer=tree.commune), responsible=tree.cell_a
    )
    task = TaskFactory.create(document=target.document, lead=tree.cell_a)
    with pytest.raises(PermissionDenied):
        services.report_target_progress(
            actor=secretary_b,
            target=target,
            period_label="Năm 2026",
            as_of=dt.date(2026, 6, 30),
            value=90,
            unit="%",
        )
    with pytest.raises(PermissionDenied):
        services.report_task(
            actor=secretary_b,
            task=task,
            reported_on=dt.date(2026, 6, 30),
            progress=10,
            status=TaskStatus.IN_PROGRESS,
            text="x",
        )


def test_unit_cannot_change_after_reports(tree: Tree, province_admin: User) -> None:
    target = TargetFactory.create(document=DocumentFactory.create(issuer=tree.commune), unit="%")
    services.report_target_progress(
        actor=province_admin,
        target=target,
        period_label="Năm",
        as_of=dt.date(2026, 1, 1),
        value=1,
        unit="%",
    )
    services.update_target(actor=province_admin, target=target, unit="phần trăm")
    with pytest.raises(ValidationError) as exc:
        services.update_target(actor=province_admin, target=target, unit="người")
    assert "unit" in errors(exc)


def test_set_target_status(tree: Tree, province_admin: User) -> None:
    target = TargetFactory.create(document=DocumentFactory.create(issuer=tree.commune))
    services.set_target_status(actor=province_admin, target=target, status=TargetStatus.ACHIEVED)
    target.refresh_from_db()
    assert target.status == TargetStatus.ACHIEVED
    with pytest.raises(ValidationError):
        services.set_target_status(actor=province_admin, target=target, status="maybe")


def test_create_and_assign_task(tree: Tree, commune_secretary: User) -> None:
    doc = DocumentFactory.create(issuer=tree.commune)
    task = services.create_task(
        actor=commune_secretary,
        document=doc,
        kind=TaskKind.BREAKTHROUGH,
        title="Chuyển đổi số trong công tác đảng",
        lead=tree.cell_a,
        supporting=[tree.cell_b],
        deadline=dt.date(2027, 12, 31),
    )
    assert list(task.supporting.all()) == [tree.cell_b]
    services.update_task(
        actor=commune_secretary,
        task=task,
        lead=tree.cell_b,
        supporting=[tree.cell_a],
        status=TaskStatus.DONE,
    )
    task.refresh_from_db()
    assert task.lead == tree.cell_b and task.completed_on == dt.date(2026, 7, 1)
    assert task.progress == 100
    with pytest.raises(ValidationError) as exc:
        services.update_task(actor=commune_secretary, task=task, supporting=[tree.cell_b])
    assert "supporting" in errors(exc)
    with pytest.raises(ValidationError):
        services.create_task(actor=commune_secretary, document=doc, kind="other", title="x")
    with pytest.raises(ValidationError):
        services.create_task(actor=commune_secretary, document=doc, kind=TaskKind.KEY, title=" ")


def test_lead_unit_reports_on_commune_task(tree: Tree, secretary_a: User) -> None:
    task = TaskFactory.create(
        document=DocumentFactory.create(issuer=tree.commune),
        lead=tree.cell_a,
        status=TaskStatus.NOT_STARTED,
    )
    services.report_task(
        actor=secretary_a,
        task=task,
        reported_on=dt.date(2026, 6, 30),
        progress=60,
        status=TaskStatus.IN_PROGRESS,
        text="Đã triển khai",
    )
    services.report_task(
        actor=secretary_a,
        task=task,
        reported_on=dt.date(2026, 3, 31),
        progress=20,
        status=TaskStatus.IN_PROGRESS,
        text="Kỳ trước, nhập muộn",
    )
    task.refresh_from_db()
    assert task.progress == 60  # the older report entered late does not undo the newer one
    services.report_task(
        actor=secretary_a,
        task=task,
        reported_on=dt.date(2026, 7, 1),
        progress=100,
        status=TaskStatus.DONE,
        text="Xong",
    )
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.completed_on == dt.date(2026, 7, 1)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"progress": 150}, "progress"),
        ({"progress": -1}, "progress"),
        ({"status": "gone"}, "status"),
        ({"status": TaskStatus.DONE, "progress": 80}, "progress"),
        ({"reported_on": dt.date(2026, 8, 1)}, "reported_on"),
        ({"text": ""}, "text"),
    ],
)
def test_report_task_refuses_bad_input(
    tree: Tree, secretary_a: User, kwargs: dict, field: str
) -> None:
    task = TaskFactory.create(
        document=DocumentFactory.create(issuer=tree.commune), lead=tree.cell_a
    )
    base = {
        "reported_on": dt.date(2026, 6, 30),
        "progress": 50,
        "status": TaskStatus.IN_PROGRESS,
        "text": "Báo cáo",
    } | kwargs
    with pytest.raises(ValidationError) as exc:
        services.report_task(actor=secretary_a, task=task, **base)
    assert field in errors(exc)
    assert not task.reports.exists()


def test_reminders_are_raised_once_a_day(tree: Tree) -> None:
    doc = DocumentFactory.create(issuer=tree.commune)
    soon = TaskFactory.create(document=doc, lead=tree.cell_a, deadline=dt.date(2026, 7, 5))
    late = TaskFactory.create(document=doc, lead=tree.cell_a, deadline=dt.date(2026, 6, 1))
    TaskFactory.create(document=doc, deadline=dt.date(2026, 6, 1), status=TaskStatus.DONE)
    TaskFactory.create(document=doc, deadline=dt.date(2026, 9, 1))
    draft = DocumentFactory.create(issuer=tree.commune, status="draft", number=None)
    TaskFactory.create(document=draft, deadline=dt.date(2026, 6, 1))
    assert services.raise_task_reminders() == 2
    assert services.raise_task_reminders() == 0
    kinds = dict(TaskReminder.objects.values_list("task_id", "kind"))
    assert kinds == {soon.pk: ReminderKind.DUE_SOON, late.pk: ReminderKind.OVERDUE}
    late.refresh_from_db()
    assert late.status == TaskStatus.OVERDUE
    assert services.raise_task_reminders(on=dt.date(2026, 7, 2)) == 2


def test_unit_key_treats_spellings_alike() -> None:
    assert services.same_unit("%", "phần trăm")
    assert services.same_unit("Phan tram", "%")
    assert not services.same_unit("%", "‰")
    assert services.same_unit("Đảng viên", "đảng  viên")
    assert FOUNDED  # the cast's founding date is before every document here
