"""Reads for rating party organizations: which organizations a superior assesses in a round,
what their HTXSNV rests on (members' or subordinates' results, HD 21), the grid, and the
round's overview per assessing unit. Bounded queries: never one per organization.

Who assesses whom (regulations.md §1.5, "Who decides"): the direct superior in the tree. Inside
a round's subtree every unit assesses its direct subordinate organizations (tổ đảng are not
rated). The round's own organization is assessed by its parent, on a grid that lists that one
organization only; the pages show it to users who may edit the parent."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from dangbo.evaluations.models import EvaluationRound, MemberEvaluation, OrganizationEvaluation
from dangbo.evaluations.models import Rating as R
from dangbo.evaluations.org_classify import Distribution
from dangbo.evaluations.queries import cell_tallies, evaluated_on, roll_counts
from dangbo.orgs.models import CELL_KINDS, Organization, OrgKind

GOOD_OR_BETTER = (R.EXCELLENT, R.GOOD)
SATISFACTORY_OR_BETTER = (R.EXCELLENT, R.GOOD, R.SATISFACTORY)


def active_on(day: date) -> Q:
    return Q(active_from__lte=day) & (Q(active_to__isnull=True) | Q(active_to__gt=day))


def _rated_units(day: date) -> QuerySet[Organization]:
    return Organization.objects.filter(active_on(day)).exclude(kind=OrgKind.GROUP)


def in_round(round_: EvaluationRound, org: Organization) -> bool:
    return org.path.startswith(round_.organization.path)


def is_root_parent(round_: EvaluationRound, parent: Organization) -> bool:
    root = round_.organization
    return root.depth > 1 and parent.path == root.parent_path


def assessed_organizations(round_: EvaluationRound, parent: Organization) -> list[Organization]:
    """The organizations `parent` rates in this round, by path; [] when it rates none here."""
    day = evaluated_on(round_)
    if is_root_parent(round_, parent):
        return list(_rated_units(day).filter(pk=round_.organization_id))
    if not in_round(round_, parent):
        return []
    return list(
        _rated_units(day)
        .filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("path")
    )


def _children_by_parent(day: date, orgs: list[Organization]) -> dict[str, list[str]]:
    """Per path of `orgs`, the paths of its rated direct children. One query."""
    if not orgs:
        return {}
    # The longest path prefix shared by all (tree paths, not file paths: compare characters).
    first, last = min(o.path for o in orgs), max(o.path for o in orgs)
    size = next((i for i, (a, b) in enumerate(zip(first, last, strict=False)) if a != b), None)
    prefix = first[: len(first) if size is None else size]
    depths = {o.depth + 1 for o in orgs}
    wanted = {o.path for o in orgs}
    found: dict[str, list[str]] = {p: [] for p in wanted}
    paths = _rated_units(day).filter(path__startswith=prefix, depth__in=depths)
    for path in paths.values_list("path", flat=True):
        above = path[: -Organization.steplen]
        if above in wanted:
            found[above].append(path)
    return found


def _org_final_ratings(round_: EvaluationRound, paths: list[str]) -> dict[str, tuple[str, bool]]:
    """Per organization path, its current (final rating, not rated). One query."""
    rows = OrganizationEvaluation.objects.filter(
        round=round_, current=True, organization__path__in=paths
    ).values_list("organization__path", "rating", "proposed_rating", "not_rated")
    return {path: (rating or proposed, not_rated) for path, rating, proposed, not_rated in rows}


def member_distributions(
    round_: EvaluationRound, cells: list[Organization]
) -> dict[int, Distribution]:
    """Per chi bộ, its members' results: the committee's decision, else the cell's proposal;
    members on the roll without a rating are `missing`. Two GROUP BY queries."""
    if not cells:
        return {}
    tallies = cell_tallies(MemberEvaluation.objects.filter(round=round_, organization__in=cells))
    rolls = roll_counts(round_, cells)
    out: dict[int, Distribution] = {}
    for cell in cells:
        tally = tallies.get(cell.pk)
        counts: Counter[str] = tally.counts if tally else Counter()
        rated = sum(counts[r] for r in R.values)
        not_rated = tally.not_rated if tally else 0
        out[cell.pk] = Distribution(
            of_members=True,
            rated=rated,
            satisfactory_or_better=sum(counts[r] for r in SATISFACTORY_OR_BETTER),
            good_or_better=sum(counts[r] for r in GOOD_OR_BETTER),
            missing=max(rolls.get(cell.pk, 0) - rated - not_rated, 0),
        )
    return out


def subordinate_distributions(
    round_: EvaluationRound, orgs: list[Organization]
) -> tuple[dict[int, Distribution], dict[int, int]]:
    """Per đảng bộ, its direct subordinate organizations' results (decision, else proposal),
    and how many subordinate units it has on the rating day. Two queries."""
    children = _children_by_parent(evaluated_on(round_), orgs)
    ratings = _org_final_ratings(round_, [p for paths in children.values() for p in paths])
    dists: dict[int, Distribution] = {}
    counts: dict[int, int] = {}
    for org in orgs:
        paths = children.get(org.path, [])
        counts[org.pk] = len(paths)
        finals = [ratings.get(p, ("", False)) for p in paths]
        rated = [r for r, not_rated in finals if r and not not_rated]
        dists[org.pk] = Distribution(
            of_members=False,
            rated=len(rated),
            satisfactory_or_better=sum(1 for r in rated if r in SATISFACTORY_OR_BETTER),
            good_or_better=sum(1 for r in rated if r in GOOD_OR_BETTER),
            missing=sum(1 for r, not_rated in finals if not r and not not_rated),
        )
    return dists, counts


@dataclass
class OrgGridRow:
    organization: Organization
    evaluation: OrganizationEvaluation | None
    distribution: Distribution
    subordinate_count: int


def distributions(
    round_: EvaluationRound, orgs: list[Organization]
) -> tuple[dict[int, Distribution], dict[int, int]]:
    """What each organization's HTXSNV rests on and its number of subordinate units: members
    for chi bộ, subordinate organizations otherwise. At most four queries."""
    cells = [o for o in orgs if o.kind in CELL_KINDS]
    others = [o for o in orgs if o.kind not in CELL_KINDS]
    dists = member_distributions(round_, cells)
    sub_dists, counts = subordinate_distributions(round_, others)
    dists.update(sub_dists)
    for cell in cells:
        counts[cell.pk] = 0
    return dists, counts


def org_grid_rows(round_: EvaluationRound, parent: Organization) -> list[OrgGridRow]:
    """The superior's grid: each organization it rates, with its current row. Bounded."""
    orgs = assessed_organizations(round_, parent)
    saved = {
        row.organization_id: row
        for row in OrganizationEvaluation.objects.filter(
            round=round_, current=True, organization__in=orgs
        )
    }
    dists, counts = distributions(round_, orgs)
    return [OrgGridRow(o, saved.get(o.pk), dists[o.pk], counts[o.pk]) for o in orgs]


