"""REST API of documents (DESIGN rules 1, 2 and 6): list and search, create, edit, issue,
attach files."""

from dangbo.documents.api.documents import DocumentViewSet

__all__ = ["DocumentViewSet"]
