"""Pages of the admissions pipeline: candidates (views.candidates) and awareness courses
(views.courses)."""
