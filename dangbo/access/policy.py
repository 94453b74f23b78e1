"""The role × action matrix. docs/permissions.md shows the same table to people, and
tests/test_permissions_doc.py keeps the two equal."""

from __future__ import annotations

from enum import StrEnum

from dangbo.access.models import Role


class Action(StrEnum):
    VIEW = "view"  # read organisations, committees, records in the granted part of the tree
    EDIT = "edit"  # change records: committees, seats, assignments, terms
    STRUCTURE = "structure"  # create, rename, move, merge, split, dissolve organisations
    GRANTS = "grants"  # see and manage users and their grants
    AUDIT = "audit"  # read the audit log
    PERSONAL = "personal"  # read a member's national id, addresses and phone (reads audited)


ACTION_LABELS = {
    Action.VIEW: "Xem",
    Action.EDIT: "Cập nhật hồ sơ",
    Action.STRUCTURE: "Thay đổi cơ cấu tổ chức",
    Action.GRANTS: "Quản lý người dùng, phân quyền",
    Action.AUDIT: "Xem nhật ký",
    Action.PERSONAL: "Xem thông tin cá nhân (CCCD, địa chỉ, điện thoại)",
}

MATRIX: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.COMMITTEE: frozenset({Action.VIEW}),
    Role.OFFICE: frozenset(
        {Action.VIEW, Action.EDIT, Action.STRUCTURE, Action.AUDIT, Action.PERSONAL}
    ),
    Role.SECRETARY: frozenset({Action.VIEW, Action.EDIT}),
    Role.INSPECTION: frozenset({Action.VIEW, Action.AUDIT}),
    Role.VIEWER: frozenset({Action.VIEW}),
    Role.MEMBER: frozenset({Action.VIEW}),
}

# A member's grant covers only the organisation itself (and, on models that name an owner,
# only their own rows); every other role covers the whole subtree below the granted unit.
NODE_ONLY_ROLES = frozenset({Role.MEMBER})


def allows(role: str, action: str) -> bool:
    return Action(action) in MATRIX.get(Role(role), frozenset())
