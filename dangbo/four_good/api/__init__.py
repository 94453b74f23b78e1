"""REST API of the four-good app, read-only: /api/v1/four-good-sets/ (criteria sets with their
criteria) and /api/v1/four-good-assessments/ (assessments with their snapshot and recognition).
Every write goes through the pages, which call the services."""

from dangbo.four_good.api.views import FourGoodAssessmentViewSet, FourGoodSetViewSet

__all__ = ["FourGoodAssessmentViewSet", "FourGoodSetViewSet"]
