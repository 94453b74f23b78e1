"""Coverage of a document: the share of members on the roll (not exempt) who attended at least
one session, per child unit and for the subtree, computed in SQL as of a date."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import Tree
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.members import services as member_services
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.services import Decision
from dangbo.study import services
from dangbo.study.models import StudyLevel
from dangbo.study.queries import coverage, not_studied
from dangbo.study.tests.factories import StudySessionFactory

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2025, 12, 31)


def test_coverage_counts_each_cell_and_the_commune_and_lists_who_has_not_studied(
    tree: Tree, django_assert_max_num_queries: object
) -> None:
    document = DocumentFactory.create(issuer=tree.commune)
    a = MemberFactory.create_batch(4, organization=tree.cell_a)
    b = MemberFactory.create_batch(2, organization=tree.cell_b)
    exempt = MemberFactory.create(organization=tree.cell_b)
    member_services.exempt_member(
        actor=None, member=exempt, decision=Decision(effective_on=dt.date(2025, 1, 6))
    )
    first = StudySessionFactory.create(organization=tree.cell_a, document=document)
    makeup = StudySessionFactory.create(
        organization=tree.cell_a, document=document, held_on=dt.date(2025, 12, 20)
    )
    cell_b = StudySessionFactory.create(organization=tree.cell_b, document=document)
    services.record_attendance(actor=None, session=first, member_ids=[a[0].pk, a[1].pk])
    # Attending twice (the session and a make-up) counts once.
    services.record_attendance(actor=None, session=makeup, member_ids=[a[1].pk, a[2].pk])
    services.record_attendance(actor=None, session=cell_b, member_ids=[b[0].pk, exempt.pk])
    # Another document's session does not count for this one.
    other = StudySessionFactory.create(organization=tree.cell_a)
    services.record_attendance(actor=None, session=other, member_ids=[a[3].pk])

    with django_assert_max_num_queries(2):  # type: ignore[operator]
        result = coverage(document, tree.commune, AS_OF)

    by_unit = {row.organization.pk: (row.expected, row.studied) for row in result.rows}
    assert by_unit == {tree.cell_a.pk: (4, 3), tree.cell_b.pk: (2, 1)}
    assert (result.total.expected, result.total.studied) == (6, 4)
    assert round(result.total.percent or 0, 1) == 66.7
    assert set(not_studied(document, tree.commune, AS_OF)) == {a[3], b[1]}


def test_coverage_as_of_an_earlier_date_ignores_later_sessions(tree: Tree) -> None:
    document = DocumentFactory.create(issuer=tree.commune)
    member = MemberFactory.create(organization=tree.cell_a)
    session = StudySessionFactory.create(
        organization=tree.cell_a, document=document, held_on=dt.date(2025, 12, 20)
    )
    services.record_attendance(actor=None, session=session, member_ids=[member.pk])

    before = coverage(document, tree.cell_a, dt.date(2025, 12, 15))
    after = coverage(document, tree.cell_a, dt.date(2025, 12, 31))

    assert (before.total.studied, after.total.studied) == (0, 1)
    # A cell has no children: its own members make its one row.
    assert [row.organization for row in after.rows] == [tree.cell_a]


def test_a_unit_with_no_member_shows_no_percentage(tree: Tree) -> None:
    document = DocumentFactory.create(issuer=tree.root)
    StudySessionFactory.create(organization=tree.root, document=document, level=StudyLevel.PROVINCE)

    result = coverage(document, tree.root, AS_OF)

    assert result.total.expected == 0 and result.total.percent is None
    assert {row.organization for row in result.rows} == {tree.commune, tree.agencies}
