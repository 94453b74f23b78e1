"""Factories for documents and their attachments (scope contract: tests/test_scope_contract.py
discovers them; `markers` are texts unique to the object that a page or the API would show)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from dangbo.documents.models import Attachment, DocKind, DocStatus, Document
from dangbo.documents.search import index_text
from dangbo.orgs.models import Organization


class DocumentFactory(DjangoModelFactory[Document]):
    """An issued program of action; `status=DocStatus.DRAFT, number=None` for a draft."""

    class Meta:
        model = Document

    kind = DocKind.PROGRAM
    issuer: Any = None
    number = factory.Sequence(lambda n: n + 1)
    issuer_code = "ĐU"
    issued_on = dt.date(2025, 11, 20)
    place = "Cà Mau"
    signer = "Nguyễn Văn Ký"
    signer_capacity = "T/M BAN THƯỜNG VỤ — BÍ THƯ"
    title = factory.Sequence(lambda n: f"Chương trình hành động kiểm thử {n:04d}")
    body = "Phấn đấu 95% trở lên tổ chức đảng hoàn thành tốt nhiệm vụ."
    status = DocStatus.ISSUED
    # What services.create_document stores, so factory documents are found by search too.
    search_text = factory.LazyAttribute(
        lambda o: index_text(
            o.title, f"{o.number:02d}-{o.kind}/{o.issuer_code}" if o.number else "", o.body
        )
    )

    @classmethod
    def create_in(cls, org: Organization) -> Document:
        return cls.create(issuer=org)

    @classmethod
    def markers(cls, document: Document) -> list[str]:
        return [document.title]


class AttachmentFactory(DjangoModelFactory[Attachment]):
    class Meta:
        model = Attachment

    document: Any = None
    name = factory.Sequence(lambda n: f"tep-dinh-kem-kiem-thu-{n:04d}.txt")
    size = 24
    sha256 = factory.Sequence(lambda n: f"{n:064d}")
    file = factory.LazyAttribute(lambda o: ContentFile("Nội dung tệp kiểm thử.".encode(), o.name))

    @classmethod
    def create_in(cls, org: Organization) -> Attachment:
        return cls.create(document=DocumentFactory.create(issuer=org))

    @classmethod
    def markers(cls, attachment: Attachment) -> list[str]:
        return [attachment.name]
