"""/api/v1/indicators/ and /api/v1/analytics/: the catalog for every logged-in user, the values
scoped like everything else, and a 400 per field for every bad input."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.indicators.api.analytics import MAX_CELLS
from dangbo.indicators.models import Indicator, IndicatorKind, IndicatorValue
from dangbo.indicators.periods import PeriodKind
from dangbo.indicators.tests.factories import IndicatorFactory, IndicatorValueFactory
from dangbo.orgs.models import Organization

ClientFor = Callable[[User], Client]
CATALOG = "/api/v1/indicators/"
ANALYTICS = "/api/v1/analytics/"
Q3 = "quarter:2026-07-01"


def value_in(
    org: Organization, indicator: Indicator, numerator: int, **extra: Any
) -> IndicatorValue:
    return IndicatorValueFactory.create(
        organization=org,
        indicator=indicator,
        numerator=Decimal(numerator),
        denominator=Decimal(numerator * 2),
        value=Decimal(50),
        **extra,
    )


@pytest.fixture
def rate(tree: Tree) -> Indicator:
    """A reported rate with its Q3/2026 value in every unit of the commune."""
    indicator = IndicatorFactory.create(code="ty-le-thu", name="Tỷ lệ thử nghiệm")
    value_in(tree.commune, indicator, 30, reporting_units=2)
    value_in(tree.cell_a, indicator, 10, reporting_units=1)
    value_in(tree.cell_b, indicator, 20, reporting_units=1)
    return indicator


def analytics(client: Client, **params: Any) -> Any:
    return client.get(ANALYTICS, params)


def errors_of(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 400, response.content[:500]
    return dict(response.json())


# --- The catalog ------------------------------------------------------------------------------


def test_every_logged_in_user_reads_the_whole_catalog(
    client_for: ClientFor, secretary_a: User
) -> None:
    IndicatorFactory.create(code="chi-so-a", name="Chỉ số A", position=1)
    answer = client_for(secretary_a).get(CATALOG)

    assert answer.status_code == 200
    row = next(r for r in answer.json() if r["code"] == "chi-so-a")
    assert row["name"] == "Chỉ số A"
    assert row["kind"] == IndicatorKind.REPORTED
    assert row["kind_label"] == "Đơn vị báo cáo"
    assert row["unit"] == "%"
    assert row["numerator_label"] == "Số chi bộ thực hiện"
    assert row["denominator_label"] == "Tổng số chi bộ"
    assert row["period_kinds"] == ["quarter", "year"]
    assert row["min_value"] == "0.0000" and row["max_value"] == "100.0000"
    assert row["higher_is_better"] is True


def test_the_catalog_filters_by_kind_and_active(client_for: ClientFor, secretary_a: User) -> None:
    IndicatorFactory.create(code="bao-cao", kind=IndicatorKind.REPORTED)
    IndicatorFactory.create(code="tinh-toan", kind=IndicatorKind.COMPUTED)
    IndicatorFactory.create(code="da-thoi", kind=IndicatorKind.COMPUTED, active=False)
    client = client_for(secretary_a)

    computed = {r["code"] for r in client.get(CATALOG, {"kind": "computed"}).json()}
    stopped = {r["code"] for r in client.get(CATALOG, {"active": "0"}).json()}
    active_computed = {
        r["code"] for r in client.get(CATALOG, {"kind": "computed", "active": "1"}).json()
    }

    assert {"tinh-toan", "da-thoi"} <= computed and "bao-cao" not in computed
    assert "da-thoi" in stopped and "tinh-toan" not in stopped
    assert "tinh-toan" in active_computed and "da-thoi" not in active_computed


def test_a_bad_catalog_filter_is_a_400_in_vietnamese(
    client_for: ClientFor, secretary_a: User
) -> None:
    errors = errors_of(client_for(secretary_a).get(CATALOG, {"kind": "khac"}))

    assert "không phải là lựa chọn hợp lệ" in errors["kind"][0]


def test_one_indicator_by_id_and_404_for_a_missing_one(
    client_for: ClientFor, secretary_a: User
) -> None:
    indicator = IndicatorFactory.create(code="mot-chi-so")
    client = client_for(secretary_a)

    assert client.get(f"{CATALOG}{indicator.pk}/").json()["code"] == "mot-chi-so"
    assert client.get(f"{CATALOG}1999999999/").status_code == 404


def test_the_catalog_refuses_anonymous_users(client: Client, tree: Tree) -> None:
    assert client.get(CATALOG).status_code == 401
    assert client.get(ANALYTICS, {"indicator": "x"}).status_code == 401


# --- Analytics: values and scope --------------------------------------------------------------


def test_the_province_reads_the_value_of_each_unit_asked_for(
    client_for: ClientFor, province_admin: User, tree: Tree, rate: Indicator
) -> None:
    answer = analytics(
        client_for(province_admin),
        indicator=rate.code,
        organizations=f"{tree.commune.pk},{tree.cell_b.pk}",
        periods=Q3,
    ).json()

    assert answer["count"] == 2
    assert answer["indicators"] == [
        {"code": rate.code, "name": rate.name, "unit": "%", "higher_is_better": True}
    ]
    commune, cell_b = answer["rows"]
    assert commune["organization"] == {"id": tree.commune.pk, "name": tree.commune.name}
    assert commune["period"] == {
        "key": Q3,
        "kind": "quarter",
        "start": "2026-07-01",
        "end": "2026-09-30",
        "label": "Quý III/2026",
    }
    assert commune["numerator"] == "30.0000"
    assert commune["denominator"] == "60.0000"
    assert commune["value"] == "50.0000"
    assert commune["reporting_units"] == 2
    assert commune["computed_at"]
    assert cell_b["organization"]["id"] == tree.cell_b.pk
    assert cell_b["numerator"] == "20.0000"


def test_children_adds_each_units_direct_children_after_it(
    client_for: ClientFor, province_admin: User, tree: Tree, rate: Indicator
) -> None:
    answer = analytics(
        client_for(province_admin),
        indicator=rate.code,
        organizations=str(tree.commune.pk),
        children="1",
        periods=Q3,
    ).json()

    ids = [row["organization"]["id"] for row in answer["rows"]]
    # The unit first, then its children in tree order (cell A was founded first).
    assert ids == [tree.commune.pk, tree.cell_a.pk, tree.cell_b.pk]


def test_a_cell_without_a_value_gets_a_row_of_nulls(
    client_for: ClientFor, province_admin: User, tree: Tree, rate: Indicator
) -> None:
    answer = analytics(
        client_for(province_admin),
        indicator=rate.code,
        organizations=str(tree.agencies.pk),
        periods=f"{Q3},year:2026",
    ).json()

    assert answer["count"] == 2
    for row in answer["rows"]:
        assert row["numerator"] is None and row["value"] is None and row["computed_at"] is None


def test_periods_by_kind_and_date_range(
    client_for: ClientFor, province_admin: User, tree: Tree, rate: Indicator
) -> None:
    answer = analytics(
        client_for(province_admin),
        indicator=rate.code,
        organizations=str(tree.cell_a.pk),
        period_kind="quarter",
        **{"from": "01/01/2026", "to": "2026-12-31"},
    ).json()

    assert [r["period"]["label"] for r in answer["rows"]] == [
        "Quý I/2026",
        "Quý II/2026",
        "Quý III/2026",
        "Quý IV/2026",
    ]
    assert [r["numerator"] for r in answer["rows"]] == [None, None, "10.0000", None]


def test_without_organizations_the_secretary_gets_her_own_cell(
    client_for: ClientFor, secretary_a: User, tree: Tree, rate: Indicator
) -> None:
    answer = analytics(client_for(secretary_a), indicator=rate.code, periods=Q3).json()

    assert [r["organization"]["id"] for r in answer["rows"]] == [tree.cell_a.pk]
    assert answer["rows"][0]["numerator"] == "10.0000"


def test_the_secretary_is_told_cell_b_is_not_found_as_for_a_missing_unit(
    client_for: ClientFor, secretary_a: User, tree: Tree, rate: Indicator
) -> None:
    client = client_for(secretary_a)

    hidden = errors_of(analytics(client, indicator=rate.code, organizations=tree.cell_b.pk))
    missing = errors_of(analytics(client, indicator=rate.code, organizations=1999999999))

    assert "Không tìm thấy đơn vị" in hidden["organizations"][0]
    assert hidden["organizations"][0].replace(str(tree.cell_b.pk), "#") == missing["organizations"][
        0
    ].replace("1999999999", "#")


def test_children_of_her_cell_never_include_cell_b(
    client_for: ClientFor, secretary_a: User, tree: Tree, rate: Indicator
) -> None:
    answer = analytics(
        client_for(secretary_a),
        indicator=rate.code,
        organizations=tree.cell_a.pk,
        children="1",
        periods=Q3,
    )

    assert [r["organization"]["id"] for r in answer.json()["rows"]] == [tree.cell_a.pk]
    assert '"numerator":"20.0000"' not in answer.content.decode()


def test_a_user_without_grants_gets_no_rows(
    client_for: ClientFor, outsider: User, rate: Indicator
) -> None:
    answer = analytics(client_for(outsider), indicator=rate.code, periods=Q3).json()

    assert answer["count"] == 0 and answer["rows"] == []


def test_the_answer_as_csv(
    client_for: ClientFor, province_admin: User, tree: Tree, rate: Indicator
) -> None:
    response = analytics(
        client_for(province_admin),
        indicator=rate.code,
        organizations=tree.cell_a.pk,
        periods=Q3,
        format="csv",
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Mã chỉ số,Chỉ số,Đơn vị tính,Mã số đơn vị,Tổ chức đảng,Kỳ")
    assert f"{rate.code},{rate.name},%,{tree.cell_a.pk},{tree.cell_a.name},Quý III/2026" in lines[1]
    assert ",10.0000,20.0000,50.0000,1," in lines[1]


def test_a_refused_csv_request_answers_json_errors(
    client_for: ClientFor, province_admin: User, tree: Tree
) -> None:
    response = analytics(client_for(province_admin), indicator="khong-co", format="csv")

    assert response["Content-Type"].startswith("application/json")
    assert "indicator" in errors_of(response)


# --- Analytics: bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({}, "indicator", "bắt buộc"),
        ({"indicator": " , "}, "indicator", "ít nhất một"),
        ({"indicator": "khong-co"}, "indicator", "Không có chỉ số mã «khong-co»"),
        ({"periods": "tuan:2026-01-01"}, "periods", "loại kỳ phải là"),
        ({"periods": "quarter:2026-13-01"}, "periods", "yyyy-mm-dd"),
        ({"periods": "term:0001"}, "periods", "không hợp lệ"),
        ({"periods": "year:1900"}, "periods", "phải nằm trong các năm"),
        ({"organizations": "abc"}, "organizations", "không hợp lệ"),
        ({"organizations": "99999999999999999999"}, "organizations", "không hợp lệ"),
        ({"organizations": "0"}, "organizations", "không hợp lệ"),
        ({"period_kind": "quarter"}, "from", "Cần cả"),
        ({"period_kind": "tuan", "from": "2026-01-01", "to": "2026-12-31"}, "period_kind", "lựa"),
        ({"period_kind": "year", "from": "01/01/2027", "to": "01/01/2026"}, "to", "trước"),
        ({"period_kind": "month", "from": "01/01/2000", "to": "31/12/2026"}, "to", "Quá nhiều"),
        ({"period_kind": "year", "from": "32/01/2026", "to": "01/01/2027"}, "from", "dd/mm"),
        ({"periods": Q3, "period_kind": "year"}, "periods", "một cách"),
        ({"periods": ",".join(f"month:{y}-01-01" for y in range(1900, 2030))}, "periods", "Tối"),
        ({"children": "co le"}, "children", "đúng/sai"),
        ({"indicator": "a\x00b"}, "indicator", "NUL"),
    ],
)
def test_bad_analytics_input_is_a_400_on_its_field(
    client_for: ClientFor,
    province_admin: User,
    rate: Indicator,
    params: dict[str, str],
    field: str,
    words: str,
) -> None:
    query = {"indicator": rate.code, **params}
    if not params:
        query = {}
    errors = errors_of(analytics(client_for(province_admin), **query))

    assert field in errors, errors
    assert words in " ".join(errors[field]), errors


def test_too_many_cells_asks_to_narrow_the_request(
    client_for: ClientFor, province_admin: User, tree: Tree, rate: Indicator
) -> None:
    codes = [IndicatorFactory.create().code for _ in range(29)] + [rate.code]
    orgs = [tree.root, tree.commune, tree.cell_a, tree.cell_b, tree.agencies]
    periods = [
        f"month:{year}-{month:02d}-01"
        for year in (2023, 2024, 2025, 2026)
        for month in range(1, 13)
    ]
    periods += [f"quarter:{year}-{month:02d}-01" for year in (2025, 2026) for month in (1, 4)]
    assert 30 * len(orgs) * len(periods) > MAX_CELLS

    errors = errors_of(
        analytics(
            client_for(province_admin),
            indicator=",".join(codes),
            organizations=",".join(str(o.pk) for o in orgs),
            periods=",".join(periods),
        )
    )

    assert "bớt chỉ số, đơn vị hoặc kỳ" in errors["non_field_errors"][0]
    assert "5.000" in errors["non_field_errors"][0]


# --- Analytics: bounded queries ---------------------------------------------------------------


def test_analytics_costs_the_same_few_queries_for_one_cell_or_many(
    client_for: ClientFor,
    province_admin: User,
    tree: Tree,
    rate: Indicator,
    django_assert_max_num_queries: Any,
) -> None:
    other = IndicatorFactory.create()
    for org in (tree.root, tree.commune, tree.cell_a, tree.cell_b, tree.agencies):
        for month in (1, 4, 10):
            value_in(
                org,
                other,
                month,
                period_start=dt.date(2026, month, 1),
                period_end=dt.date(2026, month + 2, 28),
                period_kind=PeriodKind.QUARTER,
            )
    client = client_for(province_admin)
    analytics(client, indicator=rate.code, periods=Q3)  # the session, once

    # Session, user, OTP device, grants, indicators, units, children, values.
    with django_assert_max_num_queries(9):
        small = analytics(client, indicator=rate.code, organizations=tree.cell_a.pk, periods=Q3)
    with django_assert_max_num_queries(9):
        large = analytics(
            client,
            indicator=f"{rate.code},{other.code}",
            organizations=tree.root.pk,
            children="1",
            period_kind="quarter",
            **{"from": "2025-01-01", "to": "2026-12-31"},
        )

    assert small.json()["count"] == 1
    assert large.json()["count"] == 2 * 3 * 8
    assert sum(r["numerator"] is not None for r in large.json()["rows"]) == 1 + 3 * 3


# --- Adding and changing indicators -----------------------------------------------------------

NEW_RATE = {
    "code": "ty-le-dv-nu",
    "name": "Tỷ lệ đảng viên nữ",
    "kind": "computed",
    "unit": "%",
    "numerator": "members where sex = female",
    "numerator_label": "Đảng viên nữ",
    "denominator": "members",
    "denominator_label": "Đảng viên",
    "period_kinds": ["year", "quarter"],
    "min_value": "0",
    "max_value": 100,
}


def post(client: Client, url: str, body: dict[str, Any], method: str = "post") -> Any:
    return getattr(client, method)(url, data=body, content_type="application/json")


def test_an_office_adds_an_indicator_owned_by_its_highest_unit(
    client_for: ClientFor, province_admin: User, tree: Tree
) -> None:
    response = post(client_for(province_admin), CATALOG, NEW_RATE)

    assert response.status_code == 201, response.content
    indicator = Indicator.objects.get(code="ty-le-dv-nu")
    assert indicator.organization == tree.root
    assert indicator.period_kinds == ["quarter", "year"]
    assert response.json()["numerator"] == "members where sex = female"


def test_a_definition_that_does_not_parse_is_a_400_on_its_field_and_adds_nothing(
    client_for: ClientFor, province_admin: User
) -> None:
    body = {**NEW_RATE, "numerator": "members where colour = red"}

    errors = errors_of(post(client_for(province_admin), CATALOG, body))

    assert list(errors) == ["numerator"]
    assert "colour" in errors["numerator"][0]
    assert not Indicator.objects.filter(code="ty-le-dv-nu").exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"code": "Có Dấu"}, "code"),
        ({"kind": "khac"}, "kind"),
        ({"period_kinds": []}, "period_kinds"),
        ({"period_kinds": ["tuan"]}, "period_kinds"),
        ({"min_value": "abc"}, "min_value"),
        ({"min_value": 10, "max_value": 5}, "max_value"),
        ({"numerator_label": "x" * 300}, "numerator_label"),
        ({"position": -1}, "position"),
    ],
)
def test_bad_indicator_fields_are_400s_on_their_field(
    client_for: ClientFor, province_admin: User, change: dict[str, Any], field: str
) -> None:
    errors = errors_of(post(client_for(province_admin), CATALOG, {**NEW_RATE, **change}))

    assert field in errors, errors
    assert not Indicator.objects.filter(name=NEW_RATE["name"]).exists()


def test_a_secretary_adds_an_indicator_for_her_cell_but_cannot_change_the_provinces(
    client_for: ClientFor, secretary_a: User, tree: Tree
) -> None:
    client = client_for(secretary_a)
    created = post(client, CATALOG, NEW_RATE)
    shipped = IndicatorFactory.create(organization=None)
    provinces = IndicatorFactory.create(organization=tree.root)

    assert created.status_code == 201
    assert Indicator.objects.get(code=NEW_RATE["code"]).organization == tree.cell_a
    for other in (shipped, provinces):
        url = f"{CATALOG}{other.pk}/"
        assert post(client, url, {"name": "Đổi tên"}, "patch").status_code == 403
        other.refresh_from_db()
        assert other.name != "Đổi tên"


def test_a_user_without_an_edit_grant_cannot_add_an_indicator(
    client_for: ClientFor, member_a: User
) -> None:
    assert post(client_for(member_a), CATALOG, NEW_RATE).status_code == 403
    assert not Indicator.objects.filter(code=NEW_RATE["code"]).exists()


def test_patch_changes_only_the_fields_sent(
    client_for: ClientFor, province_admin: User, tree: Tree
) -> None:
    indicator = IndicatorFactory.create(organization=tree.root, name="Tên cũ")
    url = f"{CATALOG}{indicator.pk}/"

    answer = post(client_for(province_admin), url, {"name": "Tên mới", "active": False}, "patch")

    assert answer.status_code == 200, answer.content
    indicator.refresh_from_db()
    assert (indicator.name, indicator.active, indicator.unit) == ("Tên mới", False, "%")


def test_patch_refuses_a_definition_that_does_not_parse(
    client_for: ClientFor, province_admin: User, tree: Tree
) -> None:
    indicator = IndicatorFactory.create(
        organization=tree.root, kind=IndicatorKind.COMPUTED, numerator="members"
    )
    url = f"{CATALOG}{indicator.pk}/"

    errors = errors_of(
        post(client_for(province_admin), url, {"numerator": "members where"}, "patch")
    )

    assert "numerator" in errors
    indicator.refresh_from_db()
    assert indicator.numerator == "members"


def test_patch_of_a_missing_indicator_is_a_404(client_for: ClientFor, province_admin: User) -> None:
    response = post(client_for(province_admin), f"{CATALOG}1999999999/", {"name": "x"}, "patch")

    assert response.status_code == 404
