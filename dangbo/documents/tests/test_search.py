"""Search folds diacritics and case, matches title, symbol and body, and never widens what a
user sees: cell A's secretary finds the commune's issued documents, never cell B's drafts."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import Tree
from dangbo.access.scoping import scope
from dangbo.accounts.models import User
from dangbo.documents import services
from dangbo.documents.models import DocKind, Document
from dangbo.documents.queries import DocumentFilters, document_rows
from dangbo.documents.search import index_text, search
from dangbo.documents.tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db


def found(user: User, query: str) -> set[str]:
    return {d.title for d in document_rows(scope(user, Document), DocumentFilters(q=query))}


@pytest.fixture
def documents(tree: Tree) -> None:
    resolution = services.create_document(
        actor=None,
        kind=DocKind.RESOLUTION,
        issuer=tree.commune,
        title="Nghị quyết Đại hội Đảng bộ xã An Bình",
        body="Phấn đấu đến năm 2030 thu nhập bình quân đầu người đạt 120 triệu đồng.",
    )
    services.issue_document(actor=None, document=resolution, issued_on=dt.date(2025, 10, 1))
    services.create_document(
        actor=None,
        kind=DocKind.PLAN,
        issuer=tree.cell_b,
        title="Kế hoạch dự thảo của Ấp Hai",
        body="Đường giao thông nông thôn được bê tông hóa.",
    )
    services.create_document(
        actor=None,
        kind=DocKind.REPORT,
        issuer=tree.cell_a,
        title="Báo cáo tháng của Ấp Một",
        body="Đường giao thông ấp Một đã sửa xong.",
    )


def test_folded_words_drop_marks_case_and_punctuation() -> None:
    assert index_text("Nghị quyết 02-CTr/ĐU", "Đảng bộ") == "nghi quyet 02 ctr du dang bo"


@pytest.mark.usefixtures("documents")
def test_a_query_without_diacritics_finds_the_title_and_the_body(
    province_admin: User,
) -> None:
    assert found(province_admin, "nghi quyet") == {"Nghị quyết Đại hội Đảng bộ xã An Bình"}
    assert found(province_admin, "THU NHẬP binh quan") == {"Nghị quyết Đại hội Đảng bộ xã An Bình"}
    assert found(province_admin, "duong giao thong") == {
        "Kế hoạch dự thảo của Ấp Hai",
        "Báo cáo tháng của Ấp Một",
    }


@pytest.mark.usefixtures("documents")
def test_the_last_word_matches_as_a_prefix_and_every_word_must_match(
    province_admin: User,
) -> None:
    assert found(province_admin, "nghi quy") == {"Nghị quyết Đại hội Đảng bộ xã An Bình"}
    assert found(province_admin, "nghi quyet ke hoach") == set()


@pytest.mark.usefixtures("documents")
def test_a_one_letter_last_word_is_a_whole_word_not_a_prefix(province_admin: User) -> None:
    # As a prefix "a" would match "an", "ap"… in every document.
    assert found(province_admin, "nghi quyet a") == set()
    assert found(province_admin, "nghi quyet an") == {"Nghị quyết Đại hội Đảng bộ xã An Bình"}


@pytest.mark.usefixtures("documents")
def test_the_symbol_is_searchable(province_admin: User) -> None:
    assert found(province_admin, "01-NQ/ĐU") == {"Nghị quyết Đại hội Đảng bộ xã An Bình"}


@pytest.mark.usefixtures("documents")
def test_secretary_of_cell_a_finds_the_communes_issued_documents_not_cell_bs_drafts(
    secretary_a: User,
) -> None:
    assert found(secretary_a, "duong giao thong") == {"Báo cáo tháng của Ấp Một"}
    assert found(secretary_a, "nghi quyet dai hoi") == {"Nghị quyết Đại hội Đảng bộ xã An Bình"}


@pytest.mark.usefixtures("documents")
def test_outsider_finds_nothing(outsider: User) -> None:
    assert found(outsider, "nghi quyet") == set()


@pytest.mark.usefixtures("documents")
def test_queries_that_are_only_punctuation_or_fts_syntax_never_fail(
    province_admin: User,
) -> None:
    for query in ['"', "*", "AND OR NOT", "(", "-", "^", "NEAR(a b)", "'; DROP TABLE x; --"]:
        list(search(Document.objects.all(), query))
    assert len(found(province_admin, "   ")) == 3


def test_an_edit_is_found_at_once(tree: Tree, province_admin: User) -> None:
    doc = DocumentFactory.create(issuer=tree.commune, title="Văn bản cũ")
    services.update_document(actor=None, document=doc, body="Chuyển đổi số toàn diện")
    assert found(province_admin, "chuyen doi so") == {"Văn bản cũ"}
