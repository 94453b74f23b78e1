"""Every write to the member roll (DESIGN rule 1): validated, written and audited in one
transaction. Refusals are ValidationErrors keyed by the form field, in Vietnamese."""

from dangbo.members.services.accounts import link_member_user, unlink_member_user
from dangbo.members.services.conduct import commend_member, discipline_member
from dangbo.members.services.corrections import (
    approve_correction,
    refuse_correction,
    request_correction,
)
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
from dangbo.members.services.photos import set_member_photo
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
    "approve_correction",
    "award_badge",
    "cancel_transfer",
    "change_position",
    "commend_member",
    "confirm_official",
    "correct_event",
    "create_member",
    "discipline_member",
    "end_exemption",
    "end_temporary_transfer",
    "exempt_member",
    "expel_member",
    "issue_card",
    "link_member_user",
    "merge_organizations_with_members",
    "move_members_for_merge",
    "readmit_member",
    "receive_transfer",
    "record_death",
    "refuse_correction",
    "remove_member",
    "request_correction",
    "set_member_photo",
    "start_transfer",
    "unlink_member_user",
    "update_member",
]
