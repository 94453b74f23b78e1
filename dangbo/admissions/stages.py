"""What each stage asks for: the next step, who takes it, the papers it needs, its deadline.

Sources (reference/regulations.md §3.1): Điều lệ Đảng Art. 4 (the steps, two sponsors who are
official members, the cell's resolution), Art. 5 (12 months of probation from the ceremony,
the cell's vote on recognition); QĐ 24-QĐ/TW 2021, kept by QĐ 294-QĐ/TW 2025 (ceremony within
30 working days of receiving the decision; the cell considers recognition within 30 working
days after probation ends). Deadlines are computed from rule rows (members.regulations).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dangbo.admissions.models import STAGE_ORDER, Candidate, Stage
from dangbo.members.regulations import ceremony_deadline, official_review_deadline, probation_end


def next_stage(stage: str) -> str | None:
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


def stage_label(stage: str) -> str:
    return str(Stage(stage).label)


# Who takes the step INTO each stage.
ACTOR_OF: dict[str, str] = {
    Stage.COURSE: "Đảng ủy cơ sở mở lớp; chi bộ cử quần chúng đi học",
    Stage.FILE: "Người vào Đảng và chi bộ hoàn thiện hồ sơ",
    Stage.CELL_RESOLUTION: "Chi bộ họp xét, biểu quyết",
    Stage.COMMITTEE: "Đảng ủy cơ sở",
    Stage.DECISION: "Cấp ủy có thẩm quyền",
    Stage.CEREMONY: "Chi bộ tổ chức lễ kết nạp",
    Stage.CELL_VOTE: "Chi bộ họp xét công nhận chính thức",
    Stage.OFFICIAL: "Cấp ủy có thẩm quyền ra quyết định công nhận",
}

# The papers the step into each stage requires (the checklist on the candidate's page).
PAPERS: dict[str, list[tuple[str, str]]] = {
    Stage.COURSE: [("course", "Giấy chứng nhận học lớp bồi dưỡng nhận thức về Đảng")],
    Stage.FILE: [
        ("paper_history", "Lý lịch người xin vào Đảng"),
        ("sponsors", "Giấy giới thiệu của hai đảng viên chính thức trong chi bộ"),
        ("paper_mass_org", "Nhận xét của đoàn thể chính trị – xã hội"),
        ("paper_verification", "Kết quả thẩm tra lý lịch"),
    ],
    Stage.CELL_RESOLUTION: [
        ("votes", "Biên bản biểu quyết: ít nhất 2/3 đảng viên chính thức tán thành")
    ],
    Stage.COMMITTEE: [("decision_number", "Nghị quyết của đảng ủy cơ sở")],
    Stage.DECISION: [("decision_number", "Quyết định kết nạp của cấp ủy có thẩm quyền")],
    Stage.CEREMONY: [("ceremony", "Biên bản lễ kết nạp")],
    Stage.CELL_VOTE: [("votes", "Biên bản biểu quyết: ít nhất 2/3 đảng viên chính thức tán thành")],
    Stage.OFFICIAL: [("decision_number", "Quyết định công nhận đảng viên chính thức")],
}


@dataclass(frozen=True)
class NextStep:
    stage: str
    label: str
    actor: str
    earliest: date | None  # not before (probation must end first)
    deadline: date | None  # "trong thời hạn N ngày làm việc"

    def overdue(self, today: date) -> bool:
        return self.deadline is not None and today > self.deadline


def next_step(candidate: Candidate) -> NextStep | None:
    """The step the candidate waits for, or None once official."""
    stage = next_stage(candidate.stage)
    if stage is None:
        return None
    earliest = deadline = None
    if stage == Stage.CEREMONY and candidate.decision_on:
        deadline = ceremony_deadline(candidate.decision_received_on or candidate.decision_on)
    elif stage in (Stage.CELL_VOTE, Stage.OFFICIAL) and candidate.ceremony_on:
        earliest = probation_end(candidate.ceremony_on)
        deadline = official_review_deadline(candidate.ceremony_on)
    return NextStep(stage, stage_label(stage), ACTOR_OF[stage], earliest, deadline)


def checklist(candidate: Candidate, sponsors: int) -> list[tuple[str, bool]]:
    """The papers of the next step, each with whether it is already there."""
    step = next_stage(candidate.stage)
    if step is None:
        return []
    have = {
        "paper_history": candidate.paper_history,
        "paper_mass_org": candidate.paper_mass_org,
        "paper_verification": candidate.paper_verification,
        "sponsors": sponsors >= 2,
    }
    return [(label, have.get(key, False)) for key, label in PAPERS[step]]
