"""HTML + CSS → PDF through WeasyPrint, offline. The stylesheet is read from this package and
images come in as data: URIs, so the fetcher refuses every URL: a template that slipped in a
link to a web font or a CDN fails loudly instead of reaching the network (DESIGN: air-gapped).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.template.loader import render_to_string

from dangbo.members.exports.layout import FONT_STACK, margins_mm

STYLESHEET = Path(__file__).with_name("party_document.css")


def _fetcher() -> Any:
    # Imported here: WeasyPrint loads Pango at import, which pages that never print need not pay.
    from weasyprint.urls import URLFetcher

    class OfflineFetcher(URLFetcher):
        """Serves data: URIs only; anything else (http, https, file) is refused."""

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"Tài liệu in không được tải địa chỉ bên ngoài: {url[:80]}")

    return OfflineFetcher(fail_on_errors=True, allow_redirects=False)


def page_css(*, landscape: bool = False) -> str:
    """@page and font rules that depend on settings; the rest is in party_document.css."""
    top, right, bottom, left = margins_mm()
    fonts = ", ".join(f'"{f}"' if " " in f else f for f in FONT_STACK)
    size = "A4 landscape" if landscape else "A4"
    return (
        f"@page {{ size: {size}; margin: {top}mm {right}mm {bottom}mm {left}mm; }}\n"
        f"html {{ font-family: {fonts}; }}\n"
    )


def render_html(template: str, context: dict[str, Any]) -> str:
    """The HTML WeasyPrint lays out: tests read it to check what the PDF says. The stylesheet
    is handed to WeasyPrint apart, so templates carry no inline style (CSP habits)."""
    return render_to_string(template, context)


def html_to_pdf(html: str, *, landscape: bool = False) -> bytes:
    from weasyprint import CSS, HTML

    fetcher = _fetcher()
    css = STYLESHEET.read_text(encoding="utf-8") + page_css(landscape=landscape)
    document = HTML(string=html, url_fetcher=fetcher, base_url=None)
    pdf: bytes = document.write_pdf(stylesheets=[CSS(string=css, url_fetcher=fetcher)])
    return pdf
