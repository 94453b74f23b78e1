"""Forms of the member pages. They only read and clean input: the services check the rules of
the roll and do every write (DESIGN rule 1), and their messages land on these fields, so each
field is named after the service (and API) argument it feeds.

filters: the roll's filter bar; fields: dates, cells and sponsors; record: the 2-HSĐV record
(admission, entering an existing member, editing); events: one form per event kind."""

from dangbo.members.forms.filters import (
    AGE_BANDS,
    ALL_CHOICE,
    ON_ROLL_CHOICE,
    SEARCH_MAX_CHARS,
    STATUS_CHOICES,
    MemberFilterForm,
)

__all__ = [
    "AGE_BANDS",
    "ALL_CHOICE",
    "ON_ROLL_CHOICE",
    "SEARCH_MAX_CHARS",
    "STATUS_CHOICES",
    "MemberFilterForm",
]
