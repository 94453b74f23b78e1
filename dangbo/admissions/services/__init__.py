"""Every write of the admissions pipeline (DESIGN rule 1): one service per step, each refusing
bad input with a Vietnamese message keyed by its field, writing a StageRecord and an audit
event in the same transaction. Rules cited per step; thresholds are rule rows."""

from dangbo.admissions.services.candidates import (
    add_sponsor,
    check_sponsor,
    identify_candidate,
    update_papers,
)
from dangbo.admissions.services.courses import (
    ResultRow,
    create_course,
    enrol_candidate,
    enrol_candidates,
    record_course_result,
    record_course_results,
    update_course,
    withdraw_enrolment,
)
from dangbo.admissions.services.dispatch import advance_candidate
from dangbo.admissions.services.transitions import (
    approve_by_committee,
    complete_file,
    hold_ceremony,
    hold_official_vote,
    pass_cell_resolution,
    pass_course,
    recognise_official,
    record_admission_decision,
)

__all__ = [
    "ResultRow",
    "add_sponsor",
    "advance_candidate",
    "approve_by_committee",
    "check_sponsor",
    "complete_file",
    "create_course",
    "enrol_candidate",
    "enrol_candidates",
    "hold_ceremony",
    "hold_official_vote",
    "identify_candidate",
    "pass_cell_resolution",
    "pass_course",
    "recognise_official",
    "record_admission_decision",
    "record_course_result",
    "record_course_results",
    "update_course",
    "update_papers",
    "withdraw_enrolment",
]
