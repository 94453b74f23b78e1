from dangbo.evaluations.views.export import round_export
from dangbo.evaluations.views.grid import evaluation_correct, evaluation_grid
from dangbo.evaluations.views.history import member_history
from dangbo.evaluations.views.rounds import round_advance, round_create, round_detail, round_list
from dangbo.evaluations.views.self_review import self_review

__all__ = [
    "evaluation_correct",
    "evaluation_grid",
    "member_history",
    "round_advance",
    "round_create",
    "round_detail",
    "round_export",
    "round_list",
    "self_review",
]
