from dangbo.admissions.api.candidates import CandidateViewSet
from dangbo.admissions.api.courses import AwarenessCourseViewSet

__all__ = ["AwarenessCourseViewSet", "CandidateViewSet"]
