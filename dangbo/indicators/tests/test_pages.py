"""The indicator pages: the catalog, a unit's value with its child units and series, the
drill-down, adding an indicator and "Tính lại"; scoped (secretary_a sees cell A only), with a
bounded number of queries, and bad input answered in Vietnamese without a change."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from dangbo.indicators.compute import refresh
from dangbo.indicators.models import Indicator, IndicatorRefresh
from dangbo.indicators.periods import PeriodKind, period_of
from dangbo.members.models import TheoryLevel
from dangbo.members.tests.factories import MemberFactory

YEAR = period_of(PeriodKind.YEAR, dt.date(2026, 12, 1))


@pytest.fixture
def theory(tree: Any) -> Indicator:
    indicator = Indicator.objects.get(code="members_theory_intermediate")
    MemberFactory.create(
        organization=tree.cell_a, full_name="Nguyễn Văn Cao Cấp", theory_level=TheoryLevel.ADVANCED
    )
    MemberFactory.create(
        organization=tree.cell_a, full_name="Trần Thị Sơ Cấp", theory_level=TheoryLevel.ELEMENTARY
    )
    MemberFactory.create(
        organization=tree.cell_b, full_name="Lê Văn Ấp Hai", theory_level=TheoryLevel.NONE
    )
    refresh(indicators=[indicator], periods=[YEAR])
    return indicator


def url(name: str, indicator: Indicator, **query: Any) -> str:
    base = reverse(f"indicators:{name}", args=[indicator.pk])
    return base + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_catalog_lists_every_indicator(
    member_a: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(member_a)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("indicators:catalog"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Tỷ lệ chi bộ hoàn thành tốt nhiệm vụ trở lên" in text
    assert "Tỷ lệ hộ nghèo trên địa bàn" in text
    assert "Thêm chỉ số" not in text  # a member cannot add


def test_detail_shows_value_children_and_series(
    tree: Any,
    theory: Indicator,
    province_admin: Any,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(province_admin)
    with django_assert_max_num_queries(20):
        page = client.get(url("detail", theory, to_chuc=tree.commune.pk, ky=YEAR.key))
    text = page.content.decode()
    assert page.status_code == 200
    assert "33,3%" in text  # 1 of 3 in the commune
    assert ">50%<" in text.replace(" ", "") and ">0%<" in text.replace(" ", "")  # cells A and B
    assert 'id="indicator-series-data"' in text
    assert "Tính lại" in text
    assert "<script>" not in text.replace('<script id="indicator-series-data"', "")


def test_secretary_sees_own_cell_only(
    tree: Any, theory: Indicator, secretary_a: Any, client_for: Any
) -> None:
    client = client_for(secretary_a)
    page = client.get(url("detail", theory, ky=YEAR.key))
    assert page.status_code == 200
    assert "Chi bộ Ấp Một" in page.content.decode()
    assert client.get(url("detail", theory, to_chuc=tree.cell_b.pk)).status_code == 404
    assert client.get(url("drilldown", theory, to_chuc=tree.cell_b.pk)).status_code == 404
    assert client.get(url("detail", theory, to_chuc="abc")).status_code == 404


def test_drilldown_lists_members_not_counted(
    tree: Any,
    theory: Indicator,
    secretary_a: Any,
    client_for: Any,
    django_assert_max_num_queries: Any,
) -> None:
    client = client_for(secretary_a)
    with django_assert_max_num_queries(20):
        page = client.get(url("drilldown", theory, to_chuc=tree.cell_a.pk, ky=YEAR.key))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Trần Thị Sơ Cấp" in text
    assert "Nguyễn Văn Cao Cấp" not in text
    assert "Lê Văn Ấp Hai" not in text


def test_bad_period_falls_back_with_a_message(
    tree: Any, theory: Indicator, secretary_a: Any, client_for: Any
) -> None:
    client = client_for(secretary_a)
    for key in ("abc", "week:2026", "year:20x6", "quarter:2026-07-01"):
        page = client.get(url("detail", theory, ky=key))
        assert page.status_code == 200, key
        assert "Năm 2026" in page.content.decode()


def test_refresh_button_needs_edit_rights(
    tree: Any, theory: Indicator, secretary_a: Any, member_a: Any, client_for: Any
) -> None:
    target = url("refresh", theory, to_chuc=tree.cell_a.pk, ky=YEAR.key)
    assert client_for(member_a).post(target).status_code == 403
    assert "Tính lại" not in client_for(member_a).get(url("detail", theory)).content.decode()
    runs = IndicatorRefresh.objects.count()
    answer = client_for(secretary_a).post(target)
    assert answer.status_code == 302
    assert IndicatorRefresh.objects.count() == runs + 1


def test_create_indicator_page(tree: Any, secretary_a: Any, member_a: Any, client_for: Any) -> None:
    assert client_for(member_a).get(reverse("indicators:create")).status_code == 403
    client = client_for(secretary_a)
    data = {
        "code": "female_share",
        "name": "Tỷ lệ đảng viên nữ",
        "kind": "computed",
        "unit": "%",
        "numerator": "members where sex = femal",
        "denominator": "members",
        "period_kinds": ["year"],
    }
    page = client.post(reverse("indicators:create"), data)
    assert page.status_code == 400
    assert "Giá trị «femal»" in page.content.decode()
    assert not Indicator.objects.filter(code="female_share").exists()
    data["numerator"] = "members where sex = female"
    assert client.post(reverse("indicators:create"), data).status_code == 302
    created = Indicator.objects.get(code="female_share")
    assert created.organization == tree.cell_a


def test_shipped_indicator_is_edited_by_admins_only(
    tree: Any, theory: Indicator, secretary_a: Any, province_admin: Any, client_for: Any
) -> None:
    assert (
        client_for(secretary_a).get(reverse("indicators:edit", args=[theory.pk])).status_code == 403
    )
    page = client_for(province_admin).get(reverse("indicators:edit", args=[theory.pk]))
    assert page.status_code == 200
    assert "theory_level in (intermediate" in page.content.decode()
