from django.urls import path

from dangbo.evaluations import views

app_name = "evaluations"

urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("mo-dot/", views.round_create, name="round-create"),
    path("<int:pk>/", views.round_detail, name="round-detail"),
    path("<int:pk>/chuyen-buoc/", views.round_advance, name="round-advance"),
    path("<int:pk>/ket-qua.xlsx", views.round_export, name="round-export"),
    path("<int:pk>/chi-bo/<int:cell_pk>/", views.evaluation_grid, name="grid"),
    path("<int:pk>/tu-kiem-diem/", views.self_review, name="self-review"),
    path("ket-qua/<int:pk>/dinh-chinh/", views.evaluation_correct, name="correct"),
    path("dang-vien/<int:member_pk>/", views.member_history, name="member-history"),
]
