"""A commune program with targets and tasks led by cells A and B, for the page/API tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import pytest
import time_machine

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.documents.models import Document
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.targets.models import Target, TargetProgress, Task, TaskKind, TaskStatus
from dangbo.targets.tests.factories import TargetFactory, TargetProgressFactory, TaskFactory

TODAY = dt.date(2026, 7, 1)


@pytest.fixture
def frozen_today() -> Iterator[None]:
    """Today is 01/07/2026 in Vietnam."""
    with time_machine.travel(dt.datetime(2026, 7, 1, 2, tzinfo=dt.UTC), tick=False):
        yield


@dataclass
class Program:
    document: Document
    parent: Target
    child_a: Target
    child_b: Target
    members: Target
    task_a: Task
    task_b: Task
    late_b: Task


@pytest.fixture
def program(tree: Tree, frozen_today: None) -> Program:
    doc = DocumentFactory.create(
        issuer=tree.commune, title="Chương trình hành động thực hiện Nghị quyết Đại hội"
    )
    parent = TargetFactory.create(document=doc, label="Tổ chức đảng hoàn thành tốt nhiệm vụ")
    child_a = TargetFactory.create(
        document=doc,
        parent=parent,
        weight=Decimal("3"),
        responsible=tree.cell_a,
        subject="chi bộ nông thôn",
    )
    child_b = TargetFactory.create(
        document=doc,
        parent=parent,
        weight=Decimal("1"),
        responsible=tree.cell_b,
        subject="chi bộ cơ quan",
    )
    members = TargetFactory.create(
        document=doc,
        value=Decimal("400"),
        unit="đảng viên",
        subject="kết nạp đảng viên mới",
        metric="",
        baseline=Decimal("0"),
        baseline_on=dt.date(2025, 11, 20),
        deadline=dt.date(2030, 11, 20),
        responsible=tree.commune,
    )
    TargetProgressFactory.create(target=child_a, value=Decimal("96"), as_of=dt.date(2026, 6, 30))
    TargetProgressFactory.create(
        target=members, value=Decimal("45"), unit="đảng viên", as_of=dt.date(2026, 6, 30)
    )
    task_a = TaskFactory.create(
        document=doc,
        lead=tree.cell_a,
        title="Nâng cao chất lượng sinh hoạt chi bộ Ấp Một",
        status=TaskStatus.IN_PROGRESS,
        progress=20,
        deadline=dt.date(2026, 12, 31),
    )
    task_b = TaskFactory.create(
        document=doc,
        lead=tree.cell_b,
        kind=TaskKind.BREAKTHROUGH,
        title="Chuyển đổi số ở chi bộ Ấp Hai",
        status=TaskStatus.DONE,
        progress=100,
    )
    late_b = TaskFactory.create(
        document=doc,
        lead=tree.cell_b,
        title="Rà soát đảng viên Ấp Hai",
        status=TaskStatus.IN_PROGRESS,
        deadline=dt.date(2026, 5, 31),
    )
    assert TargetProgress.objects.count() == 2
    return Program(doc, parent, child_a, child_b, members, task_a, task_b, late_b)


@pytest.fixture
def commune_secretary(tree: Tree) -> User:
    return make_user("secretary_commune", "Đỗ Văn Xã", tree.commune, Role.SECRETARY)


@pytest.fixture
def secretary_b(tree: Tree) -> User:
    return make_user("secretary_b", "Vũ Thị Bê", tree.cell_b, Role.SECRETARY)
