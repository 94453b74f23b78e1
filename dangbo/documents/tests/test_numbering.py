"""Numbering per HD 36 (regulations.md §7.4): per kind within a term, not reset at the new
year, congress documents in one sequence, numbers never reused, wrong symbols refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.core.models import Rule
from dangbo.documents import services
from dangbo.documents.models import DocKind, DocStatus, Document, NumberSequence
from dangbo.orgs import services as org_services
from dangbo.orgs.models import Term

pytestmark = pytest.mark.django_db


def draft(tree: Tree, kind: str = DocKind.PROGRAM, congress: bool = False) -> Document:
    return services.create_document(
        actor=None, kind=kind, issuer=tree.commune, title="Văn bản thử", congress=congress
    )


def issue(doc: Document, day: dt.date = dt.date(2025, 11, 20), **kw: object) -> Document:
    return services.issue_document(actor=None, document=doc, issued_on=day, **kw)  # type: ignore[arg-type]


@pytest.fixture
def term(tree: Tree) -> object:
    return org_services.create_term(
        actor=None,
        org=tree.commune,
        name="2025–2030",
        starts_on=dt.date(2025, 9, 1),
        ends_on=dt.date(2030, 8, 31),
    )


def test_each_kind_numbers_from_01_within_a_term_and_symbols_read_as_the_party_writes(
    tree: Tree, term: object
) -> None:
    first = issue(draft(tree))
    second = issue(draft(tree))
    plan = issue(draft(tree, DocKind.PLAN))
    assert (first.symbol, second.symbol, plan.symbol) == ("01-CTr/ĐU", "02-CTr/ĐU", "01-KH/ĐU")
    assert first.term == term and first.status == DocStatus.ISSUED


def test_the_sequence_is_not_reset_at_the_new_year(tree: Tree, term: object) -> None:
    issue(draft(tree), dt.date(2025, 12, 30))
    january = issue(draft(tree), dt.date(2026, 1, 5))
    assert january.number == 2


def test_a_new_term_starts_again_from_01(tree: Tree, term: object) -> None:
    org_services.create_term(
        actor=None,
        org=tree.commune,
        name="2020–2025",
        starts_on=dt.date(2020, 9, 1),
        ends_on=dt.date(2025, 8, 31),
    )
    issue(draft(tree), dt.date(2025, 10, 1))
    older = issue(draft(tree), dt.date(2024, 3, 1))
    assert older.number == 1 and older.term is not None and older.term.name == "2020–2025"


def test_congress_documents_share_one_sequence_across_kinds(tree: Tree, term: object) -> None:
    resolution = issue(draft(tree, DocKind.RESOLUTION, congress=True))
    report = issue(draft(tree, DocKind.REPORT, congress=True))
    ordinary = issue(draft(tree, DocKind.RESOLUTION))
    assert (resolution.number, report.number, ordinary.number) == (1, 2, 1)


def test_a_committee_rule_can_share_its_sequence_across_kinds(tree: Tree) -> None:
    Rule.objects.create(
        key="documents.numbering_scope", value="shared", valid_from=dt.date(2025, 1, 1), source="QC"
    )
    assert [issue(draft(tree, k)).number for k in (DocKind.PROGRAM, DocKind.PLAN)] == [1, 2]


def test_a_document_is_issued_once_even_from_a_stale_copy(tree: Tree) -> None:
    doc = draft(tree)
    stale = Document.objects.get(pk=doc.pk)
    issue(doc)
    with pytest.raises(ValidationError) as err:
        issue(stale)
    assert "không cấp số lần nữa" in str(err.value)
    assert Document.objects.filter(number__isnull=False).count() == 1


def test_a_number_is_never_reused_after_a_document_is_replaced(tree: Tree) -> None:
    old = issue(draft(tree))
    new = issue(draft(tree))
    services.replace_document(actor=None, document=old, replaced_by=new)
    assert issue(draft(tree)).number == 3


def test_register_an_earlier_paper_document_moves_the_sequence_past_it(tree: Tree) -> None:
    doc = services.register_issued_document(
        actor=None,
        symbol="Số 07-CTr/ĐU",
        kind=DocKind.PROGRAM,
        issuer=tree.commune,
        title="Chương trình trên giấy",
        issued_on=dt.date(2025, 10, 1),
        earlier=True,
    )
    assert doc.symbol == "07-CTr/ĐU" and doc.status == DocStatus.ISSUED
    assert issue(draft(tree)).number == 8


@pytest.mark.parametrize(
    ("symbol", "kind", "message"),
    [
        ("02-CTr/ĐU", DocKind.PROGRAM, "đã dùng"),
        ("05-CTr/ĐU", DocKind.PROGRAM, "không liền số"),
        ("02-KH/ĐU", DocKind.PROGRAM, "không khớp loại"),
        ("CTr 02 ĐU", DocKind.PROGRAM, "không đúng mẫu"),
        ("02-XYZ/ĐU", DocKind.PROGRAM, "không có"),
    ],
)
def test_wrong_symbols_are_refused_on_the_symbol_field(
    tree: Tree, symbol: str, kind: str, message: str
) -> None:
    issue(draft(tree))
    issue(draft(tree))
    with pytest.raises(ValidationError) as err:
        services.register_issued_document(
            actor=None,
            symbol=symbol,
            kind=kind,
            issuer=tree.commune,
            title="Trùng số",
            issued_on=dt.date(2025, 11, 21),
        )
    assert message in " ".join(err.value.message_dict["symbol"])
    assert Document.objects.count() == 2  # nothing written


def test_a_future_or_unruled_issue_date_is_a_field_error(tree: Tree) -> None:
    for day in (dt.date(2999, 1, 1), dt.date(2001, 1, 1)):
        with pytest.raises(ValidationError) as err:
            issue(draft(tree), day)
        assert "issued_on" in err.value.message_dict


def test_issued_documents_keep_their_number_and_only_wording_changes(tree: Tree) -> None:
    doc = issue(draft(tree))
    services.update_document(actor=None, document=doc, title="Trích yếu đã sửa", body="Nội dung")
    doc.refresh_from_db()
    assert doc.title == "Trích yếu đã sửa" and doc.symbol == "01-CTr/ĐU"
    with pytest.raises(ValidationError) as err:
        services.update_document(actor=None, document=doc, kind=DocKind.PLAN)
    assert "kind" in err.value.message_dict


def test_secretary_of_a_cell_cannot_issue_for_the_commune(tree: Tree, secretary_a: User) -> None:
    doc = draft(tree)
    with pytest.raises(PermissionDenied):
        services.issue_document(actor=secretary_a, document=doc, issued_on=dt.date(2025, 11, 1))
    own = services.create_document(
        actor=secretary_a, kind=DocKind.REPORT, issuer=tree.cell_a, title="Báo cáo tháng"
    )
    assert own.issuer_code == "CB"
    assert issue(own).symbol == "01-BC/CB"


def test_every_write_is_audited(tree: Tree) -> None:
    from dangbo.audit.models import AuditEvent

    issue(draft(tree))
    actions = list(AuditEvent.objects.order_by("seq").values_list("action", flat=True))
    assert actions[-2:] == ["document.create", "document.issue"]


@pytest.mark.parametrize("with_term", [False, True])
def test_a_sequence_exists_once_with_or_without_a_term(tree: Tree, with_term: bool) -> None:
    term = None
    if with_term:
        term = Term.objects.create(
            organization=tree.commune,
            name="2025–2030",
            starts_on=dt.date(2025, 10, 1),
            ends_on=dt.date(2030, 9, 30),
        )
    NumberSequence.objects.create(issuer=tree.commune, term=term, kind="NQ")

    with pytest.raises(IntegrityError), transaction.atomic():
        NumberSequence.objects.create(issuer=tree.commune, term=term, kind="NQ")
