"""REST API of evaluation: /api/v1/evaluation-rounds/ (open, advance, the cell's grid, the
committee's decisions), /api/v1/evaluations/ (results, filterable, and corrections), party
organizations at /api/v1/organization-evaluations/ and the rule rows at
/api/v1/evaluation-rules/."""

from dangbo.evaluations.api.org_views import EvaluationRuleViewSet, OrganizationEvaluationViewSet
from dangbo.evaluations.api.views import EvaluationRoundViewSet, EvaluationViewSet

__all__ = [
    "EvaluationRoundViewSet",
    "EvaluationRuleViewSet",
    "EvaluationViewSet",
    "OrganizationEvaluationViewSet",
]
