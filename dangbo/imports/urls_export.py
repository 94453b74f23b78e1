"""The export downloads of the imports app, joined into the app's URLs (namespace
"imports"): imports:members-export, imports:members-template, imports:organizations-export,
imports:organizations-template."""

from django.urls import path

from dangbo.imports import views_export

urlpatterns = [
    path("xuat/dang-vien/", views_export.members_export, name="members-export"),
    path("xuat/dang-vien/mau/", views_export.members_template, name="members-template"),
    path("xuat/to-chuc/", views_export.organizations_export, name="organizations-export"),
    path("xuat/to-chuc/mau/", views_export.organizations_template, name="organizations-template"),
    # The empty form of the other apps' specs (imports:spec-template, spec_name=spec.name).
    path("xuat/mau/<slug:spec_name>/", views_export.spec_template, name="spec-template"),
]
