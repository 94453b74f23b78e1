from dangbo.members.views.account_link import member_account
from dangbo.members.views.badges import (
    badges_due,
    badges_due_docx,
    badges_due_pdf,
    badges_due_xlsx,
)
from dangbo.members.views.corrections import (
    correction_approve,
    correction_create,
    correction_list,
    correction_refuse,
)
from dangbo.members.views.counts import org_member_counts
from dangbo.members.views.detail import member_detail
from dangbo.members.views.documents import member_docx, member_pdf
from dangbo.members.views.edit import member_admit, member_create, member_edit
from dangbo.members.views.events import event_correct, event_create
from dangbo.members.views.export import member_export
from dangbo.members.views.photos import member_photo, member_photo_upload
from dangbo.members.views.roll import member_columns, member_list
from dangbo.members.views.statistics import member_statistics_page, member_statistics_xlsx
from dangbo.members.views.transfer_actions import temporary_end, transfer_cancel, transfer_receive
from dangbo.members.views.transfer_start import (
    transfer_create,
    transfer_deadlines,
    transfer_destinations,
)
from dangbo.members.views.transfers import transfer_list
from dangbo.members.views.worklists import worklist

__all__ = [
    "badges_due",
    "badges_due_docx",
    "badges_due_pdf",
    "badges_due_xlsx",
    "correction_approve",
    "correction_create",
    "correction_list",
    "correction_refuse",
    "event_correct",
    "event_create",
    "member_account",
    "member_admit",
    "member_columns",
    "member_create",
    "member_detail",
    "member_docx",
    "member_edit",
    "member_export",
    "member_list",
    "member_pdf",
    "member_photo",
    "member_photo_upload",
    "member_statistics_page",
    "member_statistics_xlsx",
    "org_member_counts",
    "temporary_end",
    "transfer_cancel",
    "transfer_create",
    "transfer_deadlines",
    "transfer_destinations",
    "transfer_list",
    "transfer_receive",
    "worklist",
]
