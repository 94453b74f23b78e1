"""REST API of evaluation: /api/v1/evaluation-rounds/ (open, advance, the cell's grid, the
committee's decisions) and /api/v1/evaluations/ (results, filterable, and corrections)."""

from dangbo.evaluations.api.views import EvaluationRoundViewSet, EvaluationViewSet

__all__ = ["EvaluationRoundViewSet", "EvaluationViewSet"]
