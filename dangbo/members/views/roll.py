"""The roll (danh sách đảng viên): members in the user's scope, under the working organisation
or a chosen unit, filtered and sorted by given name in the database, 50 to a page, in the
columns the user chose; rows can be ticked for an export or a transfer.

The filtering (`filtered_roll`) is shared with the export (views/export.py): "export all"
writes exactly the members the page lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_POST

from dangbo.access.policy import Action
from dangbo.access.scoping import can, scope, units_for
from dangbo.access.working import working_org
from dangbo.core.clock import today
from dangbo.core.formats import format_number
from dangbo.members import columns as roll_columns
from dangbo.members.columns import Column
from dangbo.members.forms import ALL_CHOICE, ON_ROLL_CHOICE, MemberFilterForm
from dangbo.members.models import ON_ROLL, Member, MemberStatus
from dangbo.members.roll_filters import filter_members
from dangbo.orgs.models import Organization, OrgKind
from dangbo.orgs.views.rows import url_shape

PAGE_SIZE = 50
FILTER_FIELDS = (
    "q",
    "org",
    "status",
    "sex",
    "ethnicity",
    "theory_level",
    "age",
    "party_age",
    "position",
    "position_text",
)
# Levels below the working unit the select offers; deeper units come by link (?org=).
LISTED_LEVELS = 2
LISTED_MAX = 300
COLUMNS_SESSION_KEY = "members.roll_columns"
# The transfer form's address, for the day its URL name is missing (another part of the app).
TRANSFER_CREATE_PATH = "/dang-vien/chuyen-sinh-hoat/moi/"
STATUS_BADGES = {
    MemberStatus.PROBATIONARY: "text-bg-warning",
    MemberStatus.OFFICIAL: "text-bg-success",
    MemberStatus.EXEMPT: "text-bg-info",
}


def filter_status(members: QuerySet[Member], status: str) -> QuerySet[Member]:
    """The page's status choice: on the roll (the default), everyone, or one status."""
    if status == ON_ROLL_CHOICE:
        return members.filter(status__in=ON_ROLL)
    if status == ALL_CHOICE:
        return members
    return members.filter(status=status)


def listed_units(units: QuerySet[Organization], root: Organization | None) -> list[Any]:
    """(id, name, depth) of the units a unit select offers: two levels below the working unit
    (the roll's filter, the badges list)."""
    if root is None:
        return []
    rows = (
        units.filter(
            path__startswith=root.path,
            depth__lte=root.depth + LISTED_LEVELS,
            active_to__isnull=True,
        )
        .exclude(kind=OrgKind.GROUP)
        .order_by("path")
        .values_list("pk", "name", "depth")
    )
    return list(rows[:LISTED_MAX])


@dataclass
class Roll:
    """The members a request's filters select, and how the filter form reads them."""

    form: MemberFilterForm
    unit: Organization | None
    members: QuerySet[Member]  # in Vietnamese name order
    query: str  # the valid filters as a query string, for links that keep them
    filters: dict[str, str]


def filtered_roll(request: HttpRequest) -> Roll:
    """Members of the user's scope under the chosen unit (default: the working unit), with
    each valid filter of the query string applied; a bad one is shown under its field and
    left out. Two or three queries at most before the rows."""
    user = request.user
    root = working_org(request)
    units = units_for(user)
    wanted = {k: request.GET.get(k, "") for k in FILTER_FIELDS if request.GET.get(k, "").strip()}
    listed = listed_units(units, root)
    form = MemberFilterForm(wanted or None, units=units, listed=listed)
    data: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        data = form.cleaned_data
    unit: Organization | None = data.get("org") or root
    members = scope(user, Member)
    if unit is None:
        members = members.none()
    else:
        members = members.filter(organization__path__startswith=unit.path)
        if unit.pk not in {pk for pk, _, _ in listed}:
            # A unit from a link: offered in the select so the form shows what is applied.
            form.fields["org"].widget.choices.append((unit.pk, unit.name))
    members = filter_status(members, data.get("status") or ON_ROLL_CHOICE)
    members = filter_members(members, data, user, today())
    valid = {k: v for k, v in wanted.items() if k not in form.errors}
    # name_sort then id: one index gives both the order and a stable page boundary.
    return Roll(form, unit, members.order_by("name_sort", "id"), urlencode(valid), valid)


