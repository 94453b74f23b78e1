"""Cascading a target to the units below with their shares (issue #9 §3)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.indicators.tests.factories import IndicatorFactory
from dangbo.targets import services
from dangbo.targets.models import Target, TargetStatus
from dangbo.targets.tests.factories import TargetFactory

ClientFor = Callable[[User], Client]


@pytest.fixture
def admissions(tree: Tree) -> Target:
    """«Kết nạp 40 đảng viên mới» of the commune, measured by a count indicator."""
    indicator = IndicatorFactory.create(unit="đảng viên", period_kinds=["year", "term"])
    return TargetFactory.create(
        document=DocumentFactory.create(issuer=tree.commune),
        label="Kết nạp đảng viên mới",
        value=Decimal("40"),
        unit="đảng viên",
        responsible=tree.commune,
        indicator=indicator,
        baseline_on=dt.date(2025, 11, 20),
    )


def test_cascade_creates_one_target_per_unit(
    tree: Tree, admissions: Target, commune_secretary: User
) -> None:
    made = services.cascade_target(
        actor=commune_secretary,
        target=admissions,
        shares={tree.cell_a: Decimal("25"), tree.cell_b: "15"},
    )
    children = {c.responsible: c for c in Target.objects.filter(cascaded_from=admissions)}
    assert set(children) == {tree.cell_a, tree.cell_b}
    assert {c.pk for c in made} == {c.pk for c in children.values()}
    child = children[tree.cell_a]
    assert child.value == Decimal("25")
    assert child.label == "Kết nạp đảng viên mới — Chi bộ Ấp Một"
    assert (child.document, child.indicator, child.unit) == (
        admissions.document,
        admissions.indicator,
        "đảng viên",
    )
    assert (child.comparator, child.period, child.deadline, child.parent) == (
        admissions.comparator,
        admissions.period,
        admissions.deadline,
        None,
    )
    assert AuditEvent.objects.filter(action="target.cascade").count() == 2


def test_recascading_updates_the_units_targets(
    tree: Tree, admissions: Target, commune_secretary: User
) -> None:
    services.cascade_target(
        actor=commune_secretary, target=admissions, shares={tree.cell_a: 20, tree.cell_b: 10}
    )
    services.cascade_target(actor=commune_secretary, target=admissions, shares={tree.cell_a: 30})
    children = Target.objects.filter(cascaded_from=admissions)
    assert sorted((c.responsible_id, c.value) for c in children) == [
        (tree.cell_a.pk, Decimal("30")),
        (tree.cell_b.pk, Decimal("10")),
    ]


def test_shares_exceeding_the_target_are_refused_and_nothing_written(
    tree: Tree, admissions: Target, commune_secretary: User
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.cascade_target(
            actor=commune_secretary, target=admissions, shares={tree.cell_a: 30, tree.cell_b: 11}
        )
    assert exc.value.message_dict["shares"] == [
        "Tổng phần giao cho các đơn vị (41 đảng viên) vượt chỉ tiêu (40 đảng viên)."
    ]
    assert not Target.objects.filter(cascaded_from=admissions).exists()
    assert not AuditEvent.objects.filter(action="target.cascade").exists()


def test_shares_given_before_count_toward_the_sum_unless_dropped(
    tree: Tree, admissions: Target, commune_secretary: User
) -> None:
    [b] = services.cascade_target(
        actor=commune_secretary, target=admissions, shares={tree.cell_b: 20}
    )
    with pytest.raises(ValidationError, match=r"\(45 đảng viên\) vượt"):
        services.cascade_target(
            actor=commune_secretary, target=admissions, shares={tree.cell_a: 25}
        )
    services.set_target_status(actor=commune_secretary, target=b, status=TargetStatus.DROPPED)
    services.cascade_target(actor=commune_secretary, target=admissions, shares={tree.cell_a: 25})


def test_rate_shares_are_each_units_own_rate(tree: Tree, commune_secretary: User) -> None:
    target = TargetFactory.create(
        document=DocumentFactory.create(issuer=tree.commune), value=Decimal("95"), unit="%"
    )
    services.cascade_target(
        actor=commune_secretary, target=target, shares={tree.cell_a: 96, tree.cell_b: 95}
    )
    assert Target.objects.filter(cascaded_from=target).count() == 2
    with pytest.raises(ValidationError, match="không được quá 100"):
        services.cascade_target(actor=commune_secretary, target=target, shares={tree.cell_a: 101})


@pytest.mark.parametrize("share", ["0", "-3", "abc", None])
def test_bad_share_is_refused(
    tree: Tree, admissions: Target, commune_secretary: User, share: object
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.cascade_target(
            actor=commune_secretary,
            target=admissions,
            shares={tree.cell_a: share},  # type: ignore[dict-item]
        )
    assert "shares" in exc.value.message_dict
    assert not Target.objects.filter(cascaded_from=admissions).exists()


def test_unit_outside_the_responsible_subtree_is_refused(
    tree: Tree, admissions: Target, province_admin: User
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.cascade_target(actor=province_admin, target=admissions, shares={tree.agencies: 5})
    assert exc.value.message_dict["shares"] == [
        "Đảng bộ các cơ quan Đảng tỉnh không phải đơn vị cấp dưới của Đảng bộ xã An Bình: "
        "chỉ giao chỉ tiêu cho đơn vị cấp dưới."
    ]
    with pytest.raises(ValidationError, match="không phải đơn vị cấp dưới"):
        services.cascade_target(actor=province_admin, target=admissions, shares={tree.commune: 5})
    assert not Target.objects.filter(cascaded_from=admissions).exists()


def test_a_cell_target_cannot_go_to_a_sibling(
    tree: Tree, admissions: Target, commune_secretary: User
) -> None:
    [a] = services.cascade_target(
        actor=commune_secretary, target=admissions, shares={tree.cell_a: 10}
    )
    with pytest.raises(ValidationError, match="Chi bộ Ấp Hai không phải đơn vị cấp dưới"):
        services.cascade_target(actor=commune_secretary, target=a, shares={tree.cell_b: 5})


def test_unit_outside_the_actors_edit_scope_is_refused(
    tree: Tree, admissions: Target, commune_secretary: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dangbo.targets.services import measured as cascade

    allowed = {tree.commune.pk}
    monkeypatch.setattr(cascade.access, "can", lambda user, action, org: org.pk in allowed)
    with pytest.raises(ValidationError) as exc:
        services.cascade_target(actor=commune_secretary, target=admissions, shares={tree.cell_a: 5})
    assert exc.value.message_dict["shares"] == [
        "Bạn không có quyền giao chỉ tiêu cho Chi bộ Ấp Một."
    ]


def test_cell_secretary_cannot_cascade_the_communes_target(
    tree: Tree, admissions: Target, secretary_a: User
) -> None:
    with pytest.raises(PermissionDenied):
        services.cascade_target(actor=secretary_a, target=admissions, shares={tree.cell_a: 5})


def test_empty_shares_are_refused(tree: Tree, admissions: Target, commune_secretary: User) -> None:
    with pytest.raises(ValidationError, match="ít nhất một đơn vị"):
        services.cascade_target(actor=commune_secretary, target=admissions, shares={})


# --- the API: POST /api/v1/targets/{id}/cascade/ ---------------------------------------------


def _cascade(client: Client, target: Target, shares: list[dict[str, object]]) -> Any:
    return client.post(
        f"/api/v1/targets/{target.pk}/cascade/", {"shares": shares}, content_type="application/json"
    )


def test_the_api_cascades_and_answers_with_the_units_targets(
    tree: Tree, admissions: Target, commune_secretary: User, client_for: ClientFor
) -> None:
    shares = [
        {"organization": tree.cell_a.pk, "value": "25"},
        {"organization": tree.cell_b.pk, "value": "15"},
    ]
    response = _cascade(client_for(commune_secretary), admissions, shares)

    assert response.status_code == 200, response.content
    body = response.json()
    assert sorted((row["responsible"], row["value"]) for row in body) == sorted(
        [(tree.cell_a.pk, 25.0), (tree.cell_b.pk, 15.0)]
    )
    assert {row["cascaded_from"] for row in body} == {admissions.pk}
    assert Target.objects.filter(cascaded_from=admissions).count() == 2


@pytest.mark.parametrize(
    ("shares", "message"),
    [
        ([], "shares"),
        ([{"organization": 1, "value": "10"}] * 2, "một lần"),
        ([{"organization": None, "value": "50"}], "shares"),
        ([{"organization": "cell_a", "value": "41"}], "vượt"),
        ([{"organization": "cell_a", "value": "0"}], "lớn hơn 0"),
        ([{"organization": "commune", "value": "10"}], "đơn vị cấp dưới"),
    ],
)
def test_the_api_refuses_bad_shares_and_writes_nothing(
    tree: Tree,
    admissions: Target,
    commune_secretary: User,
    client_for: ClientFor,
    shares: list[dict[str, Any]],
    message: str,
) -> None:
    units = {"cell_a": tree.cell_a.pk, "commune": tree.commune.pk, 1: tree.cell_a.pk}
    rows = [
        {**row, "organization": units.get(row["organization"], row["organization"])}
        for row in shares
    ]
    before = AuditEvent.objects.count()

    response = _cascade(client_for(commune_secretary), admissions, rows)

    assert response.status_code == 400, response.content
    assert message in response.content.decode()
    assert not Target.objects.filter(cascaded_from=admissions).exists()
    assert AuditEvent.objects.count() == before


def test_the_api_cascade_is_scoped(
    tree: Tree,
    admissions: Target,
    secretary_a: User,
    outsider: User,
    client_for: ClientFor,
) -> None:
    shares = [{"organization": tree.cell_a.pk, "value": "10"}]
    assert _cascade(client_for(outsider), admissions, shares).status_code == 404
    assert _cascade(client_for(secretary_a), admissions, shares).status_code == 403
    assert not Target.objects.filter(cascaded_from=admissions).exists()
