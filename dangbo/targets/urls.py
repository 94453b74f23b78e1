"""Pages of targets and tasks under /chi-tieu/ (app "targets"). The review screen of
proposals read from a document's text keeps its URLs in views/review.py."""

from django.urls import path

from dangbo.targets.views import board, reminders, targets, tasks
from dangbo.targets.views.review import review_urls

app_name = "targets"

urlpatterns: list = [
    path("", board.programs, name="programs"),
    path("nhac-viec/", reminders.reminders, name="reminders"),
    path("van-ban/<int:pk>/", board.board, name="board"),
    path("van-ban/<int:pk>/theo-doi.xlsx", board.board_xlsx, name="board-xlsx"),
    path("van-ban/<int:pk>/bao-cao-so-ket.docx", board.board_docx, name="board-docx"),
    path("chi-tieu/<int:pk>/", targets.target_detail, name="target-detail"),
    path("chi-tieu/<int:pk>/sua/", targets.target_edit, name="target-edit"),
    path("chi-tieu/<int:pk>/bao-cao/", targets.target_report, name="target-report"),
    path("chi-tieu/<int:pk>/chi-so/", targets.target_link, name="target-link"),
    path("chi-tieu/<int:pk>/giao/", targets.target_cascade, name="target-cascade"),
    path("ket-qua/<int:pk>/minh-chung/", targets.evidence, name="evidence"),
    path("nhiem-vu/<int:pk>/", tasks.task_detail, name="task-detail"),
    path("nhiem-vu/<int:pk>/sua/", tasks.task_edit, name="task-edit"),
    path("nhiem-vu/<int:pk>/bao-cao/", tasks.task_report, name="task-report"),
    path("bao-cao/<int:pk>/tep/", tasks.report_attachment, name="report-attachment"),
    *review_urls,
]
