"""The seed program 02-CTr/ĐU of Đảng ủy MTTQ tỉnh Cà Mau (seeds/000), loaded as a real
issued document with a year of work on it.

It goes the way a committee's office would take it: the document is registered by its symbol,
the software reads its text, and the office accepts the 8 targets, 5 key tasks and 3
breakthroughs (with the units that lead them) and leaves the solutions for later review. The
targets are accepted with the fields checked by hand below, so the demo does not change when
the extractor does. Then four quarters of reports, some lagging, one task overdue.
Everything goes through the services; nothing here draws on the random generator, and the
cells named lead units exist at every size, so the document is the same for every seed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from dangbo.accounts.models import User
from dangbo.documents.models import DocKind, Document
from dangbo.documents.services import register_issued_document
from dangbo.indicators.models import Indicator
from dangbo.orgs.models import Organization
from dangbo.targets.models import ProposalKind, ProposalState, Target, Task, TaskKind, TaskStatus
from dangbo.targets.proposals import accept_proposal, propose_from_document, reject_proposal
from dangbo.targets.services import (
    create_target,
    link_indicator,
    raise_task_reminders,
    report_target_progress,
    report_task,
)

TEXT = Path(__file__).resolve().parent / "data" / "02-CTr-DU-MTTQ-Ca-Mau.txt"
SYMBOL = "02-CTr/ĐU"
TITLE = (
    "Chương trình hành động thực hiện Nghị quyết Đại hội đại biểu Đảng bộ Mặt trận Tổ quốc "
    "Việt Nam tỉnh Cà Mau lần thứ I, nhiệm kỳ 2025 – 2030"
)
ISSUED_ON = date(2025, 10, 20)
# The congress resolution the program carries out: a congress document, numbered in the
# congress's own sequence ("ĐH"), entered from paper with its summary only.
RESOLUTION_SYMBOL = "01-NQ/ĐH"
RESOLUTION_TITLE = (
    "Nghị quyết Đại hội đại biểu Đảng bộ Mặt trận Tổ quốc Việt Nam tỉnh Cà Mau lần thứ I, "
    "nhiệm kỳ 2025 – 2030"
)
RESOLUTION_ISSUED_ON = date(2025, 9, 12)
TERM_END = date(2030, 12, 31)
BASELINE_ON = date(2025, 9, 30)
QUARTERS = (
    ("Quý IV/2025", date(2025, 12, 31)),
    ("Quý I/2026", date(2026, 3, 31)),
    ("Quý II/2026", date(2026, 6, 30)),
    ("Quý III/2026", date(2026, 9, 30)),
)


@dataclass(frozen=True)
class TargetPlan:
    line: str  # the start of its line in the text, to find the proposal
    value: str
    unit: str
    subject: str
    metric: str
    baseline: str
    values: tuple[str, str, str, str]  # one per quarter
    indicator: str  # the code of the indicator that measures it (issue #9 §3)


TARGETS = (
    TargetPlan(
        "95% trở lên tổ chức đảng",
        "95", "%", "tổ chức đảng và lãnh đạo đơn vị", "hoàn thành tốt nhiệm vụ",
        "90", ("90", "91", "92", "93"), "org_rating_good",
    ),
    TargetPlan(
        "98% cán bộ",
        "98", "%", "cán bộ, đảng viên, công chức, viên chức",
        "được học tập, quán triệt Nghị quyết", "0", ("61", "84", "94", "97,5"),
        "members_studied",
    ),
    TargetPlan(
        "100% chi bộ thực hiện Quy định 144",
        "100", "%", "chi bộ", "thực hiện Quy định 144-QĐ/TW về chuẩn mực đạo đức cán bộ, đảng viên",
        "60", ("75", "88", "100", "100"), "cells_qd144",
    ),
    TargetPlan(
        "Mỗi chi bộ có ít nhất một mô hình",
        "1", "mô hình", "chi bộ",
        "có mô hình học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "0", ("0,2", "0,4", "0,5", "0,6"), "cell_models",
    ),
    TargetPlan(
        "100% chi bộ thực hiện nghiêm Đề án chuyển đổi số",
        "100", "%", "chi bộ", "thực hiện nghiêm Đề án chuyển đổi số của tỉnh",
        "20", ("40", "52", "60", "64"), "cells_digital",
    ),
    TargetPlan(
        "70% chi bộ đạt chuẩn",
        "70", "%", "chi bộ", "đạt chuẩn “Chi bộ bốn tốt”", "15", ("20", "28", "33", "38"),
        "cells_four_good",
    ),
    TargetPlan(
        "95% Chi bộ và đảng viên",
        "95", "%", "chi bộ và đảng viên", "hoàn thành tốt nhiệm vụ", "91", ("92", "93", "94", "95"),
        "member_rating_good",
    ),
    TargetPlan(
        "100% cán bộ, đảng viên, đoàn viên",
        "100", "%", "cán bộ, đảng viên, đoàn viên, hội viên",
        "được phổ cập “bình dân học vụ số”", "10", ("35", "52", "68", "81"), "digital_literacy",
    ),
)  # fmt: skip

# Lead cell (a word of the name of one of the first five cells, which every size has) and
# deadline of each key task and breakthrough, in text
# order; the reports' progress per quarter, and the status of the last one.
TASK_LEADS = (
    ("", TERM_END, (10, 25, 40, 50), TaskStatus.IN_PROGRESS),
    ("Phong trào", TERM_END, (10, 20, 35, 45), TaskStatus.IN_PROGRESS),
    ("", TERM_END, (5, 15, 25, 35), TaskStatus.IN_PROGRESS),
    ("", TERM_END, (15, 30, 45, 55), TaskStatus.IN_PROGRESS),
    ("Văn phòng", date(2027, 12, 31), (10, 20, 25, 30), TaskStatus.IN_PROGRESS),
    ("", date(2026, 12, 31), (30, 55, 75, 90), TaskStatus.IN_PROGRESS),
    # The breakthrough on digital transformation was due by mid-2026 and is not done.
    ("Văn phòng", date(2026, 6, 30), (25, 45, 60, 70), TaskStatus.OVERDUE),
    ("", TERM_END, (10, 20, 30, 40), TaskStatus.IN_PROGRESS),
)
REPORT_TEXTS = (
    "Ban hành kế hoạch thực hiện; các chi bộ trực thuộc xây dựng kế hoạch cụ thể của đơn vị.",
    "Tổ chức quán triệt đến các chi bộ; phân công cấp ủy viên phụ trách, theo dõi thực hiện.",
    "Sơ kết 6 tháng đầu năm 2026: đánh giá kết quả, chỉ ra hạn chế và giải pháp khắc phục.",
    "Tiếp tục triển khai; kiểm tra, giám sát việc thực hiện ở các chi bộ trực thuộc.",
)


@dataclass
class ProgramResult:
    document: Document
    targets: int
    key_tasks: int
    breakthroughs: int


def _front(root_code: str = "CM") -> Organization | None:
    return Organization.objects.filter(code=f"{root_code}.MTTQ", active_to__isnull=True).first()


def _unit(front: Organization, hint: str) -> Organization:
    """The cell of the Đảng bộ whose name holds `hint`; the Đảng ủy itself otherwise."""
    if not hint:
        return front
    cells = Organization.objects.filter(path__startswith=front.path, depth=front.depth + 1)
    return cells.filter(name__icontains=hint).order_by("path").first() or front


def _accept_targets(office: User, document: Document, front: Organization) -> list[Target]:
    proposals = list(
        document.proposals.filter(kind=ProposalKind.TARGET, state=ProposalState.PENDING)
    )
    made: list[Target] = []
    for plan in TARGETS:
        start = document.body.index(plan.line)
        end = document.body.index("\n", start)
        fields: dict[str, Any] = {
            "value": plan.value,
            "unit": plan.unit,
            "comparator": ">=",
            "subject": plan.subject,
            "metric": plan.metric,
            "period": "term",
            "parent": None,
            "deadline": TERM_END,
            # Every target is the Đảng ủy's, measured over all its cells; the cells that
            # lead the work are named on the key tasks and breakthroughs.
            "responsible": front,
            "baseline": plan.baseline,
            "baseline_on": BASELINE_ON,
        }
        found = [p for p in proposals if start <= p.start < end]
        if found:
            accepted = accept_proposal(actor=office, proposal=found[0], edits=fields)
            assert accepted.target is not None
            made.append(accepted.target)
        else:  # the extractor missed the line: entered by hand, as the office would
            made.append(
                create_target(
                    actor=office,
                    document=document,
                    source_text=document.body[start:end],
                    source_start=start,
                    source_end=end,
                    **fields,
                )
            )
    for proposal in document.proposals.filter(
        kind=ProposalKind.TARGET, state=ProposalState.PENDING
    ):
        reject_proposal(actor=office, proposal=proposal)
    return made


def _accept_tasks(office: User, document: Document, front: Organization) -> list[Task]:
    proposals = document.proposals.filter(
        kind=ProposalKind.TASK,
        state=ProposalState.PENDING,
        data__kind__in=[TaskKind.KEY, TaskKind.BREAKTHROUGH],
    ).order_by("position")
    made: list[Task] = []
    for proposal, (hint, deadline, _, _) in zip(proposals, TASK_LEADS, strict=True):
        accepted = accept_proposal(
            actor=office,
            proposal=proposal,
            edits={"lead": _unit(front, hint), "deadline": deadline, "starts_on": ISSUED_ON},
        )
        assert accepted.task is not None
        made.append(accepted.task)
    return made


def _report(office: User, targets: list[Target], tasks: list[Task]) -> None:
    for target, plan in zip(targets, TARGETS, strict=True):
        for (label, as_of), value in zip(QUARTERS, plan.values, strict=True):
            report_target_progress(
                actor=office,
                target=target,
                period_label=label,
                as_of=as_of,
                value=value,
                unit=target.unit,
                comment=f"Số liệu tổng hợp từ báo cáo của các chi bộ đến {as_of:%d/%m/%Y}.",
            )
    for task, (_, _, steps, last_status) in zip(tasks, TASK_LEADS, strict=True):
        for index, ((label, on), progress) in enumerate(zip(QUARTERS, steps, strict=True)):
            last = index == len(QUARTERS) - 1
            report_task(
                actor=office,
                task=task,
                reported_on=on,
                progress=progress,
                status=last_status if last else TaskStatus.IN_PROGRESS,
                text=f"{label}: {REPORT_TEXTS[index]}",
            )


def load_program(root_code: str = "CM") -> ProgramResult | None:
    """Load 02-CTr/ĐU for the province `root_code`; None when it has no Đảng bộ MTTQ."""
    front = _front(root_code)
    office = User.objects.filter(username="vanphong").first()
    if front is None or office is None:
        return None
    resolution = register_issued_document(
        actor=office,
        symbol=RESOLUTION_SYMBOL,
        kind=DocKind.RESOLUTION,
        issuer=front,
        title=RESOLUTION_TITLE,
        issued_on=RESOLUTION_ISSUED_ON,
        congress=True,
        earlier=True,
        place="Cà Mau",
        signer_capacity="T/M ĐOÀN CHỦ TỊCH",
        summary="Nghị quyết Đại hội đề ra 8 chỉ tiêu trọng tâm, 5 nhiệm vụ trọng tâm và 3 khâu "
        "đột phá của nhiệm kỳ 2025 – 2030; Chương trình hành động 02-CTr/ĐU cụ thể hóa.",
    )
    document = register_issued_document(
        actor=office,
        implements=resolution,
        symbol=SYMBOL,
        kind=DocKind.PROGRAM,
        issuer=front,
        title=TITLE,
        issued_on=ISSUED_ON,
        # 01-CTr/ĐU was issued on paper before the unit used the software.
        earlier=True,
        body=TEXT.read_text(encoding="utf-8"),
        place="Cà Mau",
        signer_capacity="T/M ĐẢNG ỦY — BÍ THƯ",
    )
    propose_from_document(actor=office, document=document)
    targets = _accept_targets(office, document, front)
    for target, plan in zip(targets, TARGETS, strict=True):
        indicator = Indicator.objects.get(code=plan.indicator)
        link_indicator(actor=office, target=target, indicator=indicator)
    tasks = _accept_tasks(office, document, front)
    _report(office, targets, tasks)
    # What the daily job would have raised: the overdue breakthrough shows under "Nhắc việc".
    raise_task_reminders(actor=None)
    return ProgramResult(
        document=document,
        targets=len(targets),
        key_tasks=sum(t.kind == TaskKind.KEY for t in tasks),
        breakthroughs=sum(t.kind == TaskKind.BREAKTHROUGH for t in tasks),
    )
