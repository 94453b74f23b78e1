"""The dashboard as a PDF for a committee meeting (A4 landscape), and its first page as a PNG.

The same `Dashboard` as the page, laid out by WeasyPrint offline the way the project prints
every document (members.exports.pdf: the fetcher refuses every URL, fonts are the system's),
with the charts drawn as inline SVG (dashboard.svg) since WeasyPrint runs no script. The
stylesheet is a file of this app, not inline style."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pypdfium2
from django.template.loader import render_to_string

from dangbo.core.clock import today
from dangbo.dashboard.board import Dashboard
from dangbo.dashboard.svg import chart_svg
from dangbo.members.exports.pdf import _fetcher, page_css

STYLESHEET = Path(__file__).with_name("pdf.css")
PNG_SCALE = 2  # 2 × 72 dpi: sharp enough on a projector, a few hundred kilobytes


def dashboard_html(board: Dashboard) -> str:
    """The HTML WeasyPrint lays out: tests read it to check what the PDF says."""
    context: dict[str, Any] = {
        "board": board,
        "charts": [(c, chart_svg(c)) for c in board.charts],
        "printed_on": today(),
    }
    return render_to_string("dashboard/pdf.html", context)


def dashboard_pdf(board: Dashboard) -> bytes:
    from weasyprint import CSS, HTML

    fetcher = _fetcher()
    css = page_css(landscape=True) + STYLESHEET.read_text(encoding="utf-8")
    document = HTML(string=dashboard_html(board), url_fetcher=fetcher, base_url=None)
    pdf: bytes = document.write_pdf(stylesheets=[CSS(string=css, url_fetcher=fetcher)])
    return pdf


def first_page_png(board: Dashboard) -> bytes:
    """The PDF's first page as a PNG, rendered by pypdfium2 (PDFium, pinned)."""

    document = pypdfium2.PdfDocument(dashboard_pdf(board))
    try:
        image = document[0].render(scale=PNG_SCALE).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
