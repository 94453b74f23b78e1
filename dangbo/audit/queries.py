"""Reads of the audit trail for the log page and exports. Who may read which events is decided
by the caller through dangbo.access (the log is scoped by `org_path`); these helpers only
filter and present a queryset they are given."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q, QuerySet
from django.utils import timezone

from dangbo.audit.models import AuditEvent

# What each recorded action means, in the words of the people who read the log. Actions not
# listed show their code, so a new service is never hidden from the log while it waits here.
ACTION_LABELS: dict[str, str] = {
    "org.create": "Thành lập tổ chức",
    "org.rename": "Đổi tên tổ chức",
    "org.move": "Chuyển trực thuộc",
    "org.merge": "Hợp nhất tổ chức",
    "org.split": "Chia tách tổ chức",
    "org.dissolve": "Giải thể tổ chức",
    "term.create": "Tạo nhiệm kỳ",
    "committee.create": "Lập cấp ủy",
    "seat.add": "Bổ sung cấp ủy viên",
    "seat.end": "Kết thúc chức vụ cấp ủy",
    "assignment.add": "Phân công phụ trách",
    "grant.add": "Cấp quyền",
    "grant.end": "Kết thúc quyền",
    "user.create": "Tạo người dùng",
    "user.reset_password": "Đặt lại mật khẩu",
    "user.change_password": "Đổi mật khẩu",
    "user.activate": "Mở khóa tài khoản",
    "user.deactivate": "Khóa tài khoản",
    "user.otp_setup": "Bắt đầu cài xác thực hai lớp",
    "user.otp_confirm": "Kích hoạt xác thực hai lớp",
    "user.otp_verify": "Xác thực hai lớp khi đăng nhập",
    "user.token_issue": "Cấp khóa truy cập API",
    "user.token_revoke": "Thu hồi khóa truy cập API",
}

# Names of the fields services snapshot, as the log shows them.
FIELD_LABELS: dict[str, str] = {
    "user": "người dùng",
    "organization": "tổ chức",
    "role": "vai trò",
    "valid_from": "hiệu lực từ",
    "valid_to": "hiệu lực đến",
    "note": "ghi chú",
    "username": "tên đăng nhập",
    "full_name": "họ và tên",
    "email": "thư điện tử",
    "phone": "điện thoại",
    "is_active": "đang hoạt động",
    "must_change_password": "phải đổi mật khẩu",
    "kind": "loại tổ chức",
    "name": "tên",
    "short_name": "tên viết tắt",
    "code": "mã",
    "active_from": "ngày thành lập",
    "active_to": "ngày chấm dứt",
    "merged_into": "hợp nhất vào",
    "parent": "trực thuộc",
    "starts_on": "bắt đầu",
    "ends_on": "kết thúc",
    "term": "nhiệm kỳ",
    "committee": "cấp ủy",
    "seat": "cấp ủy viên",
    "holder_name": "họ và tên",
    "started_on": "từ ngày",
    "ended_on": "đến ngày",
    "decision_number": "số quyết định",
    "device": "thiết bị",
    "confirmed": "đã xác nhận",
    "token": "khóa API",
}

_ACTIONS_CACHE_KEY = "audit:distinct-actions"
# DISTINCT over a table of millions of rows is too slow for every page load; the list of
# action codes changes only when a new kind of write appears.
_ACTIONS_CACHE_SECONDS = 600
_DIFF_VALUE_CHARS = 80


def register_action_labels(labels: Mapping[str, str]) -> None:
    """Add the labels an app above audit declares for its own actions, from its AppConfig.ready
    (audit imports no app above it: the layers of DESIGN.md). A code may not change meaning."""
    for action, label in labels.items():
        if ACTION_LABELS.get(action, label) != label:
            raise ImproperlyConfigured(f"Audit action {action!r} is already labelled.")
        ACTION_LABELS[action] = label


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def distinct_actions() -> list[str]:
    """Every action code recorded so far, plus the known ones, sorted by their label."""
    actions: list[str] | None = cache.get(_ACTIONS_CACHE_KEY)
    if actions is None:
        found = set(AuditEvent.objects.order_by().values_list("action", flat=True).distinct())
        actions = sorted(found | set(ACTION_LABELS), key=lambda a: (action_label(a), a))
        cache.set(_ACTIONS_CACHE_KEY, actions, _ACTIONS_CACHE_SECONDS)
    return actions


def day_start(day: dt.date) -> dt.datetime:
    """Local midnight of `day` (Asia/Ho_Chi_Minh), as an aware datetime."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_current_timezone())


def filter_events(
    events: QuerySet[AuditEvent],
    *,
    org_path: str = "",
    actor: str = "",
    action: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    """Narrow an already scoped queryset. Dates are local calendar days, both inclusive;
    ranges on created_at (not __date) so the index on created_at is used."""
    if org_path:
        events = events.filter(org_path__startswith=org_path)
    if actor.strip():
        text = actor.strip()
        events = events.filter(
            Q(actor__username__icontains=text) | Q(actor__full_name__icontains=text)
        )
    if action:
        events = events.filter(action=action)
    if date_from is not None:
        events = events.filter(created_at__gte=day_start(date_from))
    if date_to is not None:
        events = events.filter(created_at__lt=day_start(date_to + dt.timedelta(days=1)))
    return events


@dataclass(frozen=True)
class DiffLine:
    field: str
    before: str
    after: str
    changed: bool  # False: a value that was only recorded on one side (creation, snapshot)


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _short(value: Any, labels: dict[str, str] | None = None) -> str:
    """One recorded value as people read it: dd/mm/yyyy dates, có/không, labels of codes."""
    if value is None or value == "":
        return "∅"
    if isinstance(value, bool):
        return "có" if value else "không"
    text = value if isinstance(value, str) else str(value)
    if labels and text in labels:
        text = labels[text]
    elif match := _ISO_DATE.fullmatch(text):
        text = f"{match.group(3)}/{match.group(2)}/{match.group(1)}"
    return text if len(text) <= _DIFF_VALUE_CHARS else text[: _DIFF_VALUE_CHARS - 1] + "…"


def diff_lines(
    before: dict[str, Any],
    after: dict[str, Any],
    value_labels: dict[str, dict[str, str]] | None = None,
) -> list[DiffLine]:
    """The compact change of one event: changed keys only when both sides were recorded,
    every recorded key when only one side was (a creation or a removal). `value_labels`
    names coded values per field (roles, kinds), which audit itself cannot import."""
    value_labels = value_labels or {}

    def line(
        key: str, old: Any, new: Any, changed: bool, *, has_old: bool, has_new: bool
    ) -> DiffLine:
        labels = value_labels.get(key)
        return DiffLine(
            FIELD_LABELS.get(key, key),
            _short(old, labels) if has_old else "",
            _short(new, labels) if has_new else "",
            changed,
        )

    if before and after:
        keys = [k for k in after if before.get(k) != after.get(k)]
        keys += [k for k in before if k not in after]
        return [
            line(k, before.get(k), after.get(k), True, has_old=True, has_new=True) for k in keys
        ]
    if after:
        return [line(k, None, v, False, has_old=False, has_new=True) for k, v in after.items()]
    return [line(k, v, None, False, has_old=True, has_new=False) for k, v in before.items()]
