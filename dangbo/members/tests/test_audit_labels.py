"""Every action the members app records has a Vietnamese label on the audit log page."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.queries import action_label, register_action_labels
from dangbo.members import services
from dangbo.members.audit_labels import AUDIT_LABELS
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory

MEMBERS = Path(__file__).resolve().parents[1]
DEMO = MEMBERS.parent / "demo"
CODE = re.compile(r"member\.[a-z_]+")


def recorded_codes(root: Path) -> set[str]:
    """Every "member.xxx" string literal in the app's source, except attribute paths such as
    "member.full_name" (a serializer's source), whose suffix is a Member field."""
    fields = {f.name for f in Member._meta.get_fields()}
    codes = set()
    for path in root.rglob("*.py"):
        if {"tests", "migrations"} & set(path.relative_to(root).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and CODE.fullmatch(text) and text[7:] not in fields:
                codes.add(text)
    return codes


def test_every_action_the_members_app_records_has_a_label() -> None:
    codes = recorded_codes(MEMBERS) | recorded_codes(DEMO)

    # Not vacuous: the services, the views and the demo writer are all found.
    assert {"member.update", "member.admit", "member.print", "member.bulk_create"} <= codes
    assert sorted(codes - set(AUDIT_LABELS)) == []
    for code in codes:
        assert action_label(code) == AUDIT_LABELS[code] != code


def test_no_label_is_left_for_an_action_nobody_records() -> None:
    assert sorted(set(AUDIT_LABELS) - recorded_codes(MEMBERS) - recorded_codes(DEMO)) == []


def test_a_code_cannot_be_relabelled_by_another_app() -> None:
    with pytest.raises(ImproperlyConfigured):
        register_action_labels({"member.update": "Khác"})
    register_action_labels({"member.update": AUDIT_LABELS["member.update"]})  # same: fine


@pytest.mark.django_db
def test_the_audit_log_shows_the_member_actions_in_vietnamese(
    tree: Tree, province_admin: User, client_for: Callable[[User], Client]
) -> None:
    cache.clear()  # the list of distinct actions is cached between requests
    member = MemberFactory.create(organization=tree.cell_a)
    services.update_member(actor=province_admin, member=member, data={"full_name": "Lê Văn Sửa"})

    response = client_for(province_admin).get("/nhat-ky/", {"action": "member.update"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Sửa hồ sơ đảng viên" in body
    assert [row.label for row in response.context["rows"]] == ["Sửa hồ sơ đảng viên"]
    # The action filter offers it by its label too.
    assert ("member.discipline", "Kỷ luật đảng viên") in response.context["form"].fields[
        "action"
    ].choices
