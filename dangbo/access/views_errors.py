"""Friendly Vietnamese error pages (and JSON for the API)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

PAGES = {
    400: ("Yêu cầu không hợp lệ", "Dữ liệu gửi lên không đúng. Vui lòng quay lại và thử lại."),
    403: (
        "Không có quyền truy cập",
        "Tài khoản của bạn không được phép thực hiện thao tác này. "
        "Nếu cần, hãy liên hệ văn phòng cấp ủy để được phân quyền.",
    ),
    404: (
        "Không tìm thấy trang",
        "Trang hoặc dữ liệu bạn tìm không tồn tại, hoặc nằm ngoài phạm vi bạn được xem.",
    ),
    500: (
        "Hệ thống gặp sự cố",
        "Đã có lỗi ngoài ý muốn. Lỗi đã được ghi lại; vui lòng thử lại sau ít phút.",
    ),
}


def _render(request: HttpRequest, status: int) -> HttpResponse:
    title, message = PAGES[status]
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    # No request context for 500: the failure may be in a context processor itself.
    context = {"status": status, "title": title, "message": message}
    html = render_to_string("error.html", context, request=request if status != 500 else None)
    return HttpResponse(html, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _render(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    return _render(request, 500)
