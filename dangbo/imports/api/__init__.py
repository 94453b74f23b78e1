"""REST API of imports (DESIGN rules 1, 2 and 6): jobs from upload to commit and revert."""

from dangbo.imports.api.jobs import ImportJobViewSet

__all__ = ["ImportJobViewSet"]
