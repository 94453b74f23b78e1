from django.urls import path

from dangbo.study import views

app_name = "study"

urlpatterns = [
    path("", views.session_list, name="session-list"),
    path("them/", views.session_create, name="session-create"),
    path("<int:pk>/", views.session_detail, name="session-detail"),
    path("<int:pk>/diem-danh/", views.session_attendance, name="session-attendance"),
    path("van-ban/<int:pk>/", views.coverage_page, name="coverage"),
    path("thu-hoach/", views.reflection_list, name="reflection-list"),
    path("thu-hoach/them/", views.reflection_create, name="reflection-create"),
    path("thu-hoach/<int:pk>/da-nhan/", views.reflection_receive, name="reflection-receive"),
    path("thu-hoach/<int:pk>/tep/", views.reflection_download, name="reflection-download"),
]
