"""Fuzz every API operation through its own OpenAPI schema (schemathesis): whatever the input,
no 500, and every answer has a documented status, content type and shape.

The schema is built when this module is imported, by the same generator that serves
/api/schema/ (a test below checks that the two are equal): schemathesis's lazy fixture loader
does not work with pytest 9. Requests go in-process to the WSGI application, inside the
pytest-django test transaction, as the province administrator authenticated by a token."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conftest import Tree
from dangbo.accounts.models import User

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def in_process_wsgi() -> Iterator[None]:
    """Keep the test's database connection across WSGI calls, as Django's test client does:
    the request signals would otherwise close it in the middle of the test transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def auth_headers(tree: Tree, province_admin: User, settings: Any) -> dict[str, str]:
    # A token request is never stopped by the TOTP middleware (it only sees session users),
    # but the test should not depend on that: it is about the schema, not the second factor.
    settings.DANGBO_REQUIRE_ADMIN_OTP = False
    token = Token.objects.create(user=province_admin)
    return {"Authorization": f"Token {token.key}"}


def generated_schema() -> dict[str, Any]:
    document = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(document))  # plain JSON types only


schema = schemathesis.openapi.from_dict(generated_schema())
schema.app = get_wsgi_application()


@pytest.mark.schema
def test_the_served_schema_is_the_one_fuzzed(
    client: Client, auth_headers: dict[str, str], in_process_wsgi: None
) -> None:
    response = client.get(
        "/api/schema/", {"format": "json"}, HTTP_AUTHORIZATION=auth_headers["Authorization"]
    )
    assert response.status_code == 200
    assert response.json() == generated_schema()


@pytest.mark.schema
@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_every_operation_answers_as_documented(
    case: Any, auth_headers: dict[str, str], in_process_wsgi: None
) -> None:
    case.call_and_validate(headers=auth_headers, checks=CHECKS)
