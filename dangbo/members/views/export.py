"""Export of the roll (xuất danh sách đảng viên) as xlsx or CSV: the ticked rows of the list,
or every member its filters select, in the columns the user chose on the list.

Only members the user may see are written (a ticked id outside the scope is dropped, as if
it did not exist), personal columns only on rows where the user holds Action.PERSONAL, and
every export leaves an audit event saying who took which rows and columns. Rows are read in
chunks and written as they come (xlsx through a temporary file, CSV streamed), so exporting a
province's whole roll never holds it in memory.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_GET

from dangbo.access.scoping import scope
from dangbo.access.working import working_org
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.xlsx import CellKind, SheetColumn, csv_lines, write_xlsx
from dangbo.members.columns import NAME, Column, cell_values, row_values
from dangbo.members.models import Member
from dangbo.members.views.roll import back_to_list, chosen_columns, filtered_roll
from dangbo.orgs.views.common import actor

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
# The list shows 50 rows a page; a few pages' worth of ticks is plenty, and bounds the query.
MAX_SELECTED = 500
CHUNK_ROWS = 2000
MAX_ID = 2**31 - 1
SHEET_TITLE = "Danh sách đảng viên"
ORDINAL = SheetColumn("STT", CellKind.NUMBER, 6)
AUDIT_ACTION = "member.export"


def _ids(values: list[str]) -> list[int] | None:
    """The ticked ids, or None when one is not an id at all."""
    ids = []
    for value in values:
        text = value.strip()
        if not text.isascii() or not text.isdigit() or not 0 < int(text) <= MAX_ID:
            return None
        ids.append(int(text))
    return ids


def _sheet_rows(
    members: QuerySet[Member], columns: Sequence[Column], user: Any, day: date
) -> Iterator[list[Any]]:
    rows = row_values(members, columns, user).iterator(chunk_size=CHUNK_ROWS)
    for number, row in enumerate(rows, start=1):
        yield [number, *cell_values(row, columns, day)]


def _file_name(fmt: str, day: date) -> str:
    return f"danh-sach-dang-vien-{day:%Y%m%d}.{fmt}"


def _refuse(request: HttpRequest, message: str) -> HttpResponseBase:
    messages.warning(request, message)
    return back_to_list(request.GET.get("back", ""))


@login_required
@require_GET
def member_export(request: HttpRequest) -> HttpResponseBase:
    """`?selected=xlsx|csv&member=…`: the ticked members; otherwise `?format=xlsx|csv` and
    the list's filters: every member they select."""
    user = actor(request)
    selected = request.GET.get("selected")
    details: dict[str, Any]
    if selected is not None:
        fmt = selected
        ids = _ids(request.GET.getlist("member"))
        if ids is None:
            return _refuse(request, "Danh sách đảng viên được chọn không hợp lệ.")
        if not ids:
            return _refuse(request, "Hãy đánh dấu ít nhất một đảng viên trong danh sách để xuất.")
        if len(ids) > MAX_SELECTED:
            return _refuse(
                request,
                f"Chỉ xuất được tối đa {MAX_SELECTED} đảng viên đã chọn một lần; "
                "hãy dùng «Xuất toàn bộ kết quả lọc».",
            )
        members = scope(user, Member).filter(pk__in=ids).order_by("name_sort", "id")
        unit = working_org(request)
        exported = list(members.values_list("pk", flat=True))
        details = {"members": exported, "rows": len(exported)}
    else:
        fmt = request.GET.get("format", "xlsx")
        roll = filtered_roll(request)
        members, unit = roll.members, roll.unit
        details = {"filters": roll.filters, "rows": members.count()}
    if fmt not in FORMATS:
        return _refuse(request, "Định dạng tệp xuất không hợp lệ (chỉ có xlsx hoặc csv).")
    columns = [NAME, *chosen_columns(request)]
    record(
        actor=user,
        action=AUDIT_ACTION,
        target=unit if unit is not None else user,
        organization=unit,
        after={"format": fmt, "columns": [c.key for c in columns], **details},
    )
    day = today()
    sheet = [ORDINAL, *(c.sheet for c in columns)]
    rows = _sheet_rows(members, columns, user, day)
    name = _file_name(fmt, day)
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(sheet, rows), content_type=FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    # A temporary file on disk, not memory: FileResponse closes (and so deletes) it when sent.
    target = tempfile.TemporaryFile()  # noqa: SIM115
    write_xlsx(target, title=SHEET_TITLE, columns=sheet, rows=rows)
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=name, content_type=FORMATS[fmt])
