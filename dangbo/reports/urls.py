"""Reports in the Party format under /bao-cao/ (app "reports")."""

from django.urls import path

from dangbo.reports import views

app_name = "reports"

urlpatterns = [
    path("danh-gia/<int:pk>/", views.evaluation_report, name="evaluation"),
    path("danh-gia/<int:pk>/bao-cao.xlsx", views.evaluation_report_xlsx, name="evaluation-xlsx"),
    path("danh-gia/<int:pk>/bao-cao.docx", views.evaluation_report_docx, name="evaluation-docx"),
]
