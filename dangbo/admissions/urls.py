from django.urls import path

from dangbo.admissions import views

app_name = "admissions"

urlpatterns = [
    path("", views.candidate_list, name="candidate-list"),
    path("them/", views.candidate_create, name="candidate-create"),
    path("pheu/", views.candidate_funnel, name="funnel"),
    path("<int:pk>/", views.candidate_detail, name="candidate-detail"),
    path("<int:pk>/chuyen-buoc/", views.candidate_advance, name="candidate-advance"),
    path("<int:pk>/giay-to/", views.candidate_papers, name="candidate-papers"),
    path("<int:pk>/nguoi-gioi-thieu/", views.candidate_sponsor, name="candidate-sponsor"),
]
