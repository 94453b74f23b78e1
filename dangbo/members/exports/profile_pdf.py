"""The member summary (mẫu 2-HSĐV) as a PDF: the sheet drawn by members/print_member.html."""

from __future__ import annotations

import base64

from dangbo.members.exports.pdf import html_to_pdf, render_html
from dangbo.members.exports.profile import ProfileSheet

TEMPLATE = "members/print_member.html"


def profile_html(sheet: ProfileSheet) -> str:
    photo_uri = ""
    if sheet.photo is not None:
        content, mime = sheet.photo
        photo_uri = f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"
    return render_html(
        TEMPLATE,
        {
            "sheet": sheet,
            "letterhead": sheet.letterhead,
            "signature": sheet.signature,
            "photo_uri": photo_uri,
        },
    )


def profile_pdf(sheet: ProfileSheet) -> bytes:
    return html_to_pdf(profile_html(sheet))
