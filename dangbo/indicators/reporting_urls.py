"""Pages of the reporting forms, mounted at /chi-so/bieu-mau/ (config/urls.py)."""

from django.urls import path

from dangbo.indicators.views import reporting, reporting_reports

app_name = "reporting"

urlpatterns = [
    path("", reporting.form_list, name="form-list"),
    path("moi/", reporting.form_create, name="form-create"),
    path("<int:pk>/", reporting.form_detail, name="form-detail"),
    path("<int:pk>/sua/", reporting.form_edit, name="form-edit"),
    path(
        "<int:pk>/nhap/<int:org_pk>/<str:period>/",
        reporting_reports.submission_fill,
        name="submission-fill",
    ),
    path("bao-cao/<int:pk>/", reporting_reports.submission_detail, name="submission-detail"),
    path("bao-cao/<int:pk>/gui/", reporting_reports.submission_submit, name="submission-submit"),
    path(
        "bao-cao/<int:pk>/duyet/", reporting_reports.submission_approve, name="submission-approve"
    ),
    path(
        "bao-cao/<int:pk>/tra-lai/", reporting_reports.submission_return, name="submission-return"
    ),
    path("cho-duyet/", reporting_reports.review_queue, name="review-queue"),
    path("nhac-nho/", reporting.reminder_list, name="reminder-list"),
]
