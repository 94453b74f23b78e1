"""REST API of the party tree (DESIGN rules 1 and 2): organisations, terms, committees."""

from dangbo.orgs.api.committees import (
    AssignmentViewSet,
    CommitteeSeatViewSet,
    CommitteeViewSet,
    TermViewSet,
)
from dangbo.orgs.api.organizations import OrganizationViewSet

__all__ = [
    "AssignmentViewSet",
    "CommitteeSeatViewSet",
    "CommitteeViewSet",
    "OrganizationViewSet",
    "TermViewSet",
]
