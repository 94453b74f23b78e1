"""The definition language: what parses, what each mistake says (in Vietnamese, naming the
word), and that no input makes the parser fail with anything but DefinitionError."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Q
from hypothesis import given, settings
from hypothesis import strategies as st

from dangbo.indicators.definition import DefinitionError, parse
from dangbo.indicators.sources import SOURCES

DAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("text", "source", "count"),
    [
        ("members", "members", 0),
        ("  MEMBERS  ", "members", 0),
        ("member_ratings where rating in (excellent, good)", "member_ratings", 1),
        ("member_ratings where rating in (htxs,htt)", "member_ratings", 1),
        ("organizations where kind in (cell, grassroots_cell)", "organizations", 1),
        ("meetings where status = held and date <= today", "meetings", 2),
        ("meetings where date >= 2026-01-01 and status != planned", "meetings", 2),
        ("attendance where mark = present and exempt = false", "attendance", 2),
        ("members where theory_level not in (none, elementary)", "members", 1),
        ("four_good where recognized = có", "four_good", 1),
    ],
)
def test_valid_definitions_parse(text: str, source: str, count: int) -> None:
    definition = parse(text)
    assert definition.source.name == source
    assert len(definition.conditions) == count
    assert isinstance(definition.q(), Q)
    assert definition.text()


def test_values_compile_to_stored_values() -> None:
    q = parse("member_ratings where rating in (excellent, good)").conditions[0].q(DAY)
    assert q == Q(rating_final__in=["htxs", "htt"])
    assert parse("meetings where date <= today").conditions[0].q(DAY) == Q(date__lte=DAY)
    negated = parse("meetings where status != held").conditions[0].q(DAY)
    assert negated == ~Q(status="held")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "Định nghĩa trống"),
        ("abc", "Không có nguồn dữ liệu «abc» (vị trí 1). Các nguồn: members"),
        ("members where x = 1", "Trường «x» (vị trí 15) không có trong nguồn «members»"),
        (
            "member_ratings where rating = y",
            "Giá trị «y» (vị trí 31) không hợp lệ cho trường «rating»: dùng một trong htxs",
        ),
        ("members where", "còn thiếu tên trường"),
        ("members where status", "còn thiếu phép so sánh"),
        ("members where status official", "cần phép so sánh"),
        ("members where status < official", "chỉ dùng cho trường ngày"),
        ("members where status in official", "cần danh sách giá trị trong ngoặc"),
        ("members where status in (official", "còn thiếu dấu «)»"),
        ("members where status in (official official)", "cần dấu phẩy"),
        ("members status = official", "cần «where», không phải «status»"),
        ("members where status = official or sex = male", "cần «and», không phải «or»"),
        ("meetings where date <= tomorrow", "Giá trị «tomorrow»"),
        ("members where status = !", "Ký tự «!»"),
        ("members where status = (", "Giá trị «(»"),
        ("x" * 3000, "dài quá"),
    ],
)
def test_mistakes_are_named_in_vietnamese(text: str, expected: str) -> None:
    with pytest.raises(DefinitionError) as error:
        parse(text)
    assert expected in str(error.value)


WORDS = st.sampled_from(
    [
        *SOURCES,
        "where",
        "and",
        "in",
        "not",
        "=",
        "!=",
        "<=",
        "(",
        ")",
        ",",
        "rating",
        "status",
        "kind",
        "excellent",
        "held",
        "today",
        "true",
        "cell",
        "đảng",
        "\x00",
        "'",
        '"',
        ";",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=12).map(" ".join))
def test_word_salad_never_crashes(text: str) -> None:
    try:
        parse(text)
    except DefinitionError as error:
        assert str(error)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_garbage_never_crashes(text: str) -> None:
    try:
        parse(text)
    except DefinitionError as error:
        assert str(error)
