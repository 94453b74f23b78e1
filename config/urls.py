from csp.decorators import csp_update
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import IsAuthenticated

from dangbo.access.views_errors import (
    bad_request,
    page_not_found,
    permission_denied,
    server_error,
)

urlpatterns = [
    path(
        "",
        login_required(RedirectView.as_view(pattern_name="dashboard:page", permanent=False)),
        name="home",
    ),
    path("tai-khoan/", include("dangbo.accounts.urls")),
    path("", include("dangbo.access.urls")),
    path("to-chuc/", include("dangbo.orgs.urls")),
    path("dang-vien/", include("dangbo.members.urls")),
    path("nhap-du-lieu/", include("dangbo.imports.urls")),
    path("van-ban/", include("dangbo.documents.urls")),
    path("chi-tieu/", include("dangbo.targets.urls")),
    path("sinh-hoat/", include("dangbo.meetings.urls")),
    path("hoc-tap/", include("dangbo.study.urls")),
    path("phat-trien-dang-vien/", include("dangbo.admissions.urls")),
    path("danh-gia/", include("dangbo.evaluations.urls")),
    path("bon-tot/", include("dangbo.four_good.urls")),
    # Before "chi-so/" (the indicators catalog), whose patterns would otherwise see it first.
    path("chi-so/bieu-mau/", include("dangbo.indicators.reporting_urls")),
    path("bao-cao/", include("dangbo.reports.urls")),
    path("chi-so/", include("dangbo.indicators.urls")),
    path("tong-quan/", include("dangbo.dashboard.urls")),
    path("api/v1/", include("dangbo.api.urls")),
    # The schema and its viewer are for logged-in users too: every URL refuses anonymous users.
    path(
        "api/schema/",
        SpectacularAPIView.as_view(permission_classes=[IsAuthenticated]),
        name="schema",
    ),
    path(
        "api/docs/",
        # Swagger UI sets inline styles as it draws; scripts stay 'self'-only.
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(
                url_name="schema", permission_classes=[IsAuthenticated]
            )
        ),
        name="swagger-ui",
    ),
]

handler400 = bad_request
handler403 = permission_denied
handler404 = page_not_found
handler500 = server_error
