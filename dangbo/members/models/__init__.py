from dangbo.members.models.catalogs import (
    EducationLevel,
    Ethnicity,
    Religion,
    Sex,
    TheoryLevel,
)
from dangbo.members.models.corrections import CorrectionRequest, CorrectionStatus
from dangbo.members.models.events import (
    EventKind,
    MemberEvent,
    Sanction,
    TemporaryReason,
    Transfer,
    TransferStatus,
)
from dangbo.members.models.member import LEFT, ON_ROLL, Member, MemberStatus
from dangbo.members.models.tallies import RollTally, RollTallyState

__all__ = [
    "LEFT",
    "ON_ROLL",
    "CorrectionRequest",
    "CorrectionStatus",
    "EducationLevel",
    "Ethnicity",
    "EventKind",
    "Member",
    "MemberEvent",
    "MemberStatus",
    "Religion",
    "RollTally",
    "RollTallyState",
    "Sanction",
    "Sex",
    "TemporaryReason",
    "TheoryLevel",
    "Transfer",
    "TransferStatus",
]
