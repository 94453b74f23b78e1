"""What the upload read of a file, kept beside it: loaded instead of reading the file again,
and never trusted when this server did not write it."""

from __future__ import annotations

import collections
import pickle
import zlib

import pytest
from django.core.files.base import ContentFile
from django.test import override_settings
from openpyxl import Workbook as OpenpyxlWorkbook
from openpyxl.worksheet.worksheet import Worksheet

from conftest import Tree
from dangbo.imports import engine
from dangbo.imports.engine import parsed
from dangbo.imports.models import ImportJob, JobStatus
from dangbo.imports.reading import read_file
from dangbo.imports.tests.test_engine import HEADER, ROWS, upload
from dangbo.imports.tests.test_reading import xlsx
from dangbo.members.models import Member


def _many(count: int) -> str:
    return "".join(
        f"{n};Đảng viên Số {n};05/03/1980;Nam;Kinh;;;10/05/2005;10/05/2006\n"
        for n in range(1, count + 1)
    )


def _replace_part(job: ImportJob, part: str, content: bytes) -> None:
    name = f"{job.file.name}.{part}"
    job.file.storage.delete(name)
    job.file.storage.save(name, ContentFile(content))


def test_the_upload_keeps_every_row_and_the_head_of_what_it_read(tree: Tree) -> None:
    job = upload(tree, HEADER + _many(engine.HEAD_ROWS + 20))
    with job.file.open("rb") as handle:
        read = read_file(handle.read(), job.file_name)
    kept = parsed.load(job)
    assert kept is not None and kept == read
    head = parsed.load(job, head=True)
    assert head is not None
    assert head.sheets[0].rows == read.sheets[0].rows[: engine.HEAD_ROWS]
    assert head.sheets[0].total_rows == engine.HEAD_ROWS + 21


def test_the_kept_head_is_what_reading_only_the_head_gives() -> None:
    # A cell merged down across the head's last row (the unit written once for a block).
    def build(book: OpenpyxlWorkbook) -> None:
        sheet = book.active
        assert isinstance(sheet, Worksheet)
        sheet.append(["STT", "Họ và tên", "Chi bộ"])
        for n in range(1, 41):
            sheet.append([n, f"Đảng viên {n}", "Chi bộ 1" if n == 1 else None])
        sheet.merge_cells("C2:C30")

    data = xlsx(build)
    kept = parsed.head_of(read_file(data, "ds.xlsx"), rows=10)
    assert kept == read_file(data, "ds.xlsx", head_rows=10)
    assert kept.sheets[0].merged == [(1, 2, 9, 2)]


def test_the_run_goes_by_what_was_kept_not_by_reading_the_file_again(tree: Tree) -> None:
    job = upload(tree, HEADER + ROWS)
    # The upload itself, overwritten after the fact, is not read again.
    name = job.file.name
    job.file.storage.delete(name)
    job.file.storage.save(name, ContentFile(b"\x00 not a spreadsheet"))
    done = engine.run(job, "commit", actor=None)
    assert done.status == JobStatus.DONE, done.message
    assert Member.objects.filter(organization=tree.cell_a).count() == 3


def test_a_tampered_part_is_ignored_and_the_file_read_again(tree: Tree) -> None:
    job = upload(tree, HEADER + ROWS)
    with job.file.storage.open(f"{job.file.name}.rows", "rb") as handle:
        blob = bytearray(handle.read())
    blob[-1] ^= 0xFF
    _replace_part(job, "rows", bytes(blob))
    assert parsed.load(job) is None
    done = engine.run(job, "commit", actor=None)
    assert done.status == JobStatus.DONE, done.message
    assert done.counts["new"] == 3


def test_a_part_signed_with_another_key_is_ignored(tree: Tree) -> None:
    with override_settings(SECRET_KEY="another-server-" * 4):
        job = upload(tree, HEADER + ROWS)
    assert parsed.load(job) is None and parsed.load(job, head=True) is None


@pytest.mark.parametrize(
    "value", [collections.OrderedDict(a=1), [1, 2, 3]], ids=["foreign class", "not a workbook"]
)
def test_only_the_readers_own_types_are_unpickled(tree: Tree, value: object) -> None:
    job = upload(tree, HEADER + ROWS)
    payload = zlib.compress(pickle.dumps(value))
    _replace_part(job, "rows", parsed._sign(payload) + payload)
    assert parsed.load(job) is None
