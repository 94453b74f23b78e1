"""Exporting the roll: the ticked rows or every filtered member, as xlsx or CSV, in the chosen
columns, only within the user's scope, personal columns only with the right, always audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.members import services
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.views import export

pytestmark = pytest.mark.django_db

LIST = reverse("members:member-list")
EXPORT = reverse("members:member-export")
CHOOSE = reverse("members:member-columns")
ClientFor = Callable[[User], Client]


def export_of(client: Client, query: dict[str, Any]) -> Any:
    return client.get(EXPORT, query)


def sheet(response: Any) -> list[list[Any]]:
    """The rows of the downloaded workbook's only sheet, header first."""
    assert response.status_code == 200, response
    assert response["Content-Type"] == export.FORMATS["xlsx"]
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == ["Danh sách đảng viên"]
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def csv_rows(response: Any) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def with_card(member: Member, number: str) -> Member:
    services.issue_card(
        actor=None, member=member, card_number=number, issued_on=dt.date(2022, 5, 19)
    )
    return member


@pytest.fixture
def roll(tree: Tree) -> dict[str, Member]:
    return {
        "an": with_card(
            MemberFactory.create(
                organization=tree.cell_a,
                full_name="Nguyễn Văn An",
                sex="male",
                birth_date=dt.date(1985, 2, 3),
                party_position="Bí thư Chi bộ",
                phone="0912345678",
            ),
            "079000123",
        ),
        "binh": MemberFactory.create(
            organization=tree.cell_a, full_name="Trần Thị Bình", national_id="001185000123"
        ),
        "cuc": MemberFactory.create(organization=tree.cell_a, full_name='=HYPERLINK("x") Cúc'),
        "theirs": MemberFactory.create(organization=tree.cell_b, full_name="Võ Văn Bê"),
    }


