"""The Party document format helpers (HD 36-HD/VPTW) and the member summary sheet they draw."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from docx import Document
from PIL import Image

from conftest import Tree, make_org
from dangbo.core.models import Rule
from dangbo.members import services
from dangbo.members.exports.layout import (
    date_line,
    issuing_body,
    letterhead_for,
    on_behalf_of,
    place_of,
)
from dangbo.members.exports.pdf import _fetcher
from dangbo.members.exports.profile import ProfileSheet, build_sheet
from dangbo.members.exports.profile_docx import profile_docx
from dangbo.members.exports.profile_pdf import profile_html
from dangbo.members.models import Member, MemberEvent
from dangbo.members.queries import batch_probation_end
from dangbo.members.regulations import probation_end
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.views.badges import next_occasion
from dangbo.orgs.models import OrgKind
from dangbo.orgs.services import Decision

pytestmark = pytest.mark.django_db

OCCASIONS = [(2, 3), (5, 19), (9, 2), (11, 7)]


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (dt.date(2026, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2026"),  # regulations §7.6 case 5
        (dt.date(2026, 4, 12), "Hà Nội, ngày 12 tháng 4 năm 2026"),
        (dt.date(2018, 2, 20), "Hà Nội, ngày 20 tháng 02 năm 2018"),
        (dt.date(2025, 12, 1), "Hà Nội, ngày 01 tháng 12 năm 2025"),
    ],
)
def test_the_date_line_pads_days_and_the_first_two_months(day: dt.date, text: str) -> None:
    assert date_line("Hà Nội", day) == text


def test_a_date_line_without_a_known_place_leaves_dots_to_write_it_in() -> None:
    assert date_line("", dt.date(2026, 9, 2)).startswith("……………, ngày 02 tháng 9")


def test_the_letterhead_of_a_cell_names_its_party_committee_above_it(tree: Tree) -> None:
    head = letterhead_for(tree.cell_a)

    assert (head.superior, head.issuer, head.place) == (
        "ĐẢNG BỘ XÃ AN BÌNH",
        "CHI BỘ ẤP MỘT",
        "An Bình",
    )
    assert on_behalf_of(tree.cell_a) == "T/M CHI BỘ"


def test_a_party_committee_issues_as_its_dang_uy_under_the_province(tree: Tree) -> None:
    head = letterhead_for(tree.commune, day=dt.date(2027, 8, 20))

    assert (head.superior, head.issuer) == ("ĐẢNG BỘ TỈNH THỬ NGHIỆM", "ĐẢNG ỦY XÃ AN BÌNH")
    assert head.date_text == "An Bình, ngày 20 tháng 8 năm 2027"
    assert issuing_body(tree.root) == "Tỉnh ủy Thử Nghiệm"
    assert letterhead_for(tree.root).superior == ""


def test_a_numbered_ward_keeps_its_word_in_the_place(tree: Tree) -> None:
    ward = make_org(tree.root, OrgKind.GRASSROOTS_COMMITTEE, "Đảng bộ Phường 1", "TN.P1")
    cell = make_org(ward, OrgKind.CELL, "Chi bộ khóm 1", "TN.P1.1")

    assert place_of([cell, ward, tree.root]) == "Phường 1"
    assert place_of([tree.agencies]) == ""


def test_the_pdf_fetcher_refuses_every_url_but_inline_data() -> None:
    fetcher = _fetcher()

    with pytest.raises(ValueError, match="không được tải địa chỉ bên ngoài"):
        fetcher.fetch("https://fonts.example.org/times.woff2")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    assert fetcher.fetch("data:text/plain;base64,eGlu").read() == b"xin"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 2, 3)),
        (dt.date(2026, 2, 3), dt.date(2026, 2, 3)),
        (dt.date(2026, 2, 4), dt.date(2026, 5, 19)),
        (dt.date(2026, 11, 8), dt.date(2027, 2, 3)),
    ],
)
def test_the_next_occasion_is_the_first_on_or_after_today(day: dt.date, expected: dt.date) -> None:
    assert next_occasion(day, OCCASIONS) == expected


def test_the_batched_probation_end_agrees_with_the_rule_lookup_across_rule_changes() -> None:
    row = Rule.objects.get(key="probation_months", valid_to__isnull=True)
    Rule.objects.create(
        key="probation_months",
        value=18,
        source="thử nghiệm",
        valid_from=dt.date(2030, 1, 1),
        confidence=row.confidence,
    )
    end = batch_probation_end()

    for day in (dt.date(2020, 3, 16), dt.date(2029, 12, 31), dt.date(2030, 1, 1)):
        assert end(day) == probation_end(day)
    assert end(dt.date(2030, 1, 1)) == dt.date(2031, 7, 1)
    Rule.objects.filter(key="probation_months").delete()
    with pytest.raises(ImproperlyConfigured):
        batch_probation_end()(dt.date(2020, 1, 1))


def _sheet(member: Member, personal: bool = True) -> ProfileSheet:
    events = list(MemberEvent.objects.filter(member=member).order_by("effective_on", "id"))
    loaded = Member.objects.select_related("organization", "ethnicity", "religion").get(
        pk=member.pk
    )
    return build_sheet(loaded, events, personal=personal, day=dt.date(2026, 1, 5))


def test_the_sheet_numbers_the_items_in_the_forms_order(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a, full_name="Trần Văn Bình")
    sheet = _sheet(member)

    labels = [item.label for item in sheet.all_items()]
    numbers = [item.number for item in sheet.all_items()]

    assert numbers == list(range(1, len(numbers) + 1))
    assert labels[:6] == [
        "Họ và tên khai sinh",
        "Tên gọi khác",
        "Giới tính",
        "Ngày sinh",
        "Nơi sinh",
        "Quê quán",
    ]
    assert labels.index("Ngày vào Đảng") < labels.index("Nơi vào Đảng")
    assert labels.index("Nơi vào Đảng") < labels.index("Ngày chính thức")
    assert labels[-4:] == [
        "Quá trình hoạt động trong Đảng",
        "Khen thưởng",
        "Kỷ luật",
        "Huy hiệu Đảng",
    ]


def test_the_html_for_the_pdf_carries_the_values_and_no_outside_address(tree: Tree) -> None:
    member = MemberFactory.create(
        organization=tree.cell_a, full_name="Trần Văn Bình", permanent_address="Ấp Một, xã An Bình"
    )
    services.change_position(
        actor=None,
        member=member,
        decision=Decision(effective_on=dt.date(2022, 1, 10), number="07-QĐ/ĐU"),
        party_position="Chi ủy viên",
    )

    shown = profile_html(_sheet(member))
    withheld = profile_html(_sheet(member, personal=False))

    assert "TRẦN VĂN BÌNH" in shown
    assert "Ấp Một, xã An Bình" in shown
    assert "Thay đổi chức vụ: Chi ủy viên" in shown
    assert "07-QĐ/ĐU" in shown
    assert "Ảnh" in shown and "3 x 4" in shown  # no photo: the empty box to paste one in
    assert "Ấp Một, xã An Bình" not in withheld
    assert "http" not in shown


def test_the_members_photo_goes_in_the_box_of_both_files(
    tree: Tree, tmp_path: Path, settings: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    member = MemberFactory.create(organization=tree.cell_a)
    picture = io.BytesIO()
    Image.new("RGB", (300, 400), "red").save(picture, format="PNG")
    picture.seek(0)
    services.set_member_photo(actor=None, member=member, photo=picture)

    sheet = _sheet(Member.objects.get(pk=member.pk))
    word = Document(io.BytesIO(profile_docx(sheet)))

    assert sheet.photo is not None
    assert sheet.photo[1] == "image/jpeg"
    assert 'src="data:image/jpeg;base64,' in profile_html(sheet)
    assert any("image" in rel.reltype for rel in word.part.rels.values())
