"""REST API of the member roll (DESIGN rules 1, 2 and 6): members, their events, transfers."""

from dangbo.members.api.corrections import CorrectionRequestViewSet
from dangbo.members.api.members import MemberViewSet
from dangbo.members.api.transfers import TransferViewSet

__all__ = ["CorrectionRequestViewSet", "MemberViewSet", "TransferViewSet"]
