from django.urls import path

from dangbo.four_good import views

app_name = "four_good"

urlpatterns = [
    path("", views.board, name="board"),
    path("bo-tieu-chi/", views.set_list, name="set-list"),
    path("bo-tieu-chi/moi/", views.set_create, name="set-create"),
    path("bo-tieu-chi/<int:pk>/", views.set_detail, name="set-detail"),
    path("bo-tieu-chi/<int:pk>/sua/", views.set_edit, name="set-edit"),
    path("bo-tieu-chi/<int:pk>/phien-ban-moi/", views.set_version, name="set-version"),
    path("bo-tieu-chi/<int:pk>/them-tieu-chi/", views.criterion_add, name="criterion-add"),
    path("tieu-chi/<int:pk>/bo/", views.criterion_remove, name="criterion-remove"),
    path("don-vi/<int:org_pk>/", views.assessment_detail, name="assessment"),
    path("ket-qua/<int:pk>/cong-nhan/", views.assessment_recognize, name="recognize"),
    path("danh-sach-cong-nhan/", views.recognized_list, name="recognized-list"),
]
