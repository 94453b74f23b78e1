"""Fixtures for the API tests (the cast itself lives in the root conftest)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from dangbo.accounts.models import User


@pytest.fixture
def admin_api(client_for: Callable[[User], Client], province_admin: User) -> Client:
    return client_for(province_admin)
