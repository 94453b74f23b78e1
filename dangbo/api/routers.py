"""The API router: DRF's DefaultRouter with a root that lists the endpoints to logged-in
users only, and without `.json` suffix routes (the API speaks JSON only)."""

from __future__ import annotations

from rest_framework import routers
from rest_framework.permissions import IsAuthenticated


class ApiRootView(routers.APIRootView):
    """Danh sách các điểm truy cập của API (chỉ cho người đã đăng nhập)."""

    permission_classes = [IsAuthenticated]


class Router(routers.DefaultRouter):
    include_format_suffixes = False
    APIRootView = ApiRootView
