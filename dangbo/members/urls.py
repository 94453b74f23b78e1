from django.urls import path

from dangbo.members import views

app_name = "members"

urlpatterns = [
    path("", views.member_list, name="member-list"),
    path("<int:pk>/", views.member_detail, name="member-detail"),
    path("to-chuc/<int:org_pk>/so-luong/", views.org_member_counts, name="org-counts"),
]
