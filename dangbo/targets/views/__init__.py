"""The target and task pages: the programs list, the accountability board of a document and
its exports, target and task detail with their report forms, edit forms, and reminders.
urls.py imports each module directly (the review screen lives in review.py)."""
