"""seed_demo loads 02-CTr/ĐU of Đảng ủy MTTQ tỉnh Cà Mau as an issued document with its 8
targets, 5 key tasks and 3 breakthroughs, their lead units and a year of progress."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from dangbo.audit.verify import verify_chain
from dangbo.documents.models import DocStatus, Document
from dangbo.targets.measured import measure_all
from dangbo.targets.models import (
    ProposalKind,
    ProposalState,
    ReminderKind,
    Target,
    TargetProgress,
    Task,
    TaskKind,
    TaskReport,
    TaskStatus,
)

pytestmark = pytest.mark.django_db


def seeded(seed: int = 1) -> str:
    out = io.StringIO()
    call_command("seed_demo", size="small", seed=seed, without_party_life=True, stdout=out)
    return out.getvalue()


def test_small_demo_loads_the_program_with_its_targets_tasks_and_a_year_of_progress() -> None:
    output = seeded()
    document = Document.objects.get(issuer__code="CM.MTTQ", kind="CTr")
    assert document.symbol == "02-CTr/ĐU" and document.status == DocStatus.ISSUED
    assert document.issuer.name == "Đảng bộ Ủy ban MTTQ tỉnh"
    assert document.implements is not None and document.implements.symbol == "01-NQ/ĐH"
    assert document.implements.congress
    assert "02-CTr/ĐU — 8 chỉ tiêu, 5 nhiệm vụ trọng tâm, 3 khâu đột phá" in output

    targets = Target.objects.filter(document=document)
    tasks = Task.objects.filter(document=document)
    assert targets.count() == 8
    assert tasks.filter(kind=TaskKind.KEY).count() == 5
    assert tasks.filter(kind=TaskKind.BREAKTHROUGH).count() == 3
    assert tasks.count() == 8
    # Each came from the text: its span is the line it was read from.
    for target in targets:
        assert target.source_start is not None and target.source_end is not None
        assert document.body[target.source_start : target.source_end] == target.source_text
        assert target.responsible is not None and target.deadline == date(2030, 12, 31)
    first = targets.order_by("position").first()
    assert first is not None and first.source_text.startswith("95% trở lên tổ chức đảng")
    assert all(t.lead is not None for t in tasks)
    assert document.proposals.filter(state=ProposalState.ACCEPTED).count() == 16
    # The solutions wait on the review screen.
    assert document.proposals.filter(state=ProposalState.PENDING, kind=ProposalKind.TASK).exists()

    assert TargetProgress.objects.filter(target__document=document).count() == 8 * 4
    assert TaskReport.objects.filter(task__document=document).count() == 8 * 4
    overdue = tasks.get(status=TaskStatus.OVERDUE)
    assert overdue.title == "Đẩy mạnh chuyển đổi số toàn diện"
    assert overdue.deadline is not None and overdue.deadline < date(2026, 9, 30)
    assert overdue.reminders.filter(kind=ReminderKind.OVERDUE).exists()
    lagging = targets.get(metric="đạt chuẩn “Chi bộ bốn tốt”")
    latest = lagging.progress.order_by("-as_of").first()
    assert latest is not None and latest.value < lagging.value
    assert verify_chain().intact


@pytest.mark.parametrize("seed", [1, 7])
def test_the_program_is_the_same_for_every_seed(seed: int) -> None:
    seeded(seed)
    document = Document.objects.get(issuer__code="CM.MTTQ", kind="CTr")
    tasks = Task.objects.filter(document=document).order_by("position")
    front = "Đảng bộ Ủy ban MTTQ tỉnh"
    office = "Chi bộ Văn phòng Ủy ban MTTQ tỉnh"
    assert [t.lead.name if t.lead else "" for t in tasks] == [
        front,
        "Chi bộ Ban Phong trào",
        front,
        front,
        office,
        front,
        office,
        front,
    ]
    assert [(t.progress, t.status) for t in tasks][-2:] == [
        (70, TaskStatus.OVERDUE),
        (40, TaskStatus.IN_PROGRESS),
    ]
    values = [
        p.value for p in TargetProgress.objects.filter(target__document=document).order_by("id")
    ]
    assert values[:4] == [90, 91, 92, 93]


def test_each_target_of_the_program_is_measured_by_its_indicator() -> None:
    seeded()
    document = Document.objects.get(issuer__code="CM.MTTQ", kind="CTr")
    codes = list(
        Target.objects.filter(document=document)
        .order_by("position")
        .values_list("indicator__code", flat=True)
    )
    assert codes == [
        "org_rating_good",
        "members_studied",
        "cells_qd144",
        "cell_models",
        "cells_digital",
        "cells_four_good",
        "member_rating_good",
        "digital_literacy",
    ]
    found = measure_all(Target.objects.filter(document=document), date(2026, 12, 1))
    assert len(found) == 8
