"""The board as a workbook and as a review report (.docx): content, scope, audit."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document as DocxDocument
from docx.oxml.ns import qn
from openpyxl import load_workbook

from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.indicators.periods import PeriodKind, period_of
from dangbo.indicators.tests.factories import IndicatorFactory, IndicatorValueFactory
from dangbo.targets.models import Target
from dangbo.targets.tests.conftest import TODAY, Program

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


@pytest.fixture
def measured_target(program: Program) -> Target:
    """A "%" target of the program linked to an indicator with a value for 2026."""
    target = Target.objects.filter(document=program.document, unit="%").order_by("position")[0]
    indicator = IndicatorFactory.create(name="Tỷ lệ chi bộ kiểm thử đo")
    Target.objects.filter(pk=target.pk).update(indicator=indicator)
    year = period_of(PeriodKind.YEAR, TODAY)
    IndicatorValueFactory.create(
        indicator=indicator,
        organization=target.responsible or program.document.issuer,
        period_kind=PeriodKind.YEAR,
        period_start=year.start,
        period_end=year.end,
        numerator=Decimal(3),
        denominator=Decimal(4),
        value=Decimal(75),
    )
    return target


def test_board_exports_carry_the_measured_value(
    program: Program, measured_target: Target, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    book = load_workbook(
        io.BytesIO(client.get(reverse("targets:board-xlsx", args=[program.document.pk])).content)
    )
    sheet = book["Chỉ tiêu"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, r, strict=True)) for r in sheet.iter_rows(min_row=2, values_only=True)]
    linked = [r for r in rows if r["Đo từ chỉ số"]]
    assert [(r["Đo từ chỉ số"], r["Giá trị đo"]) for r in linked] == [
        ("Tỷ lệ chi bộ kiểm thử đo", 75)
    ]
    assert linked[0]["Kỳ đo"] and linked[0]["Cách đánh giá theo số đo"]

    doc = DocxDocument(
        io.BytesIO(client.get(reverse("targets:board-docx", args=[program.document.pk])).content)
    )
    cells = [row.cells[6].text for row in doc.tables[1].rows[1:]]
    assert sum("75% (" in c for c in cells) == 1
    assert cells.count("Chưa gắn chỉ số") == len(cells) - 1


def test_board_xlsx_has_targets_tasks_and_units(
    program: Program, secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(secretary_a).get(
        reverse("targets:board-xlsx", args=[program.document.pk])
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Chỉ tiêu", "Nhiệm vụ", "Theo đơn vị"]
    targets = [row for row in book["Chỉ tiêu"].iter_rows(min_row=2, values_only=True)]
    assert len(targets) == 4
    members = next(r for r in targets if "kết nạp" in r[1])
    assert members[2] == "≥ 400 đảng viên" and members[3] == 45
    assert members[5] == pytest.approx(11.2, abs=0.1)
    tasks = [row for row in book["Nhiệm vụ"].iter_rows(min_row=2, values_only=True)]
    assert {r[2] for r in tasks} >= {"Rà soát đảng viên Ấp Hai"}
    late = next(r for r in tasks if r[2] == "Rà soát đảng viên Ấp Hai")
    assert late[8] == "Quá hạn"
    assert AuditEvent.objects.filter(action="target.export").count() == 1


def test_review_docx_in_party_format(
    program: Program, secretary_a: User, client_for: ClientFor
) -> None:
    response = client_for(secretary_a).get(
        reverse("targets:board-docx", args=[program.document.pk])
    )
    assert response.status_code == 200
    doc = DocxDocument(io.BytesIO(response.content))
    masthead = doc.tables[0].rows[0].cells
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in masthead[1].text
    assert "ĐẢNG BỘ TỈNH THỬ NGHIỆM\nĐẢNG ỦY XÃ AN BÌNH" in masthead[0].text  # HD 36: the đảng ủy
    paragraphs = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO SƠ KẾT" in paragraphs
    assert program.document.symbol in paragraphs
    targets = doc.tables[1]
    header = [c.text for c in targets.rows[0].cells]
    assert header == [
        "TT", "Nội dung", "Chỉ tiêu", "Kết quả báo cáo", "Tiến độ", "Đánh giá", "Đo từ dữ liệu"
    ]  # fmt: skip
    assert len(targets.rows) == 5
    tasks = doc.tables[2]
    assert any("Quá hạn" in row.cells[5].text for row in tasks.rows[1:])
    # The face comes from the paragraph's style (the shared layout's Normal), named for every
    # script so that Word draws Vietnamese letters in it too.
    title = next(p for p in doc.paragraphs if p.text == "BÁO CÁO SƠ KẾT")
    style = title.style
    assert style is not None
    assert (title.runs[0].font.name or style.font.name) == "Times New Roman"
    fonts = style.element.rPr.rFonts
    scripts = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
    assert {fonts.get(qn(script)) for script in scripts} == {"Times New Roman"}


def test_exports_are_scoped(program: Program, outsider: User, client_for: ClientFor) -> None:
    for name in ("targets:board-xlsx", "targets:board-docx"):
        response = client_for(outsider).get(reverse(name, args=[program.document.pk]))
        assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="target.export").exists()