@dataclass
class UnitTally:
    """An assessing unit in the round's overview: its subordinates by final rating."""

    unit: Organization
    total: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    not_rated: int = 0
    is_root_parent: bool = False

    @property
    def rated(self) -> int:
        return sum(self.counts[r] for r in R.values)

    @property
    def pending(self) -> int:
        return max(self.total - self.rated - self.not_rated, 0)


def assessing_units(
    round_: EvaluationRound, visible: QuerySet[Organization], limit: int = 500
) -> list[UnitTally]:
    """The units of the round's subtree among `visible` that rate at least one organization,
    with their subordinates' tallies, by path. Three queries."""
    day = evaluated_on(round_)
    root = round_.organization
    rated = list(
        _rated_units(day)
        .filter(path__startswith=root.path)
        .values_list("path", flat=True)
        .order_by("path")
    )
    by_parent: dict[str, list[str]] = {}
    for path in rated:
        if path != root.path:
            by_parent.setdefault(path[: -Organization.steplen], []).append(path)
    units = list(visible.filter(path__in=list(by_parent)).order_by("path")[:limit])
    ratings = _org_final_ratings(round_, rated)
    out = []
    for unit in units:
        tally = UnitTally(unit, total=len(by_parent[unit.path]))
        for path in by_parent[unit.path]:
            rating, not_rated = ratings.get(path, ("", False))
            if not_rated:
                tally.not_rated += 1
            elif rating:
                tally.counts[rating] += 1
        out.append(tally)
    return out


def root_tally(round_: EvaluationRound, parent: Organization) -> UnitTally:
    """The round's own organization, as its parent's one-line grid. One query."""
    tally = UnitTally(parent, total=1, is_root_parent=True)
    row = OrganizationEvaluation.objects.filter(
        round=round_, current=True, organization=round_.organization
    ).first()
    if row is not None and row.not_rated:
        tally.not_rated = 1
    elif row is not None and row.final_rating:
        tally.counts[row.final_rating] += 1
    return tally
