"""The import pages (issue #5): the list of imports, the upload, the job page with its
mapping screen, dry run, commit and revert, and the error file."""

from dangbo.imports.views.actions import job_cancel, job_mapping, job_revert, job_sheet, job_start
from dangbo.imports.views.detail import job_detail, job_progress
from dangbo.imports.views.errors_xlsx import job_errors_xlsx
from dangbo.imports.views.upload import job_list, upload

__all__ = [
    "job_cancel",
    "job_detail",
    "job_errors_xlsx",
    "job_list",
    "job_mapping",
    "job_progress",
    "job_revert",
    "job_sheet",
    "job_start",
    "upload",
]
