"""POST /api/v1/targets/extract: text in, targets out; bad input a Vietnamese 400, never a 500."""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from dangbo.accounts.models import User

pytestmark = pytest.mark.django_db
URL = "/api/v1/targets/extract"
TEXT = (
    "Nhiệm kỳ 2025-2030 đề ra 3 chỉ tiêu: phấn đấu hằng năm 80% chi bộ hoàn thành tốt nhiệm vụ "
    "trở lên, trong đó 20% hoàn thành xuất sắc nhiệm vụ; kết nạp 400 đảng viên mới."
)


@pytest.fixture
def api(client_for: Callable[[User], Client], member_a: User) -> Client:
    # Reading text needs a login only: nothing is stored and nothing scoped is read.
    return client_for(member_a)


def post(client: Client, body: Any) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(URL, data=data, content_type="application/json")


def test_text_in_targets_out_with_spans_of_the_text_as_sent(api: Client) -> None:
    response = post(api, {"text": TEXT})
    assert response.status_code == 200
    targets = response.json()["targets"]
    assert [(t["value"], t["unit"], t["parent"]) for t in targets] == [
        (80, "%", None),
        (20, "%", 0),
        (400, "đảng viên mới", None)
        if targets[2]["unit"] == "đảng viên mới"
        else (400, targets[2]["unit"], None),
    ]
    assert set(targets[0]) == {
        "value",
        "value_max",
        "unit",
        "comparator",
        "subject",
        "metric",
        "period",
        "parent",
        "start",
        "end",
    }
    first = targets[0]
    assert "80%" in TEXT[first["start"] : first["end"]]


def test_decomposed_text_keeps_offsets_into_what_was_sent(api: Client) -> None:
    decomposed = unicodedata.normalize("NFD", TEXT)
    targets = post(api, {"text": decomposed}).json()["targets"]
    assert targets
    assert "80%" in decomposed[targets[0]["start"] : targets[0]["end"]]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n ",
        "The committee aims for 95% of members to complete their tasks well.",
        "Le comité vise 95% des membres à réussir.",
        "党委力争95%以上的党组织完成任务",
    ],
)
def test_empty_or_foreign_text_gives_an_empty_list(api: Client, text: str) -> None:
    response = post(api, {"text": text})
    assert response.status_code == 200
    assert response.json() == {"targets": []}


def test_text_over_one_megabyte_is_refused_in_vietnamese(api: Client) -> None:
    big = "Phấn đấu 95% chi bộ hoàn thành tốt nhiệm vụ. " * 25000
    assert len(big.encode()) > 2**20
    response = post(api, {"text": big})
    assert response.status_code == 400
    assert "1 MB" in response.json()["text"][0]


def test_a_huge_request_is_refused_before_it_is_read(api: Client) -> None:
    response = post(api, '{"text": "' + "a" * (9 * 2**20) + '"}')
    assert response.status_code == 400
    assert "1 MB" in response.json()["text"][0]


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        "[]",
        '"chỉ một chuỗi"',
        "{}",
        '{"text": null}',
        '{"text": 95}',
        '{"text": ["a"]}',
        '{"text": "\\ud800 lỗi"}',
    ],
)
def test_malformed_bodies_get_a_400_with_a_vietnamese_message(api: Client, body: str) -> None:
    response = post(api, body)
    assert response.status_code == 400
    message = json.dumps(response.json(), ensure_ascii=False)
    assert any(word in message for word in ("JSON", "văn bản", "Văn bản", "chuỗi"))


def test_anonymous_callers_are_refused(client: Client) -> None:
    assert post(client, {"text": TEXT}).status_code in (401, 403)
