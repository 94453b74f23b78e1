"""The dashboard page: who sees which unit, the drill-down, figures equal to the apps' own
statistics, a bounded number of queries, and bad input."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from conftest import Tree, make_org
from dangbo.access.models import Grant, Role
from dangbo.access.scoping import scope
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.dashboard.board import build
from dangbo.dashboard.tests.conftest import World, put_value
from dangbo.dashboard.views import visible_to
from dangbo.evaluations.models import MemberEvaluation, OrganizationEvaluation
from dangbo.evaluations.summary import Visible as EvaluationVisible
from dangbo.evaluations.summary import summary
from dangbo.indicators.periods import PeriodKind, period_of
from dangbo.indicators.tests.factories import (
    IndicatorFactory,
    ReportingFormFactory,
    SubmissionFactory,
)
from dangbo.meetings.rates import Period as MeetingPeriod
from dangbo.meetings.rates import Visible as MeetingVisible
from dangbo.meetings.rates import subtree_rates
from dangbo.members.models import Member
from dangbo.members.statistics import Period, member_statistics
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import Organization, OrgKind
from dangbo.targets.tests.factories import TargetFactory

PAGE = reverse("dashboard:page")


def page_of(client: Client, org: Organization | None = None) -> str:
    url = PAGE if org is None else f"{PAGE}?to_chuc={org.pk}"
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def child_links(body: str) -> set[str]:
    return set(re.findall(r'class="child-link" href="/tong-quan/\?to_chuc=(\d+)"', body))


def test_home_redirects_to_the_dashboard(
    secretary_a: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(secretary_a).get("/")
    assert response.status_code == 302
    assert response["Location"] == PAGE


def test_anonymous_is_sent_to_login(db: None) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302
    assert "/tai-khoan/dang-nhap/" in response["Location"]


def test_province_admin_sees_the_province_and_drills_down_to_a_cell(
    world: World, province_admin: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(province_admin)
    tree = world.tree
    body = page_of(client)
    assert tree.root.name in body
    assert child_links(body) == {str(tree.commune.pk), str(tree.agencies.pk)}
    # The province has no program of its own: the commune's stands in, said as such.
    assert "Chương trình hành động số 02" in body and f"(của {tree.commune.name})" in body

    commune = page_of(client, tree.commune)
    assert child_links(commune) == {str(tree.cell_a.pk), str(tree.cell_b.pk)}
    assert f'?to_chuc={tree.root.pk}">{tree.root.name}</a>' in commune  # the breadcrumb
    assert "Chi bộ đạt chuẩn" in commune and "Kết nạp đảng viên mới" in commune

    cell = page_of(client, tree.cell_a)
    assert child_links(cell) == set()
    assert f'?to_chuc={tree.commune.pk}">{tree.commune.name}</a>' in cell
    assert "Chương trình hành động số 02" in cell  # the commune's program, inherited


def test_secretary_sees_cell_a_only_and_gets_404_for_cell_b(
    world: World, secretary_a: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(secretary_a)
    tree = world.tree
    body = page_of(client)
    assert tree.cell_a.name in body
    assert tree.cell_b.name not in body
    # Her breadcrumb starts at her cell: the commune is not hers to open.
    assert f'?to_chuc={tree.commune.pk}">' not in body
    assert "/chi-tiet/?to_chuc=" not in body  # nor the commune's drill-down
    assert "Rà soát hồ sơ đảng viên quá hạn" in body  # the overdue task her cell leads
    assert client.get(f"{PAGE}?to_chuc={tree.cell_b.pk}").status_code == 404
    assert client.get(f"{PAGE}?to_chuc={tree.commune.pk}").status_code == 404
    assert client.get(reverse("dashboard:pdf") + f"?to_chuc={tree.cell_b.pk}").status_code == 404


@pytest.mark.parametrize("raw", ["abc", "-1", "0", "1.5", "99999999999", "1e3"])
def test_a_malformed_unit_is_a_vietnamese_400(
    world: World, province_admin: User, client_for: Callable[[User], Client], raw: str
) -> None:
    response = client_for(province_admin).get(PAGE, {"to_chuc": raw})
    assert response.status_code == 400
    assert "Mã tổ chức không hợp lệ." in response.content.decode()


def test_an_unknown_unit_is_404(
    world: World, province_admin: User, client_for: Callable[[User], Client]
) -> None:
    assert client_for(province_admin).get(PAGE, {"to_chuc": 2_000_000_000}).status_code == 404


def test_a_user_without_grant_is_told_so(
    tree: Tree, outsider: User, client_for: Callable[[User], Client]
) -> None:
    body = page_of(client_for(outsider))
    assert "chưa được phân quyền" in body


def test_figures_equal_the_apps_own_statistics(world: World, province_admin: User) -> None:
    tree = world.tree
    day = today()
    board = build(visible_to(province_admin), tree.commune, day)

    stats = member_statistics(
        province_admin, tree.commune, day, Period(dt.date(day.year, 1, 1), day)
    )
    assert board.members.total == stats.table("status").total.values[0] == 6
    assert {c.organization.pk: c.members for c in board.children} == {
        tree.cell_a.pk: 4,
        tree.cell_b.pk: 2,
    }
    assert [p.count for p in board.members.statuses] == list(stats.table("status").total.values[1:])

    visible = MeetingVisible.of(province_admin)
    rates = subtree_rates(visible, tree.commune, MeetingPeriod(dt.date(day.year, 1, 1), day))
    assert board.meetings.total == rates.total
    assert (board.meetings.total.held, board.meetings.total.due) == (1, 2)

    assert board.evaluations.year == world.round.year  # the published year, not the open one
    expected = summary(
        EvaluationVisible(
            scope(province_admin, Organization),
            scope(province_admin, Member),
            scope(province_admin, MemberEvaluation),
            scope(province_admin, OrganizationEvaluation),
        ),
        world.round,
        tree.commune,
    )
    assert board.evaluations.members.ratings == expected.members.total.ratings
    assert board.evaluations.members.good_or_better == expected.members.total.good_or_better


def test_targets_are_measured_and_the_cell_shows_its_own_value(
    world: World, province_admin: User
) -> None:
    tree = world.tree
    commune = build(visible_to(province_admin), tree.commune, today())
    rows = {r.target.pk: r for r in commune.targets}
    measured = rows[world.measured.pk]
    assert measured.value_text == "80%"
    assert measured.measured_by == world.indicator.name
    assert measured.bar == 89  # 80 of 90: targets.progress.percent_of
    assert measured.unit_value == ""  # measured on the commune itself
    assert rows[world.reported.pk].measured_by == "Báo cáo kết quả"

    cell = build(visible_to(province_admin), tree.cell_a, today())
    own = {r.target.pk: r for r in cell.targets}[world.measured.pk]
    assert own.value_text == "80%" and own.unit_value == "95%"
    titles = [c.title for c in cell.charts]
    assert "Chi bộ đạt chuẩn" in titles


def test_the_own_value_and_chart_read_the_period_the_target_reads(
    world: World, province_admin: User
) -> None:
    """A rate kept per quarter and per year whose target reads the year (the longer period
    ending today): the cell's own value is its year too, not a quarter without sessions, and
    the target's chart runs by years."""
    tree, day = world.tree, today()
    indicator = IndicatorFactory.create(
        name="Tỷ lệ học tập thử nghiệm", period_kinds=[PeriodKind.QUARTER, PeriodKind.YEAR]
    )
    target = TargetFactory.create(
        document=world.program, label="Học tập nghị quyết", indicator=indicator, value=95
    )
    for org, year_value, quarter_value in ((tree.commune, "60", "10"), (tree.cell_a, "50", "0")):
        put_value(indicator, org, PeriodKind.YEAR, day, year_value)
        put_value(indicator, org, PeriodKind.QUARTER, day, quarter_value)

    cell = build(visible_to(province_admin), tree.cell_a, today())

    row = {r.target.pk: r for r in cell.targets}[target.pk]
    assert (row.value_text, row.unit_value) == ("60%", "50%")
    chart = next(c for c in cell.charts if c.title == "Học tập nghị quyết")
    assert chart.labels[-1] == period_of(PeriodKind.YEAR, day).label


