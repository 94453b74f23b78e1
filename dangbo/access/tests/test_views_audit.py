"""The audit log page: scoped by organisation, filters that never fail, integrity on demand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import Tree, make_user
from dangbo.access import services
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]
LOG = "/nhat-ky/"


@pytest.fixture(autouse=True)
def _fresh_action_list() -> None:
    # The list of distinct actions is cached between requests; tests must not share it.
    cache.clear()


@pytest.fixture
def inspector(tree: Tree) -> User:
    """Kiểm tra at the commune: reads the commune's log, never the agencies'."""
    return make_user("inspector", "Bùi Văn Kiểm", tree.commune, Role.INSPECTION)


@pytest.fixture
def commune_admin(tree: Tree) -> User:
    user = make_user("commune_admin", "Đỗ Văn Quản", tree.commune, Role.ADMIN)
    TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    return user


def shown(response: Any) -> list[AuditEvent]:
    return [row.event for row in response.context["rows"]]


def test_secretary_and_member_get_403_on_the_log(
    secretary_a: User, member_a: User, outsider: User, client_for: ClientFor
) -> None:
    for user in (secretary_a, member_a, outsider):
        assert client_for(user).get(LOG).status_code == 403


def test_inspector_of_the_commune_sees_commune_events_but_not_agencies_events(
    tree: Tree, inspector: User, client_for: ClientFor
) -> None:
    response = client_for(inspector).get(LOG)
    assert response.status_code == 200
    events = shown(response)
    paths = {e.org_path for e in events}
    assert paths and all(p.startswith(tree.commune.path) for p in paths)
    reprs = {e.object_repr for e in events}
    assert "Chi bộ Ấp Một" in reprs
    assert "Đảng bộ các cơ quan Đảng tỉnh" not in reprs
    body = response.content.decode()
    assert "Thành lập tổ chức" in body
    assert "Đảng bộ các cơ quan Đảng tỉnh" not in body


def test_events_without_an_organisation_are_shown_only_to_root_admins(
    tree: Tree,
    province_admin: User,
    commune_admin: User,
    secretary_a: User,
    client_for: ClientFor,
) -> None:
    services.change_password(actor=secretary_a, new_password="mot-mat-khau-moi-dai-2026")
    event = AuditEvent.objects.get(action="user.change_password")
    assert event.org_path == ""
    assert event in shown(client_for(province_admin).get(LOG))
    assert event not in shown(client_for(commune_admin).get(LOG))


def test_log_columns_show_local_time_label_and_compact_diff(
    tree: Tree, province_admin: User, secretary_a: User, client_for: ClientFor
) -> None:
    moment = dt.datetime(2025, 3, 5, 1, 30, tzinfo=dt.UTC)  # 08:30 in Hà Nội
    with time_machine.travel(moment, tick=False):
        grant = secretary_a.grants.get()
        services.end_grant(actor=province_admin, grant=grant, valid_to=dt.date(2025, 3, 5))
    response = client_for(province_admin).get(LOG, {"action": "grant.end"})
    body = response.content.decode()
    assert "08:30 05/03/2025" in body
    assert "Kết thúc quyền" in body
    assert "hiệu lực đến:" in body and "05/03/2025" in body
    assert 'class="diff-cell"' in body


def test_log_filters_by_subtree_actor_action_and_dates(
    tree: Tree, province_admin: User, secretary_a: User, client_for: ClientFor
) -> None:
    with time_machine.travel(dt.datetime(2025, 4, 10, 3, 0, tzinfo=dt.UTC), tick=False):
        services.add_grant(
            actor=province_admin,
            user=secretary_a,
            organization=tree.cell_b,
            role=Role.VIEWER,
            valid_from=dt.date(2025, 4, 10),
        )
        services.add_grant(
            actor=province_admin,
            user=secretary_a,
            organization=tree.agencies,
            role=Role.VIEWER,
            valid_from=dt.date(2025, 4, 10),
        )
    client = client_for(province_admin)

    response = client.get(LOG, {"organization": tree.commune.pk, "action": "grant.add"})
    assert [e.org_path for e in shown(response)] == [tree.cell_b.path]
    # A creation lists what was recorded, with labels instead of codes.
    body = response.content.decode()
    assert "vai trò:</span> Chỉ xem" in body
    assert "hiệu lực từ:</span> 10/04/2025" in body

    by_actor = shown(client.get(LOG, {"actor": "province"}))
    assert {e.action for e in by_actor} == {"grant.add"}
    assert shown(client.get(LOG, {"actor": "khong-co-ai"})) == []

    in_range = shown(client.get(LOG, {"date_from": "10/04/2025", "date_to": "10/04/2025"}))
    assert len(in_range) == 2
    assert shown(client.get(LOG, {"date_from": "11/04/2025", "action": "grant.add"})) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "32/01/2025"}, "Ngày không hợp lệ"),
        ({"date_to": "hôm nay"}, "Ngày không hợp lệ"),
        ({"date_from": "10/04/2025", "date_to": "01/04/2025"}, "Ngày kết thúc phải từ"),
        ({"action": "drop.table"}, "Hành động không có trong nhật ký"),
        ({"organization": "abc"}, "nằm ngoài phạm vi"),
        ({"page": "x' OR 1=1"}, ""),
    ],
)
def test_bad_filters_give_200_with_a_form_error_never_500(
    tree: Tree, inspector: User, client_for: ClientFor, params: dict[str, str], message: str
) -> None:
    response = client_for(inspector).get(LOG, params)
    assert response.status_code == 200
    assert message in response.content.decode()
    # The other filters (none here) still apply and the scoped list is still shown.
    assert shown(response)


def test_filtering_on_a_unit_outside_the_scope_is_an_error_not_a_leak(
    tree: Tree, inspector: User, client_for: ClientFor
) -> None:
    response = client_for(inspector).get(LOG, {"organization": tree.agencies.pk})
    assert response.status_code == 200
    assert "nằm ngoài phạm vi" in response.content.decode()
    assert all(e.org_path.startswith(tree.commune.path) for e in shown(response))


def test_log_pages_by_fifty(tree: Tree, province_admin: User, client_for: ClientFor) -> None:
    for i in range(55):
        services.create_user(
            actor=province_admin,
            username=f"u{i:02d}",
            full_name=f"Người {i}",
            organization=tree.commune,
        )
    client = client_for(province_admin)
    first = client.get(LOG)
    assert len(first.context["rows"]) == 50
    assert first.context["rows"][0].event.seq > first.context["rows"][-1].event.seq
    assert "page=2" in first.content.decode()


def test_admin_checks_the_chain_on_demand(province_admin: User, client_for: ClientFor) -> None:
    client = client_for(province_admin)
    response = client.post("/nhat-ky/kiem-tra/", follow=True)
    assert response.status_code == 200
    assert "Nhật ký toàn vẹn" in response.content.decode()

    AuditEvent.objects.filter(seq=2).update(object_repr="Đã bị sửa lén")
    response = client.post("/nhat-ky/kiem-tra/", follow=True)
    assert "Nhật ký KHÔNG toàn vẹn" in response.content.decode()
    assert "#2" in response.content.decode()


def test_only_admins_may_run_the_chain_check(inspector: User, client_for: ClientFor) -> None:
    client = client_for(inspector)
    assert client.post("/nhat-ky/kiem-tra/").status_code == 403
    assert client.get("/nhat-ky/kiem-tra/").status_code == 405
    assert "Kiểm tra tính toàn vẹn" not in client.get(LOG).content.decode()


def test_log_page_does_not_walk_the_chain(
    tree: Tree, province_admin: User, client_for: ClientFor, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail() -> None:
        raise AssertionError("verify_chain must not run on page views")

    monkeypatch.setattr("dangbo.audit.verify.verify_chain", fail)
    monkeypatch.setattr("dangbo.access.views.audit.verify_chain", fail)
    assert client_for(province_admin).get(LOG).status_code == 200


def test_log_uses_a_bounded_number_of_queries(
    tree: Tree,
    province_admin: User,
    client_for: ClientFor,
    django_assert_max_num_queries: Any,
) -> None:
    for i in range(30):
        services.create_user(
            actor=province_admin,
            username=f"u{i:02d}",
            full_name=f"Người {i}",
            organization=tree.cell_a if i % 2 else tree.agencies,
        )
    client = client_for(province_admin)
    client.get(LOG)
    # +1 since #9: the sidebar counts the reports still asked for (Biểu mẫu báo cáo).
    with django_assert_max_num_queries(11):
        assert client.get(LOG).status_code == 200
