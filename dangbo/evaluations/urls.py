from django.urls import path

from dangbo.evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("mo-dot/", views.round_create, name="round-create"),
    path("<int:pk>/", views.round_detail, name="round-detail"),
    path("<int:pk>/chuyen-buoc/", views.round_advance, name="round-advance"),
    path("<int:pk>/ket-qua.xlsx", views.round_export, name="round-export"),
    path("<int:pk>/ty-le/", views.round_quota, name="round-quota"),
    path("<int:pk>/ap-dung-quy-dinh/", views.round_apply_rules, name="round-apply-rules"),
    path("<int:pk>/chi-bo/<int:cell_pk>/", views.evaluation_grid, name="grid"),
    path("<int:pk>/tu-kiem-diem/", views.self_review, name="self-review"),
    path("ket-qua/<int:pk>/dinh-chinh/", views.evaluation_correct, name="correct"),
    path(
        "ket-qua/<int:pk>/ban-tu-kiem-diem/",
        views.self_review_print,
        name="self-review-print",
    ),
    path(
        "ket-qua/<int:pk>/ban-tu-kiem-diem.docx",
        views.self_review_print,
        {"fmt": "docx"},
        name="self-review-docx",
    ),
    path("dang-vien/<int:member_pk>/", views.member_history, name="member-history"),
    path("<int:pk>/to-chuc/", views.org_overview, name="org-overview"),
    path("<int:pk>/to-chuc/<int:parent_pk>/", views.org_grid, name="org-grid"),
    path(
        "<int:pk>/to-chuc/<int:org_pk>/kiem-diem/",
        views.org_self_review,
        name="org-self-review",
    ),
    path("to-chuc/ket-qua/<int:pk>/dinh-chinh/", views.org_correct, name="org-correct"),
    path("to-chuc/<int:org_pk>/", views.org_history, name="org-history"),
]
