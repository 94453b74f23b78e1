from dangbo.four_good.views.assessments import (
    assessment_detail,
    assessment_recognize,
    board,
    recognized_list,
)
from dangbo.four_good.views.sets import (
    criterion_add,
    criterion_remove,
    set_create,
    set_detail,
    set_edit,
    set_list,
    set_version,
)

__all__ = [
    "assessment_detail",
    "assessment_recognize",
    "board",
    "criterion_add",
    "criterion_remove",
    "recognized_list",
    "set_create",
    "set_detail",
    "set_edit",
    "set_list",
    "set_version",
]
