"""Tổng quan under /tong-quan/ (app "dashboard"): the page, its PDF and its PNG."""

from django.urls import path

from dangbo.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.dashboard_page, name="page"),
    path("pdf/", views.dashboard_pdf, name="pdf"),
    path("png/", views.dashboard_png, name="png"),
]
