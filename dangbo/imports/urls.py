from django.urls import path

from dangbo.imports import views
from dangbo.imports.urls_export import urlpatterns as export_urlpatterns

app_name = "imports"

urlpatterns = [
    path("", views.job_list, name="job-list"),
    path("tai-len/", views.upload, name="upload"),
    path("<int:pk>/", views.job_detail, name="job-detail"),
    path("<int:pk>/tien-do/", views.job_progress, name="job-progress"),
    path("<int:pk>/trang-tinh/", views.job_sheet, name="job-sheet"),
    path("<int:pk>/ghep-cot/", views.job_mapping, name="job-mapping"),
    path("<int:pk>/chay/", views.job_start, name="job-start"),
    path("<int:pk>/huy/", views.job_cancel, name="job-cancel"),
    path("<int:pk>/hoan-tac/", views.job_revert, name="job-revert"),
    path("<int:pk>/loi.xlsx", views.job_errors_xlsx, name="job-errors-xlsx"),
    *export_urlpatterns,
]
