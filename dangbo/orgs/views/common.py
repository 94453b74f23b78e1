"""What every organisation page shares: the breadcrumb trail, tree nodes, and the one way a
form page calls a service and shows its Vietnamese messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.db.models.functions import Substr
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from dangbo.access.policy import Action
from dangbo.access.scoping import can, scope
from dangbo.accounts.models import User
from dangbo.core.formats import format_date
from dangbo.core.text import text_sort_key
from dangbo.orgs.forms import BootstrapForm
from dangbo.orgs.models import Organization
from dangbo.orgs.queries import OrgSnapshot, active_child_rows
from dangbo.orgs.views.rows import KIND_LABELS, SHORT_KIND_LABELS, org_url, pk_url, url_shape

# Kinds that never hold units below them: their rows need no +/- button even when unknown.
LEAF_KINDS = frozenset({"group"})


def trail(user: Any, org: Organization) -> list[Organization]:
    """The ancestors of `org` the user may see, root first (breadcrumbs never leak names of
    units above the user's grants)."""
    return [a for a in Organization.objects.get_ancestors(org) if can(user, Action.VIEW, a)]


@dataclass
class TreeNode:
    """One row of a tree, built from today's Organization or a past OrgSnapshot alike."""

    id: int
    name: str
    kind: str
    dissolved: bool = False
    linkable: bool = True  # the user may open it (and so load what is below it)
    child_count: int | None = None  # None: not counted (history), the button is always shown
    children_url: str = ""
    expanded: bool = False
    children: list[TreeNode] = field(default_factory=list)
    note: str = ""

    @property
    def expandable(self) -> bool:
        if not self.linkable or (self.kind in LEAF_KINDS and not self.child_count):
            return False
        return self.child_count is None or self.child_count > 0

    def as_row(self, detail: tuple[str, str] | None = None) -> dict[str, Any]:
        """What orgs/_node.html shows, final (see views/rows.py for why a dict). `detail` is
        url_shape("orgs:org-detail"), passed down so a long list reads it once."""
        head, tail = detail or url_shape("orgs:org-detail")
        return {
            "id": self.id,
            "name": self.name,
            "url": f"{head}{self.id}{tail}",
            "kind_label": KIND_LABELS.get(self.kind, self.kind),
            "kind_short": SHORT_KIND_LABELS.get(self.kind, self.kind),
            "dissolved": self.dissolved,
            "linkable": self.linkable,
            "expandable": self.expandable,
            "expanded": self.expanded,
            "children_url": self.children_url,
            "children": [child.as_row((head, tail)) for child in self.children],
            "note": self.note,
        }


def children_url(org_id: int, *, day: date | None = None, include_dissolved: bool = False) -> str:
    url = pk_url("orgs:org-children", org_id)
    if day is not None:
        return f"{url}?ngay={format_date(day)}"
    return f"{url}?tat_ca=1" if include_dissolved else url


def node_for(user: Any, org: Organization, *, include_dissolved: bool = False) -> TreeNode:
    count = getattr(org, "child_count", getattr(org, "active_child_count", None))
    return TreeNode(
        id=org.pk,
        name=org.name,
        kind=org.kind,
        dissolved=org.is_dissolved,
        linkable=can(user, Action.VIEW, org),
        child_count=count,
        children_url=children_url(org.pk, include_dissolved=include_dissolved),
    )


def all_children(parent: Organization) -> list[Organization]:
    """Every unit directly under `parent`, dissolved ones too, each with `child_count` of all
    its own children (one GROUP BY over path prefixes, as queries.child_counts does for active
    ones). Serves the "show dissolved units" switch of the tree."""
    steplen = Organization.steplen
    rows = list(Organization.objects.get_children(parent).order_by())
    prefix_len = (parent.depth + 1) * steplen
    counts = dict(
        Organization.objects.filter(path__startswith=parent.path, depth=parent.depth + 2)
        .annotate(parent_prefix=Substr("path", 1, prefix_len))
        .order_by()  # treebeard orders by path, which would split the GROUP BY row by row
        .values("parent_prefix")
        .annotate(n=Count("id"))
        .values_list("parent_prefix", "n")
    )
    for row in rows:
        row.child_count = counts.get(row.path, 0)
    return sorted(rows, key=lambda o: (o.is_dissolved, text_sort_key(o.name)))


def child_nodes(user: Any, parent: Organization, *, include_dissolved: bool) -> list[TreeNode]:
    """Today's units under `parent` that the user may see, as tree rows."""
    if include_dissolved:
        return [
            node_for(user, child, include_dissolved=True)
            for child in all_children(parent)
            if can(user, Action.VIEW, child)
        ]
    # The usual case reads only what a row shows, from the user's scope in SQL.
    head, tail = url_shape("orgs:org-children")
    return [
        TreeNode(
            id=child.id,
            name=child.name,
            kind=child.kind,
            child_count=child.child_count,
            children_url=f"{head}{child.id}{tail}",
        )
        for child in active_child_rows(scope(user, Organization), parent, with_counts=True)
    ]


def snapshot_nodes(user: Any, items: Iterable[OrgSnapshot], day: date) -> list[TreeNode]:
    """Units as they stood on `day`, noting today's name where it has changed since."""
    items = list(items)
    current = dict(
        Organization.objects.filter(pk__in=[s.id for s in items]).values_list("pk", "name")
    )
    nodes = []
    for snap in items:
        notes = []
        if current.get(snap.id) and current[snap.id] != snap.name:
            notes.append(f"nay là {current[snap.id]}")
        if snap.active_to is not None:
            notes.append(f"chấm dứt hoạt động từ {format_date(snap.active_to)}")
        nodes.append(
            TreeNode(
                id=snap.id,
                name=snap.name,
                kind=snap.kind,
                linkable=can(user, Action.VIEW, snap),  # type: ignore[arg-type]
                children_url=children_url(snap.id, day=day),
                note="; ".join(notes),
            )
        )
    return nodes


def add_service_errors(form: BootstrapForm, exc: ValidationError) -> None:
    """Put a service's messages on the fields they name; others go above the form."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)
    form.mark_invalid()


FORM_TEMPLATE = "orgs/org_form.html"
GET_POST = require_http_methods(["GET", "POST"])


def form_page(
    request: HttpRequest,
    form: BootstrapForm,
    *,
    org: Organization,
    action: str,
    submit: Callable[[], tuple[str, str]],
    refresh: Iterable[Any] = (),
    template: str = FORM_TEMPLATE,
    **context: Any,
) -> HttpResponse:
    """The page that changes something of `org`: breadcrumbs up to it, then `action`.

    GET shows the form; a valid POST runs `submit` (which calls one service and returns the
    success message and where to go). Bad input re-renders the form with status 400 and the
    service's messages; the service's transaction has rolled back, so nothing changed.
    `context` fills the template (title, intro, danger, confirm…); the submit button repeats
    `action` unless `submit_label` says otherwise."""
    if request.method == "POST" and form.is_valid():
        try:
            message, next_url = submit()
        except ValidationError as exc:
            add_service_errors(form, exc)
            # A failed service may have moved paths in memory before rolling back.
            for obj in refresh:
                obj.refresh_from_db()
        else:
            messages.success(request, message)
            return redirect(next_url)
    status = 400 if request.method == "POST" else 200
    page = {
        "org": org,
        "trail": trail(request.user, org),
        "action_label": action,
        "submit_label": action,
        **context,
        "form": form,
    }
    return render(request, template, page, status=status)


def actor(request: HttpRequest) -> User:
    """The logged-in user who acts (every page here is behind login_required)."""
    user = request.user
    assert isinstance(user, User)
    return user


def detail_url(org: Organization, anchor: str = "") -> str:
    url = org_url(org.pk)
    return f"{url}#{anchor}" if anchor else url
