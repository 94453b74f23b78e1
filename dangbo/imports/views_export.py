"""Downloads that import back: the full member record of a unit, the list of its units, and
the empty forms to fill in (xlsx or CSV).

`?org=<id>` names the unit (the working unit when absent); a unit the user may not see is
"not found" (DESIGN rule 2). Members and units are those the user may see below it, personal
fields only where they hold Action.PERSONAL (imports.exports). Every export of data leaves an
audit event: who, which unit, how many rows, which columns. xlsx goes through a temporary
file, CSV is streamed: a province's roll is never held in memory.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest
from django.http import FileResponse, Http404, HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from dangbo.access.scoping import get_or_404
from dangbo.access.working import working_org
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.text import fold
from dangbo.core.xlsx import SheetColumn, csv_lines, write_xlsx
from dangbo.imports import exports
from dangbo.imports.spec import get_spec
from dangbo.orgs.models import Organization
from dangbo.orgs.views.common import actor

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
MAX_ID = 2**31 - 1
BAD_FORMAT = "Định dạng tệp xuất không hợp lệ (chỉ có xlsx hoặc csv)."


def _format(request: HttpRequest) -> str:
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        raise BadRequest(BAD_FORMAT)
    return fmt


def _unit(request: HttpRequest) -> Organization:
    raw = request.GET.get("org", "").strip()
    if not raw:
        unit = working_org(request)
        if unit is None:
            raise Http404("Không tìm thấy hoặc bạn không có quyền xem.")
        return unit
    if not raw.isascii() or not raw.isdigit() or not 0 < int(raw) <= MAX_ID:
        raise Http404("Không tìm thấy hoặc bạn không có quyền xem.")
    return get_or_404(request.user, Organization, pk=int(raw))


def _file_name(stem: str, unit: Organization | None, fmt: str) -> str:
    code = slugify(unit.code) if unit is not None else ""
    parts = [stem, code, f"{today():%Y%m%d}"]
    return "-".join(p for p in parts if p) + f".{fmt}"


def _send(
    fmt: str,
    name: str,
    title: str,
    columns: Sequence[SheetColumn],
    rows: Iterable[Sequence[Any]],
) -> HttpResponseBase:
    if fmt == "csv":
        response = StreamingHttpResponse(csv_lines(columns, rows), content_type=FORMATS[fmt])
        response["Content-Disposition"] = content_disposition_header(True, name) or ""
        return response
    # On disk, not in memory: FileResponse closes (and so deletes) the file once sent.
    target = tempfile.TemporaryFile()  # noqa: SIM115
    write_xlsx(target, title=title, columns=columns, rows=rows)
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=name, content_type=FORMATS[fmt])


@login_required
@require_GET
def members_export(request: HttpRequest) -> HttpResponseBase:
    """`?org=<id>&format=xlsx|csv`: every member on the roll of the unit and below, one
    column per field of the import, in the forms the import reads back."""
    fmt = _format(request)
    user = actor(request)
    unit = _unit(request)
    columns = exports.member_columns()
    members = exports.members_on_roll(user, unit)
    day = today()
    record(
        actor=user,
        action="export.members",
        target=unit,
        organization=unit,
        after={
            "format": fmt,
            "rows": members.count(),
            "columns": [c.key for c in columns],
        },
    )
    return _send(
        fmt,
        _file_name("ho-so-dang-vien", unit, fmt),
        "Hồ sơ đảng viên",
        [c.sheet for c in columns],
        exports.member_rows(members, columns, user, day),
    )


@login_required
@require_GET
def organizations_export(request: HttpRequest) -> HttpResponseBase:
    """`?org=<id>&format=xlsx|csv`: the unit and every unit below it that the user may see,
    with the number of members on each one's roll (its own and its units')."""
    fmt = _format(request)
    user = actor(request)
    unit = _unit(request)
    fields = get_spec("organizations").exported()
    record(
        actor=user,
        action="export.organizations",
        target=unit,
        organization=unit,
        after={
            "format": fmt,
            "rows": exports.organizations_under(user, unit).count(),
            "columns": [f.key for f in fields],
        },
    )
    return _send(
        fmt,
        _file_name("to-chuc-dang", unit, fmt),
        "Tổ chức đảng",
        exports.sheet_columns(fields),
        exports.organization_rows(user, unit),
    )


def _template(request: HttpRequest, spec_name: str, stem: str) -> HttpResponseBase:
    fmt = _format(request)
    spec = get_spec(spec_name)
    return _send(
        fmt,
        _file_name(stem, None, fmt),
        spec.title,
        exports.sheet_columns(exports.template_fields(spec_name)),
        [],
    )


@login_required
@require_GET
def members_template(request: HttpRequest) -> HttpResponseBase:
    """`?format=xlsx|csv`: the member form with its header only, to fill in and import."""
    return _template(request, "members", "mau-nhap-dang-vien")


@login_required
@require_GET
def organizations_template(request: HttpRequest) -> HttpResponseBase:
    """`?format=xlsx|csv`: the unit list with its header only, to fill in and import."""
    return _template(request, "organizations", "mau-nhap-to-chuc-dang")


@login_required
@require_GET
def spec_template(request: HttpRequest, spec_name: str) -> HttpResponseBase:
    """`?format=xlsx|csv`: the empty form of a spec declared by an app above the engine
    (evaluations' ratings, ...), its header only, named after its title."""
    try:
        spec = get_spec(spec_name)
    except KeyError:
        raise Http404("Không có loại dữ liệu này.") from None
    return _template(request, spec_name, "mau-nhap-" + slugify(fold(spec.title)))
