"""The statistics page, its .xlsx export and GET /api/v1/members/statistics/: scoped,
audited, with Vietnamese errors for bad parameters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.core.clock import today
from dangbo.core.formats import format_date
from dangbo.members import services
from dangbo.members.models import Sex
from dangbo.members.statistics import Column, Period, Row, Statistics, Table
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.views.statistics import Request, _tables
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db

PAGE = "/dang-vien/thong-ke/"
XLSX = "/dang-vien/thong-ke/xlsx/"
API = "/api/v1/members/statistics/"
# Session, user, grants, working unit, the statistics' own queries and the picker's units.
PAGE_MAX_QUERIES = 20


@pytest.fixture
def cells(tree: Tree) -> Tree:
    """Cell A: two women and a man, one of the women struck off in May 2024; cell B: five
    women."""
    MemberFactory.create(organization=tree.cell_a, full_name="Chị Một kiểm thử", sex=Sex.FEMALE)
    MemberFactory.create(organization=tree.cell_a, full_name="Anh Hai kiểm thử", sex=Sex.MALE)
    leaving = MemberFactory.create(
        organization=tree.cell_a, full_name="Chị Ba kiểm thử", sex=Sex.FEMALE
    )
    services.remove_member(
        actor=None, member=leaving, decision=Decision(effective_on=date(2024, 5, 6), number="7")
    )
    for n in range(5):
        MemberFactory.create(organization=tree.cell_b, full_name=f"Ấp Hai {n} kiểm thử")
    return tree


# --- The page -------------------------------------------------------------------------------


def test_the_page_shows_each_table_with_a_row_per_cell_and_the_total(
    cells: Tree,
    province_admin: User,
    client_for: Callable[[User], Client],
    django_assert_max_num_queries: object,
) -> None:
    client = client_for(province_admin)
    with django_assert_max_num_queries(PAGE_MAX_QUERIES):  # type: ignore[operator]
        response = client.get(PAGE, {"org": cells.commune.pk})
    html = response.content.decode()

    assert response.status_code == 200
    assert '<span class="fs-5 fw-semibold headcount">7</span>' in html
    for title in ("Đảng viên theo giới tính", "Đảng viên theo tuổi đảng", "Đảng viên theo dân tộc"):
        assert title in html
    assert "Chi bộ Ấp Một" in html and "Chi bộ Ấp Hai" in html
    assert 'id="statistics-charts"' in html and '<canvas id="chart-status"' in html
    assert f"tính đến ngày {format_date(today())}" in html
    # A child row links to that cell's own tables.
    assert f'href="?org={cells.cell_a.pk}&amp;as_of=' in html


def test_a_past_day_and_a_period_are_read_from_the_query(
    cells: Tree, province_admin: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(province_admin).get(
        PAGE,
        {"org": cells.cell_a.pk, "as_of": "30/04/2024", "from": "2024-01-01", "to": "31/12/2024"},
    )
    html = response.content.decode()

    assert response.status_code == 200
    # On 30/04/2024 the member struck off in May was still on the roll.
    assert '<span class="fs-5 fw-semibold headcount">3</span>' in html
    assert "từ ngày 01/01/2024 đến ngày 31/12/2024" in html
    assert 'value="30/04/2024"' in html


def test_numbers_are_written_the_vietnamese_way() -> None:
    columns = (Column("total", "Tổng số"), Column("male", "Nam"))
    table = Table(
        "sex",
        "Đảng viên theo giới tính",
        columns,
        (Row("Chi bộ Ấp Một", 7, (1234, 1000)),),
        Row("Tổng cộng", None, (1234, 1000)),
    )
    period = Period(date(2024, 1, 1), date(2024, 12, 31))
    stats = Statistics(1, "Đảng bộ xã", date(2024, 12, 31), period, (table,))

    shown = _tables(stats, Request(None, stats.as_of, period))

    assert shown[0]["rows"][0]["cells"] == ["1.234", "1.000"]
    assert shown[0]["total"] == ["1.234", "1.000"]
    assert shown[0]["rows"][0]["link"].startswith("?org=7&as_of=31%2F12%2F2024")


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"as_of": "31/02/2024"}, "as_of", "Ngày không hợp lệ"),
        ({"as_of": "hôm qua"}, "as_of", "Ngày không hợp lệ"),
        ({"as_of": "01/01/2999"}, "as_of", "không được sau ngày hôm nay"),
        ({"as_of": "01/01/1900"}, "as_of", "không được trước ngày 03/02/1930"),
        ({"from": "01/06/2024", "to": "01/01/2024"}, "to", "không được sau ngày cuối kỳ"),
        ({"org": "abc"}, "org", "Mã tổ chức không hợp lệ"),
        ({"org": "99999999999999999999"}, "org", "Mã tổ chức không hợp lệ"),
    ],
)
def test_bad_parameters_get_a_vietnamese_400_and_no_tables(
    cells: Tree,
    province_admin: User,
    client_for: Callable[[User], Client],
    params: dict[str, str],
    field: str,
    words: str,
) -> None:
    client = client_for(province_admin)
    for url in (PAGE, XLSX):
        response = client.get(url, params)
        html = response.content.decode()
        assert response.status_code == 400, (url, params)
        assert words in html, (url, params)
        assert "statistics-charts" not in html


def test_a_secretary_sees_her_cell_and_gets_404_for_the_sibling_and_the_commune(
    cells: Tree, secretary_a: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(secretary_a)

    own = client.get(PAGE)  # her working unit: cell A
    html = own.content.decode()
    assert own.status_code == 200
    assert '<span class="fs-5 fw-semibold headcount">2</span>' in html
    assert "Ấp Hai" not in html
    for unit in (cells.cell_b, cells.commune):
        assert client.get(PAGE, {"org": unit.pk}).status_code == 404
        assert client.get(XLSX, {"org": unit.pk}).status_code == 404
    assert not AuditEvent.objects.filter(action="member.statistics_export").exists()


def test_someone_without_a_grant_is_told_there_is_nothing_to_count(
    cells: Tree, outsider: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(outsider).get(PAGE)

    assert response.status_code == 200
    assert "chưa được phân quyền ở đơn vị nào" in response.content.decode()
    assert client_for(outsider).get(PAGE, {"org": cells.cell_a.pk}).status_code == 404


def test_the_member_list_and_the_menu_link_to_the_page(
    cells: Tree, secretary_a: User, client_for: Callable[[User], Client]
) -> None:
    html = client_for(secretary_a).get("/dang-vien/").content.decode()

    assert f'href="{PAGE}?org={cells.cell_a.pk}"' in html
    assert f'href="{PAGE}"' in html  # the sidebar


# --- The export -----------------------------------------------------------------------------


def test_the_xlsx_has_a_sheet_per_table_with_title_header_and_numbers(
    cells: Tree, province_admin: User, client_for: Callable[[User], Client]
) -> None:
    response = client_for(province_admin).get(
        XLSX, {"org": cells.commune.pk, "as_of": "30/04/2024"}
    )

    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(BytesIO(response.content))
    assert book.sheetnames[:3] == ["Trạng thái", "Giới tính", "Độ tuổi"]
    assert len(book.sheetnames) == 10
    sheet = book["Giới tính"]
    assert sheet["A1"].value == "Đảng viên theo giới tính"
    assert sheet["A2"].value == "Đảng bộ xã An Bình: tính đến ngày 30/04/2024"
    header = [c.value for c in sheet[4]]
    assert header == ["Đơn vị", "Tổng số", "Nam", "Nữ"]
    assert sheet["A4"].font.bold and sheet.freeze_panes == "B5"
    rows = {r[0]: r[1:] for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["Chi bộ Ấp Một"] == (3, 1, 2)
    assert rows["Chi bộ Ấp Hai"] == (5, 0, 5)
    assert rows["Tổng cộng"] == (8, 1, 7)
    assert sheet["B5"].number_format == "#,##0"
    assert sheet.column_dimensions["A"].width >= 24
    leaving = book["Ra khỏi danh sách"]
    assert leaving["A2"].value.endswith("từ ngày 01/01/2024 đến ngày 30/04/2024")


def test_an_export_is_audited_with_what_was_asked(
    cells: Tree, province_admin: User, client_for: Callable[[User], Client]
) -> None:
    client_for(province_admin).get(XLSX, {"org": cells.cell_b.pk, "as_of": "30/04/2024"})

    event = AuditEvent.objects.get(action="member.statistics_export")
    assert event.actor == province_admin
    assert event.organization_id == cells.cell_b.pk
    assert event.after["as_of"] == "2024-04-30"


# --- The API --------------------------------------------------------------------------------


def test_the_api_answers_the_same_tables(
    cells: Tree,
    province_admin: User,
    client_for: Callable[[User], Client],
    django_assert_max_num_queries: object,
) -> None:
    client = client_for(province_admin)
    with django_assert_max_num_queries(PAGE_MAX_QUERIES):  # type: ignore[operator]
        response = client.get(
            API, {"organization": cells.commune.pk, "as_of": "2024-04-30", "to": "30/04/2024"}
        )
    body = response.json()

    assert response.status_code == 200
    assert body["organization"] == cells.commune.pk
    assert body["as_of"] == "2024-04-30"
    assert body["period"] == {"from": "2024-01-01", "to": "2024-04-30"}
    sex = next(t for t in body["tables"] if t["key"] == "sex")
    assert sex["columns"][0] == {"key": "total", "label": "Tổng số"}
    by_unit = {row["organization"]: row["values"] for row in sex["rows"]}
    assert by_unit[cells.cell_a.pk] == {"total": 3, "male": 1, "female": 2}
    assert sex["total"]["values"] == {"total": 8, "male": 1, "female": 7}
    assert [t["key"] for t in body["tables"]][-2:] == ["admitted", "leaving"]


def test_the_api_defaults_to_the_users_top_unit_and_today(
    cells: Tree, secretary_a: User, client_for: Callable[[User], Client]
) -> None:
    body = client_for(secretary_a).get(API).json()

    assert body["organization"] == cells.cell_a.pk
    assert body["as_of"] == today().isoformat()
    status = next(t for t in body["tables"] if t["key"] == "status")
    assert status["total"]["values"]["total"] == 2
    assert "Ấp Hai" not in str(body)


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"as_of": "32/01/2024"}, "as_of", "Ngày không hợp lệ"),
        ({"as_of": "2999-01-01"}, "as_of", "không được sau ngày hôm nay"),
        ({"from": "2024-06-01", "to": "2024-01-01"}, "to", "không được sau ngày cuối kỳ"),
        ({"from": "2025-01-02", "as_of": "2025-01-01"}, "from", "không được sau ngày cuối kỳ"),
        ({"organization": "x"}, "organization", "Mã số phải là một số nguyên dương"),
    ],
)
def test_the_api_refuses_bad_parameters_in_vietnamese(
    cells: Tree,
    province_admin: User,
    client_for: Callable[[User], Client],
    params: dict[str, str],
    field: str,
    words: str,
) -> None:
    response = client_for(province_admin).get(API, params)

    assert response.status_code == 400
    assert words in " ".join(response.json()[field])


def test_the_api_does_not_count_a_unit_outside_the_users_scope(
    cells: Tree, secretary_a: User, outsider: User, client_for: Callable[[User], Client]
) -> None:
    hidden = client_for(secretary_a).get(API, {"organization": cells.cell_b.pk})
    nothing = client_for(outsider).get(API)

    assert hidden.status_code == 400
    assert "ngoài phạm vi" in " ".join(hidden.json()["organization"])
    assert nothing.status_code == 400
    assert "chưa được phân quyền" in " ".join(nothing.json()["organization"])
