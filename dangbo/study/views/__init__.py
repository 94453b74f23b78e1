from dangbo.study.views.reflections import (
    reflection_create,
    reflection_download,
    reflection_list,
    reflection_receive,
)
from dangbo.study.views.sessions import (
    coverage_page,
    session_attendance,
    session_create,
    session_detail,
    session_list,
)

__all__ = [
    "coverage_page",
    "reflection_create",
    "reflection_download",
    "reflection_list",
    "reflection_receive",
    "session_attendance",
    "session_create",
    "session_detail",
    "session_list",
]
