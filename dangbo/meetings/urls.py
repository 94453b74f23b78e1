from django.urls import path

from dangbo.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting-list"),
    path("them/", views.meeting_create, name="meeting-create"),
    path("ke-hoach-nam/", views.meeting_plan_year, name="meeting-plan-year"),
    path("canh-bao/", views.meeting_alerts, name="meeting-alerts"),
    path("ty-le/", views.attendance_rates, name="attendance-rates"),
    path("cua-toi/", views.my_meetings, name="my-meetings"),
    path("<int:pk>/", views.meeting_detail, name="meeting-detail"),
    path("<int:pk>/sua/", views.meeting_edit, name="meeting-edit"),
    path("<int:pk>/diem-danh/", views.meeting_attendance, name="meeting-attendance"),
    path("<int:pk>/thong-bao/", views.meeting_publish, name="meeting-publish"),
    path("<int:pk>/da-hop/", views.meeting_hold, name="meeting-hold"),
    path("<int:pk>/bien-ban.docx", views.meeting_minutes, name="meeting-minutes"),
]
