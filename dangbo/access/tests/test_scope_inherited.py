"""Issued documents (and what hangs off them) are read by the units below their issuer;
drafts and anything of a sibling stay hidden (access.scoping `scope_inherited`)."""

from __future__ import annotations

import pytest

from conftest import Tree
from dangbo.access.scoping import scope
from dangbo.accounts.models import User
from dangbo.documents.models import DocStatus, Document
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.targets.models import Target
from dangbo.targets.tests.factories import TargetFactory

pytestmark = pytest.mark.django_db


def test_cell_secretary_reads_the_communes_issued_resolution(tree: Tree, secretary_a: User):
    issued = DocumentFactory.create(issuer=tree.commune)
    assert scope(secretary_a, Document).filter(pk=issued.pk).exists()


def test_cell_secretary_does_not_read_the_communes_draft(tree: Tree, secretary_a: User):
    draft = DocumentFactory.create(issuer=tree.commune, status=DocStatus.DRAFT, number=None)
    assert not scope(secretary_a, Document).filter(pk=draft.pk).exists()


def test_cell_secretary_does_not_read_the_sibling_cells_issued_document(
    tree: Tree, secretary_a: User
):
    sibling = DocumentFactory.create(issuer=tree.cell_b)
    assert not scope(secretary_a, Document).filter(pk=sibling.pk).exists()


def test_reading_down_is_for_viewing_only(tree: Tree, secretary_a: User):
    issued = DocumentFactory.create(issuer=tree.commune)
    assert not scope(secretary_a, Document, "edit").filter(pk=issued.pk).exists()


def test_member_reads_the_targets_of_the_provinces_issued_program(tree: Tree, member_a: User):
    target = TargetFactory.create(document=DocumentFactory.create(issuer=tree.root))
    assert scope(member_a, Target).filter(pk=target.pk).exists()


def test_outsider_reads_no_issued_document(tree: Tree, outsider: User):
    DocumentFactory.create(issuer=tree.root)
    assert not scope(outsider, Document).exists()
