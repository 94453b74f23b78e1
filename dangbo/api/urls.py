"""/api/v1/: every endpoint refuses anonymous users and is scoped by the user's grants."""

from dangbo.access.api import GrantViewSet, UserViewSet
from dangbo.api.routers import Router
from dangbo.imports.api import ImportJobViewSet
from dangbo.members.api import CorrectionRequestViewSet, MemberViewSet, TransferViewSet
from dangbo.orgs.api import (
    AssignmentViewSet,
    CommitteeSeatViewSet,
    CommitteeViewSet,
    OrganizationViewSet,
    TermViewSet,
)

app_name = "api"

router = Router()
router.register("organizations", OrganizationViewSet, basename="organization")
router.register("terms", TermViewSet, basename="term")
router.register("committees", CommitteeViewSet, basename="committee")
router.register("committee-seats", CommitteeSeatViewSet, basename="committee-seat")
router.register("assignments", AssignmentViewSet, basename="assignment")
router.register("grants", GrantViewSet, basename="grant")
router.register("users", UserViewSet, basename="user")
router.register("members", MemberViewSet, basename="member")
router.register("transfers", TransferViewSet, basename="transfer")
router.register("correction-requests", CorrectionRequestViewSet, basename="correction-request")
router.register("imports", ImportJobViewSet, basename="import")

urlpatterns = router.urls
