"""REST API of study of resolutions: /api/v1/study-sessions/ (with attendance and coverage)."""

from dangbo.study.api.sessions import StudySessionViewSet

__all__ = ["StudySessionViewSet"]