def test_overdue_tasks_are_counted_and_linked(
    world: World, province_admin: User, client_for: Callable[[User], Client]
) -> None:
    body = page_of(client_for(province_admin), world.tree.commune)
    assert reverse("targets:task-detail", args=[world.overdue.pk]) in body
    assert 'data-kpi="overdue">1<' in body


def _queries(client: Client, org: Organization) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(f"{PAGE}?to_chuc={org.pk}").status_code == 200
    return len(captured)


def test_the_query_count_does_not_grow_with_the_tree(
    world: World,
    province_admin: User,
    client_for: Callable[[User], Client],
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    client = client_for(province_admin)
    tree = world.tree
    client.get(PAGE)  # session and caches warm
    before = _queries(client, tree.root)
    for n in range(6):
        cell = make_org(tree.commune, OrgKind.CELL, f"Chi bộ Ấp Thêm {n}", f"TN.AB.T{n}")
        for _ in range(3):
            MemberFactory.create(organization=cell)
    assert _queries(client, tree.root) == before
    with django_assert_max_num_queries(45):
        client.get(f"{PAGE}?to_chuc={tree.commune.pk}")


def test_a_viewer_granted_at_the_commune_defaults_to_it(
    world: World, client_for: Callable[[User], Client]
) -> None:
    user = User.objects.create_user(
        username="capuy", password="x-long-password-1", full_name="Cấp Ủy"
    )
    Grant.objects.create(
        user=user,
        organization=world.tree.commune,
        role=Role.COMMITTEE,
        valid_from=dt.date(2020, 1, 1),
    )
    body = page_of(client_for(user))
    assert child_links(body) == {str(world.tree.cell_a.pk), str(world.tree.cell_b.pk)}


def test_reporting_completeness_of_the_cells_is_a_heat_table(
    world: World, province_admin: User, client_for: Callable[[User], Client]
) -> None:
    tree = world.tree
    form = ReportingFormFactory.create(issuer=tree.commune, name="Biểu báo cáo quý của chi bộ")
    SubmissionFactory.create(
        form=form,
        organization=tree.cell_a,
        period_start=dt.date(2026, 7, 1),
        period_end=dt.date(2026, 9, 30),
    )
    board = build(visible_to(province_admin), tree.commune, dt.date(2026, 12, 1))
    (heat,) = board.heats
    assert [p.label for p in heat.columns] == [
        "Quý IV/2025",
        "Quý I/2026",
        "Quý II/2026",
        "Quý III/2026",
    ]
    states = {row.organization.pk: row.cells[-1].state for row in heat.rows}
    assert states == {tree.cell_a.pk: "submitted", tree.cell_b.pk: "missing"}
    body = page_of(client_for(province_admin), tree.commune)
    assert "Biểu báo cáo quý của chi bộ" in body and "heat-cell text-bg-danger" in body
