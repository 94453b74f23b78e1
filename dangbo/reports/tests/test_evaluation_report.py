"""The evaluation report page and its downloads, on the round counted by hand in
evaluations/tests/report_data.py: the tables, the targets, the not-classified list, the
spreadsheet's cells and the Word file's paragraphs, scoping and bad input."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from docx import Document as open_docx
from openpyxl import load_workbook

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.evaluations.tests.factories import EvaluationRoundFactory
from dangbo.evaluations.tests.report_data import Cast, build
from dangbo.targets.tests.factories import TargetFactory

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


@pytest.fixture
def cast(tree: Tree) -> Cast:
    cast = build(tree)
    doc = DocumentFactory.create(issuer=tree.commune)
    TargetFactory.create(
        document=doc,
        subject="đảng viên",
        metric="hoàn thành tốt nhiệm vụ trở lên",
        value=Decimal(90),
        period="annual",
        deadline=None,
        source_text="Hằng năm, 90% đảng viên hoàn thành tốt nhiệm vụ trở lên.",
    )
    TargetFactory.create(
        document=doc,
        subject="chi bộ",
        metric="hoàn thành tốt nhiệm vụ",
        value=Decimal(95),
        period="annual",
        deadline=None,
        source_text="95% chi bộ hoàn thành tốt nhiệm vụ.",
    )
    return cast


def url(cast: Cast, tail: str = "", unit: object = None) -> str:
    query = f"?don-vi={unit}" if unit is not None else ""
    return f"/bao-cao/danh-gia/{cast.round.pk}/{tail}{query}"


def test_the_report_of_the_commune_shows_tables_targets_and_who_is_not_classified(
    tree: Tree, cast: Cast, province_admin: User, client_for: ClientFor
) -> None:
    response = client_for(province_admin).get(url(cast, unit=tree.commune.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Báo cáo kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2025" in page
    assert "QĐ 366-QĐ/TW ngày 30/8/2025" in page and "cách tính A" in page
    assert "87,5 %" in page and "66,7 %" in page and "77,8 %" in page
    assert "75 %" in page
    assert "Hằng năm, 90% đảng viên hoàn thành tốt nhiệm vụ trở lên." in page
    assert "77,8 % (7/9)" in page and "Không đạt" in page
    assert "100 % (2/2)" in page and "Đạt" in page
    assert cast.missing.full_name in page and "chi bộ chưa nhập kết quả" in page
    assert "Kết nạp ngày 15/08/2025" in page
    assert cast.exempt.full_name in page


def test_the_root_report_drills_down_into_the_commune(
    tree: Tree, cast: Cast, province_admin: User, client_for: ClientFor
) -> None:
    page = client_for(province_admin).get(url(cast)).content.decode()
    assert f"?don-vi={tree.commune.pk}" in page
    assert "Đảng bộ các cơ quan Đảng tỉnh" in page


def test_the_spreadsheet_holds_every_row_and_total(
    tree: Tree, cast: Cast, province_admin: User, client_for: ClientFor
) -> None:
    response = client_for(province_admin).get(url(cast, "bao-cao.xlsx", tree.commune.pk))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:6] == ["Bảng", "Đơn vị", "Phải xếp loại", "Đã xếp loại", "HTXSNV", "% HTXSNV"]
    by_name = {(r[0], r[1]): r for r in rows[1:]}
    cell_a = by_name[("Đảng viên", "Chi bộ Ấp Một")]
    assert cell_a[2:12] == [9, 8, 1, 12.5, 6, 75, 1, 12.5, 0, 0]
    total = by_name[("Đảng viên", "Tổng cộng")]
    assert total[2:] == [12, 9, 1, 11.1, 6, 66.7, 1, 11.1, 1, 11.1, 1, 2, 1]
    assert by_name[("Tổ chức đảng", "Tổng cộng")][2:8] == [2, 2, 1, 50, 1, 50]
    assert AuditEvent.objects.filter(action="report.evaluation_export").count() == 1


def test_the_word_file_is_in_the_party_format(
    tree: Tree, cast: Cast, province_admin: User, client_for: ClientFor
) -> None:
    response = client_for(province_admin).get(url(cast, "bao-cao.docx", tree.commune.pk))
    assert response.status_code == 200
    doc = open_docx(io.BytesIO(response.content))
    head = doc.tables[0]
    left = [p.text for p in head.rows[0].cells[0].paragraphs]
    right = [p.text for p in head.rows[0].cells[1].paragraphs]
    assert left[:2] == ["ĐẢNG BỘ TỈNH THỬ NGHIỆM", "ĐẢNG ỦY XÃ AN BÌNH"]
    assert any(line.startswith("Số") and line.endswith("-BC/ĐU") for line in left)
    assert right[0] == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert right[1].startswith("An Bình, ngày ")
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text
    assert "kết quả đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2025" in text
    assert "I. KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI ĐẢNG VIÊN" in text
    assert "đã xếp loại: 9" in text and "(HTTNV): 6 (66,7 %)" in text
    members = doc.tables[1]
    assert [c.text for c in members.rows[-1].cells][:4] == ["", "Tổng cộng", "12", "9"]
    assert members.rows[-1].cells[5].text == "6\n66,7 %"
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert ["1", "Hằng năm, 90% đảng viên hoàn thành tốt nhiệm vụ trở lên.",
            "≥ 90 % HTTNV trở lên", "77,8 % (7/9)", "Không đạt"] in cells  # fmt: skip
    assert any(cast.missing.full_name in row for row in cells)
    closing = doc.tables[-1].rows[0].cells
    assert closing[0].paragraphs[0].text == "Nơi nhận:"
    assert [p.text for p in closing[1].paragraphs][:2] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]


def test_a_secretary_sees_only_their_cell_and_gets_404_beside_it(
    tree: Tree, cast: Cast, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    page = client.get(url(cast)).content.decode()
    assert "Chi bộ Ấp Một" in page and cast.missing.full_name in page
    assert cast.young.full_name not in page
    assert client.get(url(cast, unit=tree.cell_b.pk)).status_code == 404
    assert client.get(url(cast, "bao-cao.docx", tree.cell_b.pk)).status_code == 404


def test_users_of_other_units_cannot_see_the_report(
    tree: Tree, cast: Cast, outsider: User, client_for: ClientFor
) -> None:
    commune_round = EvaluationRoundFactory.create(organization=tree.commune, year=2026)
    agencies = make_user("agencies", "Đỗ Văn Cơ Quan", tree.agencies, Role.SECRETARY)
    assert client_for(outsider).get(url(cast)).status_code == 404
    response = client_for(agencies).get(f"/bao-cao/danh-gia/{commune_round.pk}/")
    assert response.status_code == 404
    response = client_for(agencies).get(f"/bao-cao/danh-gia/{commune_round.pk}/bao-cao.xlsx")
    assert response.status_code == 404


@pytest.mark.parametrize("raw", ["abc", "-1", "0", "99999999999", "1 OR 1=1"])
def test_a_malformed_unit_is_a_clear_400(
    cast: Cast, province_admin: User, client_for: ClientFor, raw: str
) -> None:
    response = client_for(province_admin).get(url(cast, unit=raw))
    assert response.status_code == 400
    assert "Mã đơn vị không hợp lệ." in response.content.decode()


def test_a_unit_outside_the_round_or_an_unknown_round_is_refused(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    round_ = EvaluationRoundFactory.create(organization=tree.commune, year=2025)
    client = client_for(province_admin)
    response = client.get(f"/bao-cao/danh-gia/{round_.pk}/?don-vi={tree.agencies.pk}")
    assert response.status_code == 400
    assert "không thuộc phạm vi đợt đánh giá năm 2025" in response.content.decode()
    response = client.get(f"/bao-cao/danh-gia/{round_.pk}/bao-cao.docx?don-vi={tree.agencies.pk}")
    assert response.status_code == 400
    assert client.get("/bao-cao/danh-gia/987654/").status_code == 404


def test_the_round_page_links_to_the_report(
    cast: Cast, province_admin: User, client_for: ClientFor
) -> None:
    page = client_for(province_admin).get(f"/danh-gia/{cast.round.pk}/").content.decode()
    assert f'href="/bao-cao/danh-gia/{cast.round.pk}/"' in page
