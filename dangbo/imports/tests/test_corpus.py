"""Every file of the ugly-file corpus (tests/data/imports, made by generate.py) imports to
the state expected.json describes, or is refused with the reasons it lists, writing nothing."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from conftest import Tree
from dangbo.imports import engine, services
from dangbo.imports.models import ImportJob, JobStatus
from dangbo.members.models import Member
from dangbo.orgs.models import Organization

CORPUS = Path(__file__).resolve().parents[3] / "tests" / "data" / "imports"
CASES: list[dict[str, Any]] = json.loads((CORPUS / "expected.json").read_text("utf-8"))


def _case_id(case: dict[str, Any]) -> str:
    extra = "-skip" if case["options"].get("skip_invalid") else ""
    sheet = f"-{case['sheet']}" if case.get("sheet") else ""
    return f"{case['file']}{sheet}{extra}"


def _dmy(text: str | None) -> date | None:
    if not text:
        return None
    day, month, year = (int(part) for part in text.split("/"))
    return date(year, month, day)


def _data(case: dict[str, Any]) -> bytes:
    if case.get("generated_by_test"):
        # A valid xlsx padded past 50 MB with a stored (uncompressed) member.
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr("padding.bin", b"\0" * (50 * 2**20))
        return buffer.getvalue()
    return (CORPUS / "files" / case["file"]).read_bytes()


def _upload(case: dict[str, Any]) -> ImportJob:
    job, _ = services.upload_file(
        actor=None,
        organization=Organization.objects.get(code=case["org"]),
        spec="members",
        file_name=case["file"],
        data=_data(case),
    )
    if case.get("sheet") == "all":
        job.all_sheets = True
    elif case.get("sheet"):
        job.sheet = case["sheet"]
    job.skip_invalid = bool(case["options"].get("skip_invalid"))
    job.save()
    return job


def _check_member(expected: dict[str, Any]) -> None:
    member = Member.objects.select_related("organization", "ethnicity", "religion").get(
        full_name=expected["full_name"], birth_date=_dmy(expected["birth_date"]) or date.min
    )
    got = {
        "birth_date_partial": member.birth_year_only,
        "sex": member.sex,
        "national_id": member.national_id,
        "card_number": member.card_number,
        "organization": member.organization.code,
        "admitted_on": member.admitted_on,
        "official_on": member.official_on,
    }
    wanted = {
        "birth_date_partial": expected["birth_date_partial"],
        "sex": expected["sex"],
        "national_id": expected["national_id"],
        "card_number": expected["card_number"],
        "organization": expected["organization"],
        "admitted_on": _dmy(expected["admitted_on"]),
        "official_on": _dmy(expected["official_on"]),
    }
    assert got == wanted, expected["full_name"]
    if expected.get("ethnicity"):
        assert member.ethnicity is not None and member.ethnicity.name == expected["ethnicity"]
    if expected.get("religion"):
        assert member.religion is not None and member.religion.name == expected["religion"]
    if expected.get("theory_level"):
        assert member.theory_level == expected["theory_level"], expected["full_name"]
    for key in ("hometown", "occupation", "phone", "party_position"):
        if expected.get(key):
            assert getattr(member, key) == expected[key], (expected["full_name"], key)


def _matches(error: dict[str, Any], wanted: dict[str, Any]) -> bool:
    fields = wanted["field"] if isinstance(wanted["field"], list) else [wanted["field"]]
    fields = ["" if f is None else f for f in fields]
    return (
        error["row"] == wanted["row"]
        and error["field"] in fields
        and wanted["contains"].lower() in error["reason"].lower()
    )


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_each_corpus_file_imports_as_expected(tree: Tree, case: dict[str, Any]) -> None:
    if case.get("file_error_contains"):
        with pytest.raises(ValidationError) as refused:
            _upload(case)
        assert case["file_error_contains"].lower() in " ".join(refused.value.messages).lower()
        assert not ImportJob.objects.exists()
        return
    job = engine.run(_upload(case), "commit", actor=None)
    for wanted in case["errors"]:
        assert any(_matches(e, wanted) for e in job.errors), (wanted, job.errors)
    if case["outcome"] == "refused":
        assert job.status == JobStatus.FAILED
        assert not Member.objects.exists()
        return
    assert job.status == JobStatus.DONE, (job.message, job.errors[:5])
    assert Member.objects.count() == len(case["members"])
    for expected in case["members"]:
        _check_member(expected)
