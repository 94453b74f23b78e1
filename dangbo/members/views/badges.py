"""Huy hiệu Đảng đến hạn: the members of a unit's subtree due a badge at an award occasion
(3/2, 19/5, 2/9, 7/11; regulations.md §3.3), as a page and as the list a đảng ủy sends up with
its proposal (PDF, DOCX, xlsx in the Party format). Who is due: members.queries.badges_due.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from dangbo.access.scoping import scope, units_for
from dangbo.access.working import working_org
from dangbo.audit.services import record
from dangbo.core.clock import today
from dangbo.core.formats import format_date, format_number
from dangbo.core.rules import rule
from dangbo.members.exports.badges import (
    BadgeList,
    badges_docx,
    badges_pdf,
    badges_xlsx,
    build_list,
    occasion_label,
)
from dangbo.members.exports.layout import Signature, letterhead_for, on_behalf_of
from dangbo.members.models import Member
from dangbo.members.queries import badges_due as due_badges
from dangbo.members.views.documents import actor, download, secretary_name
from dangbo.members.views.roll import listed_units
from dangbo.orgs.models import Organization
from dangbo.orgs.views.rows import url_shape

BADGES_ACTION = "member.badges_print"
# Years a list may be asked for: the first 30-year badges fell due in 1960; a few years ahead
# lets an office prepare the next occasions.
FIRST_YEAR = 1960
YEARS_AHEAD = 10


def occasions(day: date) -> list[tuple[int, int]]:
    """(month, day) of the award occasions in force (rule badge_occasions, "MM-DD")."""
    out = []
    for code in rule("badge_occasions", day):
        month, dd = (int(part) for part in str(code).split("-"))
        out.append((month, dd))
    return sorted(out)


def next_occasion(day: date, found: list[tuple[int, int]]) -> date:
    """The first of the occasions `found` on or after `day`: the list an office prepares now."""
    for month, dd in found:
        if date(day.year, month, dd) >= day:
            return date(day.year, month, dd)
    month, dd = found[0]
    return date(day.year + 1, month, dd)


def _code(month: int, dd: int) -> str:
    return f"{month:02d}-{dd:02d}"


class BadgesDueForm(forms.Form):
    """`dot` (the occasion, "09-02" for 2/9), `nam` (the year), `org` (the unit, subtree)."""

    dot = forms.ChoiceField(label="Đợt", error_messages={"required": "Chọn đợt xét tặng."})
    nam = forms.IntegerField(
        label="Năm",
        error_messages={"invalid": "Năm phải là một số, ví dụ 2027.", "required": "Nhập năm."},
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    org = forms.IntegerField(
        label="Tổ chức (gồm cả cấp dưới)",
        required=False,
        min_value=1,
        max_value=2**31 - 1,
        error_messages={
            "invalid": "Mã tổ chức không hợp lệ.",
            "min_value": "Mã tổ chức không hợp lệ.",
            "max_value": "Mã tổ chức không hợp lệ.",
        },
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(
        self,
        *args: Any,
        units: QuerySet[Organization],
        listed: list[tuple[int, str, int]],
        day: date,
        found: list[tuple[int, int]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.units = units
        dot = self.fields["dot"]
        assert isinstance(dot, forms.ChoiceField)
        labels = [f"{d}/{m}" for m, d in found]
        dot.choices = [(_code(m, d), f"{d}/{m}") for m, d in found]
        dot.error_messages["invalid_choice"] = (
            f"Đợt xét tặng không hợp lệ: chọn {', '.join(labels[:-1])} hoặc {labels[-1]}."
        )
        dot.widget.attrs["class"] = "form-select form-select-sm"
        self.last_year = day.year + YEARS_AHEAD
        top = min((depth for _, _, depth in listed), default=0)
        org_widget = self.fields["org"].widget
        assert isinstance(org_widget, forms.Select)
        org_widget.choices = [
            ("", "Đơn vị đang làm việc"),
            *((pk, "\u2003" * (depth - top) + name) for pk, name, depth in listed),
        ]

    def clean_nam(self) -> int:
        year: int = self.cleaned_data["nam"]
        if not FIRST_YEAR <= year <= self.last_year:
            raise forms.ValidationError(f"Năm phải từ {FIRST_YEAR} đến {self.last_year}.")
        return year

    def clean_org(self) -> Organization | None:
        """The unit must be one the user may see; a hidden one reads as unknown."""
        pk = self.cleaned_data.get("org")
        if pk is None:
            return None
        org = self.units.filter(pk=pk).first()
        if org is None:
            raise forms.ValidationError("Tổ chức không có trong phạm vi bạn được xem.")
        return org

    def occasion(self) -> date:
        month, dd = (int(p) for p in self.cleaned_data["dot"].split("-"))
        return date(self.cleaned_data["nam"], month, dd)


@dataclass
class BadgesQuery:
    form: BadgesDueForm
    unit: Organization | None = None
    occasion: date | None = None

    @property
    def valid(self) -> bool:
        return self.occasion is not None


def _badges_query(request: HttpRequest) -> BadgesQuery:
    """The form, bound to the query string over the defaults (next occasion, working unit)."""
    user = request.user
    day = today()
    root = working_org(request)
    units = units_for(user)
    listed = listed_units(units, root)
    found = occasions(day)
    default = next_occasion(day, found)
    data = {"dot": _code(default.month, default.day), "nam": str(default.year)}
    data.update(
        {k: request.GET[k] for k in ("dot", "nam", "org") if request.GET.get(k, "").strip()}
    )
    form = BadgesDueForm(data, units=units, listed=listed, day=day, found=found)
    if not form.is_valid():
        return BadgesQuery(form)
    unit: Organization | None = form.cleaned_data.get("org") or root
    if unit is not None and unit.pk not in {pk for pk, _, _ in listed}:
        # A unit from a link: offered in the select so the form shows what is applied.
        widget = form.fields["org"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [*widget.choices, (unit.pk, unit.name)]
    return BadgesQuery(form, unit, form.occasion())


VISIBLE_CHUNK = 2000


def badge_list(user: Any, unit: Organization, occasion: date) -> BadgeList:
    """Members of `unit`'s subtree due a badge by `occasion` (members.queries.badges_due),
    only those the user may see: a self-service member finds only themself."""
    orgs = units_for(user).filter(path__startswith=unit.path)
    due = due_badges(orgs, occasion)
    ids = [d.member.pk for d in due]
    visible: set[int] = set()
    for start in range(0, len(ids), VISIBLE_CHUNK):
        chunk = ids[start : start + VISIBLE_CHUNK]
        visible.update(scope(user, Member).filter(pk__in=chunk).values_list("pk", flat=True))
    due = [d for d in due if d.member.pk in visible]
    wanted = {d.member.organization_id for d in due}
    names = dict(orgs.filter(pk__in=wanted).order_by().values_list("pk", "name")) if due else {}
    return build_list(due, names, occasion, unit.name)


def _page_rows(badges: BadgeList) -> list[dict[str, Any]]:
    head, tail = url_shape("members:member-detail")
    sections = []
    for group in badges.groups:
        rows = [
            {
                "url": f"{head}{row.member_id}{tail}",
                "full_name": row.full_name,
                "birth_date": format_date(row.birth_date),
                "unit": row.unit,
                "admitted_on": format_date(row.admitted_on),
                "due_on": format_date(row.due_on),
                "party_age": str(row.party_age),
                "note": row.note,
            }
            for row in group.rows
        ]
        sections.append(
            {"heading": f"{group.roman}. {group.label}", "count": len(rows), "rows": rows}
        )
    return sections


@login_required
@require_GET
def badges_due(request: HttpRequest) -> HttpResponse:
    query = _badges_query(request)
    context: dict[str, Any] = {"form": query.form, "unit": query.unit, "sections": []}
    if not query.valid:
        return render(request, "members/badges_due.html", context, status=400)
    assert query.occasion is not None
    context["occasion"] = occasion_label(query.occasion)
    context["occasion_date"] = format_date(query.occasion)
    if query.unit is not None:
        badges = badge_list(request.user, query.unit, query.occasion)
        context["sections"] = _page_rows(badges)
        context["total"] = format_number(badges.total)
        params = {"dot": query.form.cleaned_data["dot"], "nam": query.occasion.year}
        params["org"] = query.unit.pk
        context["download_query"] = urlencode(params)
    return render(request, "members/badges_due.html", context)


def _badges_download(request: HttpRequest, fmt: str) -> HttpResponse:
    query = _badges_query(request)
    if not query.valid or query.unit is None:
        context: dict[str, Any] = {"form": query.form, "unit": query.unit, "sections": []}
        return render(request, "members/badges_due.html", context, status=400)
    assert query.occasion is not None
    unit, day = query.unit, today()
    badges = badge_list(request.user, unit, query.occasion)
    badges.letterhead = letterhead_for(unit, day=day)
    badges.signature = Signature(
        on_behalf=on_behalf_of(unit),
        title="BÍ THƯ",
        name=secretary_name(request.user, unit, day),
        left_caption="NGƯỜI LẬP DANH SÁCH",
    )
    render_file = {"pdf": badges_pdf, "docx": badges_docx, "xlsx": badges_xlsx}[fmt]
    content = render_file(badges)
    record(
        actor=actor(request.user),
        action=BADGES_ACTION,
        target=unit,
        organization=unit,
        after={
            "format": fmt,
            "occasion": query.occasion,
            "members": [row.member_id for group in badges.groups for row in group.rows],
        },
    )
    return download(content, fmt, badges.filename_stem)


@login_required
@require_GET
def badges_due_pdf(request: HttpRequest) -> HttpResponse:
    return _badges_download(request, "pdf")


@login_required
@require_GET
def badges_due_docx(request: HttpRequest) -> HttpResponse:
    return _badges_download(request, "docx")


@login_required
@require_GET
def badges_due_xlsx(request: HttpRequest) -> HttpResponse:
    return _badges_download(request, "xlsx")
