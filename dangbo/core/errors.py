"""The one shape of a refused write: services raise ValidationError keyed by the form field (or
API field) the message belongs to, so pages and the API show it beside the input that caused it
(DESIGN rule 6)."""

from __future__ import annotations

from django.core.exceptions import ValidationError


def field_error(field: str, message: str) -> ValidationError:
    """A Vietnamese `message` about `field`, ready to raise: `raise field_error("name", "…")`."""
    return ValidationError({field: [message]})
