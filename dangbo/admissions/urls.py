from django.urls import path

from dangbo.admissions.views import candidates as views
from dangbo.admissions.views import courses

app_name = "admissions"

urlpatterns = [
    path("", views.candidate_list, name="candidate-list"),
    path("them/", views.candidate_create, name="candidate-create"),
    path("pheu/", views.candidate_funnel, name="funnel"),
    path("<int:pk>/", views.candidate_detail, name="candidate-detail"),
    path("<int:pk>/chuyen-buoc/", views.candidate_advance, name="candidate-advance"),
    path("<int:pk>/giay-to/", views.candidate_papers, name="candidate-papers"),
    path("<int:pk>/nguoi-gioi-thieu/", views.candidate_sponsor, name="candidate-sponsor"),
    path("lop-nhan-thuc/", courses.course_list, name="course-list"),
    path("lop-nhan-thuc/mo-lop/", courses.course_create, name="course-create"),
    path("lop-nhan-thuc/<int:pk>/", courses.course_detail, name="course-detail"),
    path("lop-nhan-thuc/<int:pk>/sua/", courses.course_edit, name="course-edit"),
    path("lop-nhan-thuc/<int:pk>/hoc-vien/", courses.course_enrol, name="course-enrol"),
    path("lop-nhan-thuc/<int:pk>/ket-qua/", courses.course_results, name="course-results"),
    path("lop-nhan-thuc/<int:pk>/in/", courses.course_print, name="course-print"),
    path(
        "lop-nhan-thuc/hoc-vien/<int:pk>/rut-khoi-lop/",
        courses.course_withdraw,
        name="course-withdraw",
    ),
]
