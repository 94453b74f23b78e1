"""The evaluation pages: opening a round, the secretary's grid saved in one request, the
committee's decisions, corrections, scoping and a bounded number of queries."""

from __future__ import annotations

import io
from collections.abc import Callable
from decimal import Decimal

import docx
import pytest
from django.test import Client
from openpyxl import load_workbook
from pytest_django import DjangoAssertNumQueries

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.evaluations import services
from dangbo.evaluations.models import EvaluationRound, MemberEvaluation, Rating
from dangbo.evaluations.tests.helpers import line, members_of, open_for, to_cell_stage
from dangbo.members.models import Member

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


def grid_post(members: list[Member], **per_member: dict[str, str]) -> dict[str, str]:
    data: dict[str, str] = {}
    for m in members:
        data[f"m{m.pk}"] = "1"
        data[f"d{m.pk}"] = "100"
        data[f"t{m.pk}"] = "1"
        for key, value in per_member.get(str(m.pk), {}).items():
            data[f"{key}{m.pk}"] = value
    return data


def test_the_office_opens_a_round_and_bad_input_is_refused(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    client = client_for(province_admin)
    form = {"organization": tree.commune.pk, "year": "2019", "quota_reading": "a"}
    response = client.post("/danh-gia/mo-dot/", form)
    assert response.status_code == 400
    assert "Chưa có quy định đánh giá, xếp loại áp dụng cho năm 2019" in response.content.decode()
    response = client.post("/danh-gia/mo-dot/", {**form, "year": "2025", "cell_due": "20/12/2025"})
    round_ = EvaluationRound.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/danh-gia/{round_.pk}/"
    page = client.get(f"/danh-gia/{round_.pk}/").content.decode()
    assert "QĐ 366-QĐ/TW" in page and "Chi bộ Ấp Một" in page
    assert "cách tính A" in page


def test_the_secretary_saves_the_grid_in_one_request(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    a, b, c = members_of(tree.cell_a, 3)
    round_ = to_cell_stage(open_for(tree.commune))
    client = client_for(secretary_a)
    url = f"/danh-gia/{round_.pk}/chi-bo/{tree.cell_a.pk}/"
    page = client.get(url).content.decode()
    assert a.full_name in page and 'name="s' in page and "evaluation-rules" in page
    data = grid_post(
        [a, b, c],
        **{
            str(a.pk): {"s": "87,5", "x": "10"},
            str(b.pk): {"s": "72", "b": "3 / 3"},
            str(c.pk): {"s": "60", "p": Rating.FAILED, "r": "Không tham gia công tác được giao"},
        },
    )
    response = client.post(url, data)
    assert response.status_code == 302
    saved = {e.member_id: e for e in MemberEvaluation.objects.all()}
    assert saved[a.pk].proposed_rating == Rating.GOOD
    assert (saved[b.pk].votes_for, saved[b.pk].votes_cast) == (3, 3)
    assert saved[a.pk].votes_cast is None
    assert str(saved[a.pk].score) == "87.50"
    assert saved[c.pk].proposed_rating == Rating.FAILED
    page = client.get(url).content.decode()
    assert 'value="87,5"' in page and 'value="3/3"' in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"s": "tám mươi"}, "không phải là số"),
        ({"s": "150"}, "phải từ 0 đến 100"),
        ({"s": "85", "p": Rating.EXCELLENT}, "chỉ được xếp tối đa HTTNV"),
        ({"s": "80", "o": "2,5"}, "nhập số nguyên"),
        ({"s": "80", "b": "nhất trí"}, "ví dụ 15/16"),
        ({"s": "80", "b": "5/4"}, "phải từ 1 đến 1"),
    ],
)
def test_a_bad_grid_is_refused_and_changes_nothing(
    tree: Tree, secretary_a: User, client_for: ClientFor, fields: dict[str, str], message: str
) -> None:
    (a,) = members_of(tree.cell_a, 1)
    round_ = to_cell_stage(open_for(tree.commune))
    events = AuditEvent.objects.count()
    response = client_for(secretary_a).post(
        f"/danh-gia/{round_.pk}/chi-bo/{tree.cell_a.pk}/", grid_post([a], **{str(a.pk): fields})
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MemberEvaluation.objects.exists() and AuditEvent.objects.count() == events


def test_the_committee_decides_on_the_same_page_and_the_secretary_cannot(
    tree: Tree, secretary_a: User, province_admin: User, client_for: ClientFor
) -> None:
    a, b = members_of(tree.cell_a, 2)
    round_ = to_cell_stage(open_for(tree.commune))
    services.save_grid(
        actor=None, round_=round_, cell=tree.cell_a, rows={a.pk: line(80), b.pk: line(65)}
    )
    services.advance_round(actor=None, round_=round_, stage="committee")
    url = f"/danh-gia/{round_.pk}/chi-bo/{tree.cell_a.pk}/"
    assert client_for(secretary_a).post(url, {f"q{a.pk}": Rating.GOOD}).status_code == 403
    client = client_for(province_admin)
    response = client.post(url, {f"q{a.pk}": Rating.SATISFACTORY, f"q{b.pk}": Rating.SATISFACTORY})
    assert response.status_code == 400
    assert "khác mức chi bộ đề xuất cần ghi lý do" in response.content.decode()
    response = client.post(
        url,
        {
            f"q{a.pk}": Rating.SATISFACTORY,
            f"r{a.pk}": "Chưa hoàn thành nhiệm vụ được giao ở khu dân cư",
            f"q{b.pk}": Rating.SATISFACTORY,
        },
    )
    assert response.status_code == 302
    assert set(MemberEvaluation.objects.values_list("rating", flat=True)) == {Rating.SATISFACTORY}


def test_a_correction_after_publication_keeps_the_old_result(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    (a,) = members_of(tree.cell_a, 1)
    round_ = to_cell_stage(open_for(tree.commune))
    services.save_grid(actor=None, round_=round_, cell=tree.cell_a, rows={a.pk: line(75)})
    for stage in ("committee", "published"):
        services.advance_round(actor=None, round_=round_, stage=stage)
    old = MemberEvaluation.objects.get()
    client = client_for(province_admin)
    response = client.post(f"/danh-gia/ket-qua/{old.pk}/dinh-chinh/", {"rating": Rating.GOOD})
    assert response.status_code == 400 and "Nhập lý do" in response.content.decode()
    response = client.post(
        f"/danh-gia/ket-qua/{old.pk}/dinh-chinh/",
        {"rating": Rating.SATISFACTORY, "reason": "Thông báo 05-TB/ĐU ngày 15/01/2026"},
    )
    assert response.status_code == 302
    current = MemberEvaluation.objects.get(current=True)
    assert current.corrects_id == old.pk and current.rating == Rating.SATISFACTORY


def test_another_cells_grid_is_not_found(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    client = client_for(secretary_a)
    assert client.get(f"/danh-gia/{round_.pk}/chi-bo/{tree.cell_b.pk}/").status_code == 404
    assert client.get(f"/danh-gia/{round_.pk}/chi-bo/{tree.commune.pk}/").status_code == 404


def test_the_grid_reads_a_fixed_number_of_queries(
    tree: Tree,
    secretary_a: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    members = members_of(tree.cell_a, 30)
    round_ = to_cell_stage(open_for(tree.commune))
    services.save_grid(
        actor=None,
        round_=round_,
        cell=tree.cell_a,
        rows={m.pk: line(75) for m in members},
    )
    client = client_for(secretary_a)
    url = f"/danh-gia/{round_.pk}/chi-bo/{tree.cell_a.pk}/"
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.content.decode().count('class="grid-line"') == 30
    with django_assert_max_num_queries(14):
        client.get(f"/danh-gia/{round_.pk}/")


def test_a_member_reads_their_own_ratings_with_the_correction(
    tree: Tree, member_a: User, province_admin: User, client_for: ClientFor
) -> None:
    (a,) = members_of(tree.cell_a, 1)
    Member.objects.filter(pk=a.pk).update(user=member_a)
    round_ = to_cell_stage(open_for(tree.commune))
    services.save_grid(actor=None, round_=round_, cell=tree.cell_a, rows={a.pk: line(75)})
    for stage in ("committee", "published"):
        services.advance_round(actor=None, round_=round_, stage=stage)
    services.correct_evaluation(
        actor=None,
        evaluation=MemberEvaluation.objects.get(),
        rating=Rating.SATISFACTORY,
        reason="Thông báo 05-TB/ĐU",
    )
    page = client_for(member_a).get(f"/danh-gia/dang-vien/{a.pk}/").content.decode()
    assert "Hoàn thành nhiệm vụ" in page and "đính chính" in page and "Thông báo 05-TB/ĐU" in page
    assert page.count("<td>2025</td>") == 2
    profile = client_for(province_admin).get(f"/dang-vien/{a.pk}/").content.decode()
    assert f"/danh-gia/dang-vien/{a.pk}/" in profile


def test_the_round_counts_members_still_to_rate_per_cell(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    a, _b, _c = members_of(tree.cell_a, 3)
    members_of(tree.cell_b, 2)
    round_ = to_cell_stage(open_for(tree.commune))
    services.save_grid(actor=None, round_=round_, cell=tree.cell_a, rows={a.pk: line(75)})
    page = client_for(province_admin).get(f"/danh-gia/{round_.pk}/").content.decode()
    cells = page.split('class="table table-sm table-hover align-middle round-cells"')[1]
    row_a = cells.split("Chi bộ Ấp Một")[1].split("</tr>")[0]
    row_b = cells.split("Chi bộ Ấp Hai")[1].split("</tr>")[0]
    assert ">2 / 3<" in row_a and ">2 / 2<" in row_b
    assert ">4 / 5<" in cells.split("Tổng cộng")[1]


def test_the_results_download_as_a_spreadsheet_of_what_the_user_sees(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    a, b = members_of(tree.cell_a, 2)
    (c,) = members_of(tree.cell_b, 1)
    round_ = to_cell_stage(open_for(tree.commune))
    services.save_grid(
        actor=None,
        round_=round_,
        cell=tree.cell_a,
        rows={a.pk: line(82), b.pk: line("45.5", self_score=Decimal(60))},
    )
    services.save_grid(actor=None, round_=round_, cell=tree.cell_b, rows={c.pk: line(70)})
    response = client_for(secretary_a).get(f"/danh-gia/{round_.pk}/ket-qua.xlsx")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue())).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("STT", "Họ và tên", "Chi bộ")
    names = {row[1]: row for row in rows[1:]}
    assert set(names) == {a.full_name, b.full_name}  # cell B's member is not hers to see
    assert rows[0][3:5] == ("Điểm tự chấm", "Điểm chi bộ thống nhất")
    assert names[b.full_name][3] == 60 and names[a.full_name][3] is None
    assert names[b.full_name][6] == "KHTNV" and "45,5 điểm" in names[b.full_name][9]
    assert AuditEvent.objects.filter(action="evaluation.export").count() == 1


SELF_REVIEW = {
    "form": "2b",
    "uu_diem": "Ưu điểm: gương mẫu.",
    "han_che": "Khuyết điểm: chậm báo cáo.",
    "phuong_huong": "Báo cáo đúng hạn.",
    "points_chung": "27,5",
    "points_nhiem_vu": "59",
    "self_rating": "htt",
}


def test_a_member_hands_in_a_self_review_the_secretary_reads_in_the_grid(
    tree: Tree, member_a: User, secretary_a: User, client_for: ClientFor
) -> None:
    (a,) = members_of(tree.cell_a, 1)
    Member.objects.filter(pk=a.pk).update(user=member_a)
    round_ = open_for(tree.commune)
    client = client_for(member_a)
    assert "Nộp bản tự kiểm điểm" in client.get("/danh-gia/").content.decode()
    url = f"/danh-gia/{round_.pk}/tu-kiem-diem/"
    page = client.get(url).content.decode()
    assert "Mẫu 2C: đảng viên không làm việc trong hệ thống chính trị" in page
    assert "tối đa 30 điểm" in page and "tối đa 70 điểm" in page
    assert "VI. Phương hướng, biện pháp khắc phục" in page
    for bad, words in (
        ({"uu_diem": "  "}, "Viết phần «I. Ưu điểm, kết quả đạt được»."),
        ({"form": ""}, "Chọn mẫu bản tự kiểm điểm: 2A, 2B hoặc 2C."),
        ({"form": "2x"}, "Mẫu bản tự kiểm điểm không hợp lệ"),
        ({"points_chung": "31"}, "phải từ 0 đến 30"),
        ({"points_chung": "-2"}, "phải từ 0 đến 30"),
        ({"points_nhiem_vu": "abc"}, "«abc» không phải là số"),
        ({"points_nhiem_vu": ""}, "Tự chấm điểm nhóm «Kết quả thực hiện chức trách"),
        ({"points_nhiem_vu": "59,125"}, "tối đa hai chữ số thập phân"),
        ({"self_rating": ""}, "Tự nhận mức xếp loại chất lượng."),
        ({"self_rating": "max"}, "Chọn một trong bốn mức xếp loại."),
    ):
        response = client.post(url, {**SELF_REVIEW, **bad})
        assert response.status_code == 400, bad
        assert words in response.content.decode(), bad
    assert not MemberEvaluation.objects.exists()
    response = client.post(url, SELF_REVIEW)
    assert response.status_code == 302
    row = MemberEvaluation.objects.get()
    assert str(row.self_score) == "86.50" and row.proposed_rating == ""
    assert row.self_criteria == {"chung": 27.5, "nhiem_vu": 59} and row.self_review_form == "2b"
    page = client.get(url).content.decode()
    assert 'value="27,5"' in page and "Tổng điểm tự chấm: <strong>86,5/100</strong>" in page
    assert "Khuyết điểm: chậm báo cáo.</textarea>" in page
    to_cell_stage(round_)
    grid = client_for(secretary_a).get(f"/danh-gia/{round_.pk}/chi-bo/{tree.cell_a.pk}/")
    page = grid.content.decode()
    assert "Khuyết điểm: chậm báo cáo." in page and ">86,5</td>" in page
    assert f'name="ss{a.pk}"' not in page  # the member gave it: the secretary reads it
    assert "Tự chấm:" in page and "27,5/30" in page and "59/70" in page
    assert "Mẫu 2B" in page and f"/danh-gia/ket-qua/{row.pk}/ban-tu-kiem-diem/" in page
    # A refused grid still shows the member's own score; a saved one keeps it.
    grid_url = f"/danh-gia/{round_.pk}/chi-bo/{tree.cell_a.pk}/"
    refusal = client_for(secretary_a).post(grid_url, grid_post([a], **{str(a.pk): {"s": "101"}}))
    assert refusal.status_code == 400 and ">86,5</td>" in refusal.content.decode()
    good = client_for(secretary_a).post(grid_url, grid_post([a], **{str(a.pk): {"s": "80"}}))
    assert good.status_code == 302
    assert MemberEvaluation.objects.get().self_score == Decimal("86.5")
    # Past the self-review stage the member reads it but cannot change it.
    response = client.post(url, {**SELF_REVIEW, "uu_diem": "Sửa lại"})
    assert response.status_code == 400 and "hết thời gian nộp" in response.content.decode()
    assert "I. Ưu điểm, kết quả đạt được" in response.content.decode()
    assert MemberEvaluation.objects.get().self_review.startswith("I. Ưu điểm")


def test_under_qd_124_the_self_review_has_no_points(
    tree: Tree, member_a: User, client_for: ClientFor
) -> None:
    (a,) = members_of(tree.cell_a, 1)
    Member.objects.filter(pk=a.pk).update(user=member_a)
    round_ = open_for(tree.commune, year=2024)
    client = client_for(member_a)
    url = f"/danh-gia/{round_.pk}/tu-kiem-diem/"
    page = client.get(url).content.decode()
    assert "không chấm điểm" in page and "points_" not in page and "self_score" not in page
    data = {k: v for k, v in SELF_REVIEW.items() if not k.startswith("points_")}
    assert client.post(url, data).status_code == 302
    row = MemberEvaluation.objects.get()
    assert row.self_score is None and row.self_rating == Rating.GOOD and row.self_criteria == {}


def test_the_self_review_prints_with_the_party_letterhead(
    tree: Tree, member_a: User, secretary_a: User, client_for: ClientFor
) -> None:
    a, b = members_of(tree.cell_a, 2)
    Member.objects.filter(pk=a.pk).update(user=member_a)
    round_ = open_for(tree.commune)
    assert client_for(member_a).post(f"/danh-gia/{round_.pk}/tu-kiem-diem/", SELF_REVIEW)
    row = MemberEvaluation.objects.get()
    url = f"/danh-gia/ket-qua/{row.pk}/ban-tu-kiem-diem/"
    for user in (member_a, secretary_a):
        response = client_for(user).get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in page and "CHI BỘ ẤP MỘT" in page
        assert "ĐẢNG BỘ XÃ AN BÌNH" in page and "BẢN KIỂM ĐIỂM CÁ NHÂN" in page
        assert "Mẫu 2B" in page and "II. Hạn chế, khuyết điểm và nguyên nhân" in page
        assert "27,5" in page and "86,5/100" in page and "Hoàn thành tốt nhiệm vụ" in page
        assert "<style" not in page  # CSP: the styles come from a static file
    history = client_for(member_a).get(f"/danh-gia/dang-vien/{a.pk}/").content.decode()
    assert url in history and "86,5" in history
    # The same review as a Word file to edit and sign, audited as a download.
    response = client_for(member_a).get(f"/danh-gia/ket-qua/{row.pk}/ban-tu-kiem-diem.docx")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert "ban-tu-kiem-diem-2025-" in response["Content-Disposition"]
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "BẢN KIỂM ĐIỂM CÁ NHÂN" in text and "Khuyết điểm: chậm báo cáo." in text
    assert "Tự nhận mức xếp loại chất lượng: Hoàn thành tốt nhiệm vụ." in text
    assert AuditEvent.objects.filter(action="evaluation.self_review_print").count() == 1
    # Someone who handed in nothing has nothing to print; another cell's secretary sees nothing.
    services.save_grid(
        actor=None, round_=to_cell_stage(round_), cell=tree.cell_a, rows={b.pk: line(70)}
    )
    other = MemberEvaluation.objects.get(member=b)
    assert (
        client_for(secretary_a).get(f"/danh-gia/ket-qua/{other.pk}/ban-tu-kiem-diem/").status_code
        == 404
    )
    assert (
        client_for(member_a).get(f"/danh-gia/ket-qua/{other.pk}/ban-tu-kiem-diem/").status_code
        == 404
    )


def test_the_grid_takes_maternity_days_and_refuses_bad_ones(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    (a,) = members_of(tree.cell_a, 1)
    round_ = to_cell_stage(open_for(tree.commune))
    client = client_for(secretary_a)
    url = f"/danh-gia/{round_.pk}/chi-bo/{tree.cell_a.pk}/"
    assert "Ngày nghỉ thai sản" in client.get(url).content.decode()
    for value, sick, words in (
        ("400", "", "số ngày nghỉ thai sản phải từ 0 đến 366"),
        ("-3", "", "số ngày nghỉ thai sản phải từ 0 đến 366"),
        ("2,5", "", "số ngày nghỉ thai sản: nhập số nguyên"),
        ("ba", "", "«ba» không phải là số"),
        ("300", "100", "cộng lại (400) không được quá 366"),
    ):
        data = grid_post([a], **{str(a.pk): {"s": "80", "ts": value, "o": sick}})
        response = client.post(url, data)
        assert response.status_code == 400 and words in response.content.decode(), value
        assert f'name="ts{a.pk}" value="{value}"' in response.content.decode()
    assert not MemberEvaluation.objects.exists()
    data = grid_post([a], **{str(a.pk): {"s": "80", "ts": "120"}})
    assert client.post(url, data).status_code == 302
    row = MemberEvaluation.objects.get()
    assert row.maternity_leave_days == 120 and row.proposed_rating == Rating.GOOD
    page = client.get(url).content.decode()
    assert f'name="ts{a.pk}" value="120"' in page
    assert "Nghỉ thai sản 120 ngày: xếp loại theo kết quả thời gian làm việc thực tế." in page


def test_someone_without_a_member_record_has_no_self_review(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    round_ = open_for(tree.commune)
    assert client_for(secretary_a).get(f"/danh-gia/{round_.pk}/tu-kiem-diem/").status_code == 404
