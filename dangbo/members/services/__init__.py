"""Every write to the member roll (DESIGN rule 1): validated, written and audited in one
transaction. Refusals are ValidationErrors keyed by the form field, in Vietnamese."""

from dangbo.members.services.lifecycle import (
    award_badge,
    change_position,
    confirm_official,
    correct_event,
    end_exemption,
    exempt_member,
    expel_member,
    issue_card,
    record_death,
    remove_member,
)
from dangbo.members.services.records import (
    admit_member,
    create_member,
    readmit_member,
    update_member,
)
from dangbo.members.services.transfers import (
    cancel_transfer,
    end_temporary_transfer,
    merge_organizations_with_members,
    move_members_for_merge,
    receive_transfer,
    start_transfer,
)

__all__ = [
    "admit_member",
    "award_badge",
    "cancel_transfer",
    "change_position",
    "confirm_official",
    "correct_event",
    "create_member",
    "end_exemption",
    "end_temporary_transfer",
    "exempt_member",
    "expel_member",
    "issue_card",
    "merge_organizations_with_members",
    "move_members_for_merge",
    "readmit_member",
    "receive_transfer",
    "record_death",
    "remove_member",
    "start_transfer",
    "update_member",
]
