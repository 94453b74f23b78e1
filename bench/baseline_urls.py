"""One view: a 50-row table rendered from a list built at import time."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

ROWS = [
    {"code": f"CM.X{i:03d}", "name": f"Chi bộ ấp {i}", "kind": "Chi bộ trực thuộc", "count": i * 7}
    for i in range(1, 51)
]


def rows(request: HttpRequest) -> HttpResponse:
    return render(request, "baseline.html", {"rows": ROWS})


urlpatterns = [path("", rows)]
