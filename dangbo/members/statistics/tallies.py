"""Today's roll counted once per unit and kept up to date, so that the statistics of a
province or of the whole country read a few hundred rows (issue #4: the national tables in
seconds, where one GROUP BY over 5.3 million members takes half a minute).

- `rebuild` counts every unit's own members with the same GROUP BY as the live statistics
  (counting.roll_counts grouped by the whole path, party-age gaps corrected), adds each unit's
  counts into its parents', and stores both (RollTally.own / .tree). Run each night by
  `manage.py refresh_roll_tallies` (a day's ages are not the next day's), at the end of
  `seed_demo`, and by hand.
- `catch_up` applies what changed since: the audit log is the change feed (every write of
  the roll is audited, and its `seq` is given under one lock, so nothing committed is
  skipped). The units a change may touch are recounted from the roll, never adjusted by
  deltas, so a change seen twice does no harm. A change of the tree's shape (a unit moved,
  merged, split, dissolved) drops the tallies until the next rebuild: the statistics count
  live meanwhile.
- `tallied_counts` answers member_statistics for today when the tallies are current and the
  user sees the unit's whole subtree (a self-service grant counts only its own record: live).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length, Substr
from django.utils import timezone

from dangbo.access.scoping import covers_subtree
from dangbo.audit.models import AuditEvent, AuditHead
from dangbo.core.clock import today
from dangbo.members.models import (
    ON_ROLL,
    CorrectionRequest,
    Member,
    MemberEvent,
    RollTally,
    RollTallyState,
    Transfer,
)
from dangbo.members.statistics.counting import (
    CATALOG_FIELDS,
    CatalogCount,
    Roll,
    RollCounts,
    correct_party_age_gaps,
    roll_counts,
)
from dangbo.orgs.models import Organization

# Grouping by a prefix this long groups by the whole path: one group per unit.
WHOLE_PATH = Organization._meta.get_field("path").max_length or 255
STEP = Organization.steplen
# Changes of the tree's shape: the sums up the tree no longer follow it.
RESHAPING = {"org.move", "org.merge", "org.split", "org.dissolve"}
# Audit targets that belong to one member: their member's units are recounted.
_MEMBER_OWNED: dict[str, Any] = {
    MemberEvent._meta.label_lower: MemberEvent,
    Transfer._meta.label_lower: Transfer,
    CorrectionRequest._meta.label_lower: CorrectionRequest,
}
_MEMBER = Member._meta.label_lower
_ORGANIZATION = Organization._meta.label_lower

Tally = dict[str, int]


@dataclass(frozen=True)
class Refresh:
    day: date
    units: int  # units recounted or summed
    seconds: float


# --- Counting -------------------------------------------------------------------------------


def own_counts(where: Q, day: date) -> dict[str, Tally]:
    """{unit path: counts} of the members on the roll matching `where`, by the unit holding
    them: the live statistics' GROUP BY, its party-age correction, and the catalogs filed as
    "ethnicity:<code>" ("ethnicity:" when not entered)."""
    parts = [
        Roll(
            Member.objects.filter(status__in=ON_ROLL).filter(where),
            member="",
            path="organization__path",
            status="status",
        )
    ]
    found = roll_counts(parts, day, WHOLE_PATH)
    counts = found.fixed
    if found.ever_left:
        correct_party_age_gaps(parts, day, WHOLE_PATH, counts)
    for field in CATALOG_FIELDS:
        for row in found.catalogs[field]:
            counts[row.prefix][f"{field}:{row.code or ''}"] += row.n
    return {path: _nonzero(c) for path, c in counts.items() if c.get("status.total")}


def _nonzero(counts: Counter[str]) -> Tally:
    return {key: n for key, n in counts.items() if n}


def _add(into: Counter[str], counts: Tally) -> None:
    for key, n in counts.items():
        into[key] += n


def _parent(path: str) -> str:
    return path[:-STEP]


# --- Building and keeping up ----------------------------------------------------------------


def _head() -> int:
    head = AuditHead.objects.filter(pk=1).values_list("seq", flat=True).first()
    return head or 0


def rebuild(day: date | None = None) -> Refresh:
    """Count every unit for `day` (today) and replace the tallies: one GROUP BY per top-level
    unit, so memory holds one province at a time."""
    started = time.perf_counter()
    day = day or today()
    with transaction.atomic():
        state = _locked_state()
        seq = _head()  # changes after this are caught up later (recounting twice is harmless)
        RollTally.objects.all().delete()
        units = 0
        for root in Organization.objects.filter(depth=1).order_by("path"):
            units += _store(root.path, own_counts(Q(organization__path__startswith=root.path), day))
        _save_state(state, day, seq, time.perf_counter() - started)
    return Refresh(day, units, time.perf_counter() - started)


def _store(root_path: str, own: dict[str, Tally]) -> int:
    """Write the tallies of the subtree at `root_path`, whose own counts are `own`."""
    units = dict(Organization.objects.filter(path__startswith=root_path).values_list("path", "pk"))
    tree: dict[str, Counter[str]] = defaultdict(Counter)
    for path in sorted(units, key=len, reverse=True):  # children before their parent
        counts = tree[path]
        _add(counts, own.get(path, {}))
        if len(path) > len(root_path) and counts:
            _add(tree[_parent(path)], counts)
    rows = [
        RollTally(organization_id=units[path], own=own.get(path, {}), tree=_nonzero(counts))
        for path, counts in tree.items()
        if counts
    ]
    RollTally.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _locked_state() -> RollTallyState | None:
    return RollTallyState.objects.select_for_update().order_by("pk").first()


def _save_state(state: RollTallyState | None, day: date, seq: int, seconds: float) -> None:
    state = state or RollTallyState()
    state.day, state.audit_seq = day, seq
    state.built_at, state.built_seconds = timezone.now(), seconds
    state.save()


def drop() -> None:
    """Forget the tallies: the statistics count live until the next rebuild."""
    RollTallyState.objects.all().delete()
    RollTally.objects.all().delete()


def catch_up() -> bool:
    """Bring today's tallies up to the last audited change; False when there are none to use
    (never built, built for another day, or dropped by a change of the tree's shape)."""
    state = RollTallyState.objects.order_by("pk").first()
    if state is None or state.day != today():
        return False
    seq = _head()
    if seq <= state.audit_seq:
        return True
    with transaction.atomic():
        # Skip, not wait, while the nightly rebuild (or another request) holds the row: the
        # caller counts live this once rather than queue behind a rebuild of the country.
        locked = RollTallyState.objects.select_for_update(skip_locked=True).order_by("pk").first()
        if locked is None or locked.day != today():
            return False
        if locked.audit_seq < seq:  # not done meanwhile by another request
            changes = AuditEvent.objects.filter(seq__gt=locked.audit_seq, seq__lte=seq)
            touched = _touched(
                changes.values_list("action", "object_type", "object_id", "org_path")
            )
            if touched is None:
                drop()
                return False
            _recount(*touched, day=locked.day)
            # built_at and built_seconds stay those of the last rebuild.
            RollTallyState.objects.filter(pk=locked.pk).update(audit_seq=seq)
    return True


def _touched(
    changes: Iterable[tuple[str, str, str, str]],
) -> tuple[set[int], set[str]] | None:
    """The units whose own members may have changed, as ids and subtree paths; None when
    the tree's shape changed."""
    members: set[int] = set()
    owned: dict[str, set[int]] = defaultdict(set)
    subtrees: set[str] = set()
    for action, object_type, object_id, org_path in changes:
        if action in RESHAPING:
            return None
        if not action.startswith("member."):
            continue
        if object_type == _MEMBER:
            members.add(int(object_id))
        elif object_type in _MEMBER_OWNED:
            owned[object_type].add(int(object_id))
        if org_path:  # bulk entry, merges: the unit the change was made at, and below
            subtrees.add(org_path)
    for label, ids in owned.items():
        members.update(
            _MEMBER_OWNED[label].objects.filter(pk__in=ids).values_list("member_id", flat=True)
        )
    return _units_of(members), subtrees


def _units_of(members: Collection[int]) -> set[int]:
    """Every unit the members stand in or ever stood in: wherever the tallies counted them."""
    units = set(
        Member.objects.filter(pk__in=members)
        .exclude(organization=None)
        .values_list("organization_id", flat=True)
    )
    for row in MemberEvent.objects.filter(member__in=members).values_list(
        "organization_id", "organization_after_id", "counterpart_id"
    ):
        units.update(unit for unit in row if unit is not None)
    return units


def _recount(unit_ids: set[int], subtrees: set[str], day: date) -> None:
    """Recount the own members of the units (and of every unit under the subtrees), then
    the sums of everything above them; the other units' sums are read as stored."""
    units_given = _units(unit_ids, subtrees)
    recounted = set(Organization.objects.filter(units_given).values_list("path", flat=True))
    if not recounted:
        return
    own = own_counts(_units(unit_ids, subtrees, via="organization__"), day)
    affected = {p[:end] for p in recounted for end in range(STEP, len(p) + 1, STEP)}
    units = dict(Organization.objects.filter(path__in=affected).values_list("path", "pk"))
    kept_own: dict[str, Tally] = {}
    sums: dict[str, Counter[str]] = defaultdict(Counter)  # by parent path
    below = RollTally.objects.annotate(
        parent=Substr("organization__path", 1, Length("organization__path") - STEP)
    ).filter(Q(parent__in=affected) | Q(organization__path__in=affected))
    for path, own_, tree in below.values_list("organization__path", "own", "tree"):
        if path in units:
            kept_own[path] = own_
        else:  # an untouched child: its stored sum goes into its parent
            _add(sums[_parent(path)], tree)
    rows = []
    for path in sorted(units, key=len, reverse=True):  # children before their parent
        own_here = own.get(path, {}) if path in recounted else kept_own.get(path, {})
        counts = sums[path]
        _add(counts, own_here)
        if len(path) > STEP:
            _add(sums[_parent(path)], counts)
        if counts:
            rows.append(RollTally(organization_id=units[path], own=own_here, tree=_nonzero(counts)))
    RollTally.objects.filter(organization_id__in=units.values()).delete()
    RollTally.objects.bulk_create(rows, batch_size=2000)


def _units(unit_ids: set[int], subtrees: set[str], via: str = "") -> Q:
    """The units `unit_ids` and every unit under the `subtrees` paths; with `via`
    ("organization__"), the rows whose unit that is."""
    where = Q(**{f"{via}pk__in": unit_ids})
    for path in subtrees:
        where |= Q(**{f"{via}path__startswith": path})
    return where


# --- Reading --------------------------------------------------------------------------------


def tallied_counts(
    user: Any,
    unit: Organization,
    *,
    catalogs: bool = True,
    tables: Collection[str] | None = None,
) -> RollCounts | None:
    """Today's roll counts of the unit's own members and of each child unit's subtree, as
    counting.roll_counts would give them, or None when the tallies cannot answer (the
    caller then counts live)."""
    if not covers_subtree(user, Member, unit) or not catch_up():
        return None
    rows = RollTally.objects.filter(
        organization__path__startswith=unit.path,
        organization__depth__in=(unit.depth, unit.depth + 1),
    ).values_list("organization__path", "own", "tree")
    keep = None if tables is None else {"status", *tables}
    result = RollCounts(defaultdict(Counter), {field: [] for field in CATALOG_FIELDS})
    for path, own, tree in rows:
        counts = own if path == unit.path else tree
        for key, n in counts.items():
            if "." in key:
                if keep is None or key.split(".", 1)[0] in keep:
                    result.fixed[path][key] += n
            elif catalogs:
                field, code = key.split(":", 1)
                result.catalogs[field].append(CatalogCount(path, code or None, None, n))
    if catalogs:
        _name_catalogs(result)
    return result


def _catalog(field: str) -> Any:
    """The catalog model a member's field points to (Ethnicity, Religion)."""
    return Member._meta.get_field(field).related_model


def _name_catalogs(result: RollCounts) -> None:
    names = {
        field: dict(_catalog(field).objects.values_list("code", "name")) for field in CATALOG_FIELDS
    }
    for field, rows in result.catalogs.items():
        result.catalogs[field] = [
            CatalogCount(r.prefix, r.code, names[field].get(r.code or "", r.code), r.n)
            for r in rows
        ]