def chosen_columns(request: HttpRequest) -> list[Column]:
    """The optional columns the user chose (kept in the session), or the default."""
    stored = request.session.get(COLUMNS_SESSION_KEY)
    keys = stored if isinstance(stored, list) else None
    return roll_columns.chosen(request.user, keys)


def _rows(rows: list[dict[str, Any]], columns: list[Column]) -> list[dict[str, Any]]:
    """Rows as plain dicts with final text (see orgs/views/rows.py for why)."""
    head, tail = url_shape("members:member-detail")
    day = today()
    result = []
    for row in rows:
        values = roll_columns.cell_values(row, columns, day)
        cells = []
        for column, value in zip(columns, values, strict=True):
            badge = ""
            if column.key == "status":
                badge = STATUS_BADGES.get(row["status"], "text-bg-secondary")
            cells.append({"text": roll_columns.display(value), "css": column.css, "badge": badge})
        result.append(
            {
                "pk": row["pk"],
                "url": f"{head}{row['pk']}{tail}",
                "full_name": row["full_name"],
                "cells": cells,
            }
        )
    return result


def transfer_url() -> str:
    try:
        return reverse("members:transfer-create")
    except NoReverseMatch:
        return TRANSFER_CREATE_PATH


@login_required
@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    roll = filtered_roll(request)
    if roll.form.errors:
        messages.warning(request, "Một số điều kiện lọc không hợp lệ nên đã được bỏ qua.")
    columns = chosen_columns(request)
    rows = roll_columns.row_values(roll.members, columns, request.user)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    shown = {c.key for c in columns}
    export = reverse("members:member-export")
    back = roll.query
    if page.number > 1:
        back = urlencode({**roll.filters, "page": str(page.number)})
    context = {
        "form": roll.form,
        "page": page,
        "rows": _rows(list(page.object_list), columns),
        "columns": columns,
        "column_choices": [
            {"key": c.key, "header": c.header, "checked": c.key in shown, "personal": c.personal}
            for c in roll_columns.available(request.user)
        ],
        "unit": roll.unit,
        "total": format_number(page.paginator.count),
        "filter_query": roll.query,
        "back_query": back,
        "filtered": bool(roll.filters),
        "export_all": {
            fmt: f"{export}?{urlencode({**roll.filters, 'format': fmt})}" for fmt in ("xlsx", "csv")
        },
        "may_transfer": roll.unit is not None and can(request.user, Action.EDIT, roll.unit),
        "transfer_url": transfer_url(),
    }
    return render(request, "members/member_list.html", context)


def back_to_list(back: str) -> HttpResponseRedirect:
    """The list with the filters of `back` (only the list's own parameters: never a way to
    send the user elsewhere)."""
    given = QueryDict(back[:2000])
    kept = [(k, v) for k in (*FILTER_FIELDS, "page") for v in given.getlist(k)[:1] if v.strip()]
    url = reverse("members:member-list")
    return HttpResponseRedirect(f"{url}?{urlencode(kept)}" if kept else url)


@login_required
@require_POST
def member_columns(request: HttpRequest) -> HttpResponse:
    """Save the user's choice of columns (in their session) and go back to the list."""
    if request.POST.get("reset"):
        request.session.pop(COLUMNS_SESSION_KEY, None)
        messages.info(request, "Đã trở về các cột mặc định.")
    else:
        wanted = set(request.POST.getlist("col"))
        keys = [c.key for c in roll_columns.available(request.user) if c.key in wanted]
        request.session[COLUMNS_SESSION_KEY] = keys
    return back_to_list(request.POST.get("back", ""))