def test_the_ticked_rows_export_in_the_chosen_columns(
    roll: dict[str, Member], secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    client.post(CHOOSE, {"col": ["birth_date", "sex", "card_number", "position"]})

    rows = sheet(
        export_of(client, {"selected": "xlsx", "member": [roll["an"].pk, roll["binh"].pk]})
    )

    assert rows[0] == ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số thẻ đảng viên", "Chức vụ"]
    assert rows[1] == [
        1,
        "Nguyễn Văn An",
        dt.datetime(1985, 2, 3),
        "Nam",
        "079000123",  # text: the leading zero stays
        "Bí thư Chi bộ",
    ]
    assert rows[2][:2] == [2, "Trần Thị Bình"]
    assert len(rows) == 3


def test_the_workbook_is_formatted_for_people(
    roll: dict[str, Member], secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    client.post(CHOOSE, {"col": ["birth_date", "card_number"]})

    response = export_of(client, {"selected": "xlsx", "member": [roll["an"].pk, roll["cuc"].pk]})
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    ws = workbook.active

    assert ws.freeze_panes == "A2"
    assert all(cell.font.b for cell in ws[1])
    assert ws.column_dimensions["B"].width > ws.column_dimensions["A"].width
    birth = ws.cell(row=2, column=3)
    assert birth.number_format == "DD/MM/YYYY"
    card = ws.cell(row=2, column=4)
    assert card.data_type == "s" and card.value == "079000123"
    # A name that looks like a formula stays text.
    name = ws.cell(row=3, column=2)
    assert name.value.startswith("=HYPERLINK") and name.data_type == "s"


def test_a_secretary_cannot_export_cell_bs_member_by_passing_its_id(
    roll: dict[str, Member], secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)

    rows = sheet(
        export_of(client, {"selected": "xlsx", "member": [roll["theirs"].pk, roll["an"].pk]})
    )
    only_theirs = sheet(export_of(client, {"selected": "xlsx", "member": roll["theirs"].pk}))

    assert [r[1] for r in rows[1:]] == ["Nguyễn Văn An"]
    assert only_theirs[1:] == []
    event = AuditEvent.objects.filter(action="member.export").order_by("seq").first()
    assert event is not None
    assert event.after["members"] == [roll["an"].pk]


def test_all_filtered_members_export_as_the_list_shows_them(
    roll: dict[str, Member], province_admin: User, client_for: ClientFor
) -> None:
    client = client_for(province_admin)
    client.post(CHOOSE, {"col": ["unit", "national_id", "phone"]})

    everyone = sheet(export_of(client, {"format": "xlsx"}))
    women = sheet(
        export_of(client, {"format": "xlsx", "sex": "female", "org": roll["an"].organization_id})
    )

    assert everyone[0] == ["STT", "Họ và tên", "Chi bộ", "Số CCCD", "Điện thoại"]
    assert [r[1] for r in everyone[1:]] == [
        "Nguyễn Văn An",
        "Võ Văn Bê",
        "Trần Thị Bình",
        '=HYPERLINK("x") Cúc',
    ]
    an = everyone[1]
    assert an[2:] == ["Chi bộ Ấp Một", roll["an"].national_id, "0912345678"]
    binh = everyone[3]
    assert binh[3] == "001185000123"  # CCCD as text, leading zeros kept
    assert [r[1] for r in women[1:]] == ["Trần Thị Bình", '=HYPERLINK("x") Cúc']


def test_the_export_of_all_never_reaches_outside_the_scope(
    roll: dict[str, Member], secretary_a: User, client_for: ClientFor, tree: Tree
) -> None:
    client = client_for(secretary_a)

    rows = sheet(export_of(client, {"format": "xlsx"}))
    asked_for_b = sheet(export_of(client, {"format": "xlsx", "org": tree.cell_b.pk}))

    assert "Võ Văn Bê" not in [r[1] for r in rows]
    assert len(rows) == 4
    assert "Võ Văn Bê" not in [r[1] for r in asked_for_b]


def test_personal_columns_never_reach_a_secretary_s_file(
    roll: dict[str, Member], secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    session = client.session
    session["members.roll_columns"] = ["national_id", "phone", "sex"]
    session.save()

    rows = csv_rows(export_of(client, {"format": "csv"}))
    text = repr(rows)

    assert rows[0] == ["STT", "Họ và tên", "Giới tính"]
    assert str(roll["binh"].national_id) not in text
    assert "0912345678" not in text


def test_the_csv_export_reads_like_the_sheet(
    roll: dict[str, Member], secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    client.post(CHOOSE, {"col": ["birth_date", "card_number"]})

    rows = csv_rows(
        export_of(client, {"selected": "csv", "member": [roll["an"].pk, roll["cuc"].pk]})
    )

    assert rows[0] == ["STT", "Họ và tên", "Ngày sinh", "Số thẻ đảng viên"]
    assert rows[1] == ["1", "Nguyễn Văn An", "03/02/1985", "079000123"]
    assert rows[2] == ["2", '\'=HYPERLINK("x") Cúc', "15/06/1970", ""]


def test_every_export_is_audited_with_what_was_taken(
    roll: dict[str, Member], province_admin: User, client_for: ClientFor, tree: Tree
) -> None:
    client = client_for(province_admin)
    client.post(CHOOSE, {"col": ["national_id"]})

    export_of(client, {"format": "csv", "sex": "male"})
    export_of(client, {"selected": "xlsx", "member": [roll["binh"].pk]})

    events = list(AuditEvent.objects.filter(action="member.export").order_by("seq"))
    assert len(events) == 2
    every, ticked = events
    assert every.actor == province_admin
    assert every.after == {
        "format": "csv",
        "columns": ["full_name", "national_id"],
        "filters": {"sex": "male"},
        "rows": 1,
    }
    assert every.organization_id == tree.root.pk
    assert ticked.after["members"] == [roll["binh"].pk]
    assert ticked.after["format"] == "xlsx"


def test_bad_export_requests_go_back_to_the_list_with_a_message(
    roll: dict[str, Member], secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    before = AuditEvent.objects.count()

    cases: list[tuple[dict[str, Any], str]] = [
        ({"selected": "xlsx"}, "Hãy đánh dấu ít nhất một đảng viên"),
        ({"selected": "xlsx", "member": "abc"}, "không hợp lệ"),
        ({"selected": "xlsx", "member": "-1"}, "không hợp lệ"),
        ({"selected": "xlsx", "member": "99999999999999999999"}, "không hợp lệ"),
        ({"selected": "pdf", "member": roll["an"].pk}, "Định dạng tệp xuất không hợp lệ"),
        ({"format": "exe"}, "Định dạng tệp xuất không hợp lệ"),
        ({"selected": "xlsx", "member": list(range(1, 600))}, "tối đa 500"),
    ]
    for query, words in cases:
        response = export_of(client, {**query, "back": "sex=male"})
        assert response.status_code == 302, query
        assert response["Location"] == f"{LIST}?sex=male", query
        page = client.get(response["Location"])
        assert words in page.content.decode(), query
    assert AuditEvent.objects.count() == before


def test_the_export_needs_a_login_and_a_get(tree: Tree, secretary_a: User) -> None:
    response = Client().get(EXPORT)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    client = Client()
    client.force_login(secretary_a)
    assert client.post(EXPORT).status_code == 405


def test_the_export_reads_in_chunks_with_a_bounded_number_of_queries(
    tree: Tree,
    province_admin: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(export, "CHUNK_ROWS", 4)
    for i in range(15):
        MemberFactory.create(organization=tree.cell_a if i % 2 else tree.cell_b)
    client = client_for(province_admin)
    client.post(CHOOSE, {"col": ["unit", "ethnicity", "national_id", "party_age"]})
    client.get(LIST)

    with django_assert_max_num_queries(16):
        response = export_of(client, {"format": "xlsx"})

    assert len(sheet(response)) == 16
