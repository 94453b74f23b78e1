from dangbo.evaluations.views.export import round_export
from dangbo.evaluations.views.grid import evaluation_correct, evaluation_grid
from dangbo.evaluations.views.history import member_history
from dangbo.evaluations.views.organizations import (
    org_correct,
    org_grid,
    org_history,
    org_overview,
    org_self_review,
)
from dangbo.evaluations.views.quota import round_apply_rules, round_quota
from dangbo.evaluations.views.rounds import round_advance, round_create, round_detail, round_list
from dangbo.evaluations.views.self_review import self_review, self_review_print

__all__ = [
    "evaluation_correct",
    "evaluation_grid",
    "member_history",
    "org_correct",
    "org_grid",
    "org_history",
    "org_overview",
    "org_self_review",
    "round_advance",
    "round_apply_rules",
    "round_create",
    "round_detail",
    "round_export",
    "round_list",
    "round_quota",
    "self_review",
    "self_review_print",
]
