"""Cascading a target to the units below with their shares (issue #9 §3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.indicators.tests.factories import IndicatorFactory
from dangbo.targets import services
from dangbo.targets.models import Target, TargetStatus
from dangbo.targets.tests.factories import TargetFactory


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
