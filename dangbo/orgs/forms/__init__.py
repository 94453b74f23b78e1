"""Forms of the organisation pages. They only read and clean input: the services validate the
rules of the tree and do every write (DESIGN rule 1), and their messages land on these fields,
so each field is named after the service argument it feeds.

base: what every form shares; units: choosing organisations; structure: changing the tree;
committees: terms, committees, seats; history: the tree on a past day."""

from dangbo.orgs.forms.base import BootstrapForm, DecisionForm, date_field
from dangbo.orgs.forms.committees import (
    AssignmentForm,
    CommitteeForm,
    SeatEndForm,
    SeatForm,
    TermForm,
)
from dangbo.orgs.forms.history import HistoryDayForm
from dangbo.orgs.forms.structure import (
    OrgCreateForm,
    OrgDissolveForm,
    OrgMergeForm,
    OrgMoveForm,
    OrgRenameForm,
    OrgSplitForm,
)
from dangbo.orgs.forms.units import UnitChoiceField, UnitsByNameField

__all__ = [
    "AssignmentForm",
    "BootstrapForm",
    "CommitteeForm",
    "DecisionForm",
    "HistoryDayForm",
    "OrgCreateForm",
    "OrgDissolveForm",
    "OrgMergeForm",
    "OrgMoveForm",
    "OrgRenameForm",
    "OrgSplitForm",
    "SeatEndForm",
    "SeatForm",
    "TermForm",
    "UnitChoiceField",
    "UnitsByNameField",
    "date_field",
]
