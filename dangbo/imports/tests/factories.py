"""Factories for import jobs, their records and remembered mappings (scope contract:
tests/test_scope_contract.py discovers them; `markers` are texts unique to the object)."""

from __future__ import annotations

from typing import Any

import factory
from django.core.files.base import ContentFile
from factory.django import DjangoModelFactory

from dangbo.imports.models import ColumnMapping, ImportJob, ImportRecord, JobStatus, RecordAction
from dangbo.orgs.models import Organization


class ImportJobFactory(DjangoModelFactory[ImportJob]):
    class Meta:
        model = ImportJob

    spec = "members"
    organization: Any = None
    file_name = factory.Sequence(lambda n: f"danh-sach-kiem-thu-{n:04d}.csv")
    file_hash = factory.Sequence(lambda n: f"{n:064d}")
    file_size = 64
    file_format = "csv"
    status = JobStatus.CHECKED
    file = factory.LazyAttribute(
        lambda o: ContentFile("Họ và tên;Ngày sinh\nKiểm thử;01/01/1980\n".encode(), o.file_name)
    )

    @classmethod
    def markers(cls, job: ImportJob) -> list[str]:
        return [job.file_name]


class ImportRecordFactory(DjangoModelFactory[ImportRecord]):
    class Meta:
        model = ImportRecord

    job: Any = None
    object_id = factory.Sequence(lambda n: 900_000 + n)
    action = RecordAction.CREATED
    row = 2

    @classmethod
    def create_in(cls, org: Organization) -> ImportRecord:
        return cls.create(job=ImportJobFactory.create(organization=org))

    @classmethod
    def markers(cls, record: ImportRecord) -> list[str]:
        return [record.job.file_name]


class ColumnMappingFactory(DjangoModelFactory[ColumnMapping]):
    class Meta:
        model = ColumnMapping

    organization: Any = None
    spec = "members"
    header_key = factory.Sequence(lambda n: f"cotkiemthu{n:04d}")
    field = "full_name"

    @classmethod
    def markers(cls, mapping: ColumnMapping) -> list[str]:
        return [mapping.header_key]
