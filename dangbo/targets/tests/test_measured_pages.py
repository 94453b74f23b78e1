"""The measured block of a target's page, its link and cascade forms, the board's measured
column and the API fields (issue #9 §3). Today is 01/07/2026 (targets/tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.indicators.models import Indicator
from dangbo.indicators.periods import PeriodKind, period_of
from dangbo.indicators.tests.factories import IndicatorFactory, IndicatorValueFactory
from dangbo.orgs.models import Organization
from dangbo.targets.models import Target
from dangbo.targets.tests.conftest import TODAY, Program

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


def text(response: Any) -> str:
    return response.content.decode()


def add_value(indicator: Indicator, org: Organization, kind: str, day: Any, figure: str) -> None:
    period = period_of(kind, day)
    IndicatorValueFactory.create(
        indicator=indicator,
        organization=org,
        period_kind=kind,
        period_start=period.start,
        period_end=period.end,
        value=Decimal(figure),
    )


@pytest.fixture
def rate(tree: Tree) -> Indicator:
    indicator = IndicatorFactory.create(name="Tỷ lệ tổ chức đảng hoàn thành tốt (kiểm thử)")
    add_value(indicator, tree.commune, PeriodKind.QUARTER, TODAY.replace(month=1), "91")
    add_value(indicator, tree.commune, PeriodKind.QUARTER, TODAY.replace(month=4), "92")
    add_value(indicator, tree.cell_a, PeriodKind.QUARTER, TODAY.replace(month=4), "97")
    return indicator


@pytest.fixture
def count(tree: Tree) -> Indicator:
    return IndicatorFactory.create(
        name="Đảng viên kết nạp (kiểm thử)",
        unit="đảng viên",
        denominator_label="",
        period_kinds=["quarter", "year", "term"],
        max_value=None,
    )


def link(target: Target, indicator: Indicator) -> None:
    Target.objects.filter(pk=target.pk).update(indicator=indicator)


def test_target_page_shows_the_measured_block(
    program: Program, rate: Indicator, tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    link(program.parent, rate)
    body = text(
        client_for(secretary_a).get(reverse("targets:target-detail", args=[program.parent.pk]))
    )
    block = body.split('id="measured"')[1].split("</section>")[0]
    assert "Đúng tiến độ" in block
    assert 'id="measured-value">92%</strong>' in block
    assert "Quý II/2026" in block
    assert f"/chi-so/{rate.pk}/?to_chuc={tree.commune.pk}&amp;ky=quarter%3A2026-04-01" in block
    assert f"/chi-so/{rate.pk}/chi-tiet/?to_chuc={tree.commune.pk}" in block
    assert "Dự báo đến 31/12/2030: 100% ≥ 95% và hiện đạt 92% ≥ mức cần đạt" in block
    # A cell secretary reads the figure but gets no form to change it.
    assert 'id="target-link-form"' not in body
    assert 'id="target-cascade-form"' not in body


def test_unlinked_target_says_so(
    program: Program, commune_secretary: User, client_for: ClientFor
) -> None:
    body = text(
        client_for(commune_secretary).get(
            reverse("targets:target-detail", args=[program.parent.pk])
        )
    )
    assert "Chỉ tiêu chưa gắn chỉ số đo" in body
    assert 'id="target-link-form"' in body and 'id="target-cascade-form"' in body


def test_issuer_links_an_indicator_from_the_page(
    program: Program, rate: Indicator, count: Indicator, commune_secretary: User,
    client_for: ClientFor,
) -> None:  # fmt: skip
    client = client_for(commune_secretary)
    url = reverse("targets:target-link", args=[program.parent.pk])
    response = client.post(url, {"indicator": count.pk})
    assert response.status_code == 400
    assert "hai đơn vị không khớp" in text(response)
    program.parent.refresh_from_db()
    assert program.parent.indicator is None
    response = client.post(url, {"indicator": "999999"})
    assert response.status_code == 400
    assert "Chỉ số không hợp lệ hoặc đã thôi sử dụng." in text(response)
    assert client.post(url, {"indicator": rate.pk}).status_code == 302
    program.parent.refresh_from_db()
    assert program.parent.indicator == rate
    assert client.post(url, {"indicator": ""}).status_code == 302
    program.parent.refresh_from_db()
    assert program.parent.indicator is None


def test_cell_secretary_cannot_link_or_cascade(
    program: Program, rate: Indicator, tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    pk = program.members.pk
    assert (
        client.post(reverse("targets:target-link", args=[pk]), {"indicator": rate.pk}).status_code
        == 403
    )
    cascade = reverse("targets:target-cascade", args=[pk])
    assert client.post(cascade, {f"share_{tree.cell_a.pk}": "5"}).status_code == 403
    assert not Target.objects.filter(cascaded_from=program.members).exists()


def test_issuer_cascades_from_the_page_and_children_show_their_measures(
    program: Program, count: Indicator, tree: Tree, commune_secretary: User,
    client_for: ClientFor,
) -> None:  # fmt: skip
    link(program.members, count)
    add_value(count, tree.cell_a, PeriodKind.YEAR, TODAY, "30")
    client = client_for(commune_secretary)
    url = reverse("targets:target-cascade", args=[program.members.pk])
    share_a, share_b = f"share_{tree.cell_a.pk}", f"share_{tree.cell_b.pk}"
    response = client.post(url, {share_a: "300", share_b: "200"})
    assert response.status_code == 400
    assert "Tổng phần giao cho các đơn vị (500 đảng viên) vượt chỉ tiêu (400 đảng viên)." in text(
        response
    )
    assert not Target.objects.filter(cascaded_from=program.members).exists()
    response = client.post(url, {share_a: "250", share_b: "150"})
    assert response.status_code == 302
    body = text(client.get(reverse("targets:target-detail", args=[program.members.pk])))
    cascaded = body.split('id="cascaded"')[1].split("</section>")[0]
    assert "Chi bộ Ấp Một" in cascaded and "250 đảng viên" in cascaded
    assert "30 đảng viên" in cascaded  # cell A's own admissions this year
    assert "Chưa có số liệu" in cascaded  # cell B has no value
    # The form shows the shares given, to change them.
    assert f'name="{share_a}" value="250"' in body


def test_board_shows_each_targets_measure_in_bounded_queries(
    program: Program, rate: Indicator, province_admin: User, client_for: ClientFor,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    for target in (program.parent, program.child_a, program.child_b):
        link(target, rate)
    client = client_for(province_admin)
    with django_assert_max_num_queries(22):
        response = client.get(reverse("targets:board", args=[program.document.pk]))
    rows = text(response).split('id="targets"')[1].split("</table>")[0]
    assert rows.count("measured-cell") == 4
    assert "92%" in rows and "97%" in rows
    assert "Đúng tiến độ" in rows and "Đạt" in rows and "Chưa gắn chỉ số" in rows


def test_api_reads_indicator_and_measure(
    program: Program, rate: Indicator, secretary_a: User, client_for: ClientFor,
    django_assert_max_num_queries: Any,
) -> None:  # fmt: skip
    link(program.child_a, rate)
    link(program.parent, rate)
    client = client_for(secretary_a)
    with django_assert_max_num_queries(14):
        response = client.get("/api/v1/targets/", {"document": program.document.pk})
    rows = {row["id"]: row for row in response.json()["results"]}
    row = rows[program.child_a.pk]
    assert row["indicator"] == rate.code
    assert row["measured"] == {
        "value": 97.0,
        "value_text": "97%",
        "period": "quarter:2026-04-01",
        "period_label": "Quý II/2026",
        "expected": pytest.approx(row["measured"]["expected"]),
        "forecast": 97.0,
        "status": "met",
        "status_label": "Đạt",
        "formula": "Hiện đạt 97% ≥ 95% (Quý II/2026) → Đạt",
    }
    assert rows[program.members.pk]["indicator"] is None
    assert rows[program.members.pk]["measured"] is None


def test_api_links_by_code_and_refuses_bad_codes(
    program: Program, rate: Indicator, count: Indicator, commune_secretary: User,
    client_for: ClientFor,
) -> None:  # fmt: skip
    client = client_for(commune_secretary)
    url = f"/api/v1/targets/{program.parent.pk}/"
    response = client.patch(url, {"indicator": count.code}, content_type="application/json")
    assert response.status_code == 400
    assert "hai đơn vị không khớp" in response.json()["indicator"][0]
    response = client.patch(
        url, {"indicator": "khong-co", "label": "Đổi tên"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["indicator"] == ["Không có chỉ số đang dùng với mã «khong-co»."]
    response = client.patch(
        url, {"indicator": count.code, "label": "Đổi tên"}, content_type="application/json"
    )
    assert response.status_code == 400
    program.parent.refresh_from_db()
    assert (program.parent.indicator, program.parent.label) == (
        None,
        "Tổ chức đảng hoàn thành tốt nhiệm vụ",
    )
    for bad in ("a\x00b", 12, ["x"]):
        response = client.patch(url, {"indicator": bad}, content_type="application/json")
        assert response.status_code == 400 and "indicator" in response.json()
    response = client.patch(url, {"indicator": rate.code}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["indicator"] == rate.code
    assert response.json()["measured"]["status"] == "on_track"
    response = client.patch(url, {"indicator": None}, content_type="application/json")
    assert response.json()["indicator"] is None
