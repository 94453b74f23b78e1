"""The member record of the signed-in account, for the pages a member opens about themselves
(my meetings, my self-review)."""

from __future__ import annotations

from dangbo.access.scoping import scope
from dangbo.accounts.models import User
from dangbo.members.models import Member


def own_member(user: User) -> Member | None:
    """The member linked to `user`, read through the user's own scope (a member always sees
    their own record); None when the account is not linked to a member."""
    return scope(user, Member).filter(user=user).first()
