"""The roll (danh sách đảng viên): members in the user's scope, under the working organisation
or a chosen unit, filtered and sorted by given name in the database, 50 to a page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from dangbo.access.scoping import scope, units_for
from dangbo.access.working import working_org
from dangbo.core.clock import today
from dangbo.core.formats import format_date
from dangbo.core.text import fold
from dangbo.core.workdays import add_years
from dangbo.members.forms import AGE_BANDS, ALL_CHOICE, ON_ROLL_CHOICE, MemberFilterForm
from dangbo.members.models import ON_ROLL, Member, MemberStatus, Sex
from dangbo.members.views.detail import PERSONAL
from dangbo.orgs.models import Organization, OrgKind
from dangbo.orgs.views.rows import url_shape

PAGE_SIZE = 50
FILTER_FIELDS = ("q", "org", "status", "sex", "ethnicity", "theory_level", "age")
# Levels below the working unit the select offers; deeper units come by link (?org=).
LISTED_LEVELS = 2
LISTED_MAX = 300
SEARCH_MAX_WORDS = 8
STATUS_LABELS = dict(MemberStatus.choices)
SEX_LABELS = dict(Sex.choices)
STATUS_BADGES = {
    MemberStatus.PROBATIONARY: "text-bg-warning",
    MemberStatus.OFFICIAL: "text-bg-success",
    MemberStatus.EXEMPT: "text-bg-info",
}
_ROW_VALUES = (
    "pk",
    "full_name",
    "birth_date",
    "sex",
    "organization__name",
    "admitted_on",
    "official_on",
    "status",
    "card_number",
)


def search_members(members: QuerySet[Member], text: str, user: Any) -> QuerySet[Member]:
    """Every folded word in the folded name ("nguyen van a" finds "Nguyễn Văn A"), or the exact
    card number, or the exact CCCD in units where the user may read it (elsewhere a match
    would tell whose number it is)."""
    text = text.strip()
    words = fold(text).split()[:SEARCH_MAX_WORDS]
    if not words:
        return members
    by_name = Q()
    for word in words:
        by_name &= Q(name_folded__contains=word)
    found = by_name | Q(card_number=text)
    personal_units = _personal_units(user)
    if personal_units is not None:
        found |= Q(national_id=text, organization__in=personal_units)
    return members.filter(found)


def _personal_units(user: Any) -> QuerySet[Organization] | None:
    try:
        return units_for(user, PERSONAL)
    except ValueError:  # a policy without the action: nobody reads CCCDs
        return None


def born_between(band: str, day: date) -> Q:
    """Members whose age in whole years on `day` falls in the band."""
    for value, _, low, high in AGE_BANDS:
        if value == band:
            q = Q(birth_date__lte=add_years(day, -low))
            if high is not None:
                # Age ≤ high: born after the day `day` was their (high + 1)th birthday.
                q &= Q(birth_date__gt=add_years(day, -(high + 1)))
            return q
    raise ValueError(band)


def filter_members(members: QuerySet[Member], data: dict[str, Any], user: Any) -> QuerySet[Member]:
    status = data.get("status") or ON_ROLL_CHOICE
    if status == ON_ROLL_CHOICE:
        members = members.filter(status__in=ON_ROLL)
    elif status != ALL_CHOICE:
        members = members.filter(status=status)
    if data.get("sex"):
        members = members.filter(sex=data["sex"])
    if data.get("ethnicity") is not None:
        members = members.filter(ethnicity=data["ethnicity"])
    if data.get("theory_level"):
        members = members.filter(theory_level=data["theory_level"])
    if data.get("age"):
        members = members.filter(born_between(data["age"], today()))
    if data.get("q"):
        members = search_members(members, data["q"], user)
    return members


def _listed_units(units: QuerySet[Organization], root: Organization | None) -> list[Any]:
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


def _rows(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as plain dicts with final text (see orgs/views/rows.py for why)."""
    head, tail = url_shape("members:member-detail")
    return [
        {
            "url": f"{head}{m['pk']}{tail}",
            "full_name": m["full_name"],
            "birth_date": format_date(m["birth_date"]),
            "sex": SEX_LABELS.get(m["sex"], m["sex"]),
            "unit": m["organization__name"],
            "admitted_on": format_date(m["admitted_on"]),
            "official_on": format_date(m["official_on"]),
            "status": STATUS_LABELS.get(m["status"], m["status"]),
            "status_badge": STATUS_BADGES.get(m["status"], "text-bg-secondary"),
            "card_number": m["card_number"] or "",
        }
        for m in members
    ]


@login_required
@require_GET
def member_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    root = working_org(request)
    units = units_for(user)
    wanted = {k: request.GET.get(k, "") for k in FILTER_FIELDS if request.GET.get(k, "").strip()}
    listed = _listed_units(units, root)
    form = MemberFilterForm(wanted or None, units=units, listed=listed)
    data: dict[str, Any] = {}
    if form.is_bound:
        form.is_valid()
        # Each valid filter applies; a bad one is shown under its field and left out.
        data = form.cleaned_data
        if form.errors:
            messages.warning(request, "Một số điều kiện lọc không hợp lệ nên đã được bỏ qua.")
    unit: Organization | None = data.get("org") or root
    members = scope(user, Member)
    if unit is None:
        members = members.none()
    else:
        members = members.filter(organization__path__startswith=unit.path)
        if unit.pk not in {pk for pk, _, _ in listed}:
            # A unit from a link: offered in the select so the form shows what is applied.
            form.fields["org"].widget.choices.append((unit.pk, unit.name))
    members = filter_members(members, data, user)
    # name_sort then id: one index gives both the order and a stable page boundary.
    ordered = members.order_by("name_sort", "id").values(*_ROW_VALUES)
    page = Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))
    valid = {k: v for k, v in wanted.items() if k not in form.errors}
    context = {
        "form": form,
        "page": page,
        "rows": _rows(list(page.object_list)),
        "unit": unit,
        "filter_query": urlencode(valid),
        "filtered": bool(valid),
    }
    return render(request, "members/member_list.html", context)
