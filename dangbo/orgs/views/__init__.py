"""Pages of the organisation tree: reading it (browse), changing it (structure), and the
committees of each unit (committees)."""

from dangbo.orgs.views.browse import org_children, org_detail, org_search, tree, tree_history
from dangbo.orgs.views.committees import (
    assignment_add,
    committee_create,
    seat_add,
    seat_end,
    term_create,
)
from dangbo.orgs.views.structure import (
    org_create,
    org_dissolve,
    org_merge,
    org_move,
    org_rename,
    org_split,
)

__all__ = [
    "assignment_add",
    "committee_create",
    "org_children",
    "org_create",
    "org_detail",
    "org_dissolve",
    "org_merge",
    "org_move",
    "org_rename",
    "org_search",
    "org_split",
    "seat_add",
    "seat_end",
    "term_create",
    "tree",
    "tree_history",
]
