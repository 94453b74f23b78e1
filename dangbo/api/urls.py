"""/api/v1/: every endpoint refuses anonymous users and is scoped by the user's grants."""

from django.urls import path

from dangbo.access.api import GrantViewSet, UserViewSet
from dangbo.admissions.api import AwarenessCourseViewSet, CandidateViewSet
from dangbo.api.routers import Router
from dangbo.documents.api import DocumentViewSet
from dangbo.evaluations.api import (
    EvaluationRoundViewSet,
    EvaluationRuleViewSet,
    EvaluationViewSet,
    OrganizationEvaluationViewSet,
)
from dangbo.four_good.api import FourGoodAssessmentViewSet, FourGoodSetViewSet
from dangbo.imports.api import ImportJobViewSet
from dangbo.indicators.api.catalog import AnalyticsViewSet, IndicatorViewSet
from dangbo.indicators.api.reporting import ReportingFormViewSet, SubmissionViewSet
from dangbo.meetings.api import MeetingViewSet
from dangbo.members.api import CorrectionRequestViewSet, MemberViewSet, TransferViewSet
from dangbo.orgs.api import (
    AssignmentViewSet,
    CommitteeSeatViewSet,
    CommitteeViewSet,
    OrganizationViewSet,
    TermViewSet,
)
from dangbo.study.api import StudySessionViewSet
from dangbo.targets.api import (
    TargetProgressViewSet,
    TargetViewSet,
    TaskReportViewSet,
    TaskViewSet,
)
from dangbo.targets.api.extract import extract_targets_view

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
router.register("documents", DocumentViewSet, basename="document")
router.register("targets", TargetViewSet, basename="target")
router.register("target-progress", TargetProgressViewSet, basename="target-progress")
router.register("tasks", TaskViewSet, basename="task")
router.register("task-reports", TaskReportViewSet, basename="task-report")
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("study-sessions", StudySessionViewSet, basename="study-session")
router.register("candidates", CandidateViewSet, basename="candidate")
router.register("awareness-courses", AwarenessCourseViewSet, basename="awareness-course")
router.register("evaluation-rounds", EvaluationRoundViewSet, basename="evaluation-round")
router.register("evaluations", EvaluationViewSet, basename="evaluation")
router.register(
    "organization-evaluations", OrganizationEvaluationViewSet, basename="organization-evaluation"
)
router.register("evaluation-rules", EvaluationRuleViewSet, basename="evaluation-rule")
router.register("four-good-sets", FourGoodSetViewSet, basename="four-good-set")
router.register("four-good-assessments", FourGoodAssessmentViewSet, basename="four-good-assessment")
router.register("reporting-forms", ReportingFormViewSet, basename="reporting-form")
router.register("submissions", SubmissionViewSet, basename="submission")
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("analytics", AnalyticsViewSet, basename="analytics")

# A plain path before the router's, so "targets/extract" is never read as a target's id.
urlpatterns = [
    path("targets/extract", extract_targets_view, name="targets-extract"),
    *router.urls,
]
