"""The dashboard as a PDF (WeasyPrint, charts as SVG) and as a PNG, and the SVG charts alone."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.core.clock import today
from dangbo.dashboard.board import build
from dangbo.dashboard.pdf import dashboard_html
from dangbo.dashboard.svg import chart_svg, nice_ceiling
from dangbo.dashboard.tests.conftest import World
from dangbo.dashboard.trends import Chart, Series
from dangbo.dashboard.views import visible_to

PDF = reverse("dashboard:pdf")
PNG = reverse("dashboard:png")


def test_the_pdf_is_a_landscape_pdf_naming_the_unit_and_is_audited(
    world: World, province_admin: User, client_for: Callable[[User], Client]
) -> None:
    commune = world.tree.commune
    response = client_for(province_admin).get(PDF, {"to_chuc": commune.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"tong-quan-tnab-{today():%Y-%m-%d}.pdf" in response["Content-Disposition"]
    reader = PdfReader(io.BytesIO(response.content))
    page = reader.pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 landscape
    text = " ".join(p.extract_text() for p in reader.pages)
    assert commune.name.upper() in text
    assert "Chi bộ đạt chuẩn" in text and "Chi bộ Ấp Một" in text
    event = AuditEvent.objects.filter(action="dashboard.export").latest("pk")
    assert event.after["format"] == "pdf"


def test_the_pdf_html_carries_the_figures_and_svg_charts(
    world: World, province_admin: User
) -> None:
    board = build(visible_to(province_admin), world.tree.cell_a, today())
    html = dashboard_html(board)
    assert "TỔNG QUAN TÌNH HÌNH CHI BỘ ẤP MỘT" in html
    assert "<svg" in html and "<script" not in html
    assert "Rà soát hồ sơ đảng viên quá hạn" in html
    assert "95" in html  # the cell's own value of the measured target


def test_png_exports_the_first_page(
    world: World, province_admin: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(province_admin)
    response = client.get(PNG, {"to_chuc": world.tree.commune.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1.0), (7, 10.0), (11, 20.0), (230, 250.0), (4100, 5000.0)]
)
def test_axes_end_on_a_round_number(value: float, expected: float) -> None:
    assert nice_ceiling(value) == expected


def test_svg_charts_write_vietnamese_numbers_and_escape_labels() -> None:
    chart = Chart(
        "c",
        "Đảng viên <b>",
        "line",
        "đảng viên",
        ["Quý I/2026", "Quý II/2026", "Quý III/2026"],
        [
            Series("Đảng viên & dự bị", [1234.5, None, 1300.0]),
            Series("Chỉ tiêu", [1500.0] * 3, dashed=True),
        ],
    )
    svg = str(chart_svg(chart))
    assert "1.234,5" in svg and "1.300" in svg
    assert "&amp; dự bị" in svg and "<b>" not in svg
    assert 'stroke-dasharray="4 3"' in svg
    bars = str(chart_svg(Chart("b", "Họp", "bar", "%", ["Quý I"], [Series("% họp", [87.5])])))
    assert "<rect" in bars and ">100<" in bars  # a rate's axis ends at 100
