from __future__ import annotations

import pytest

from dangbo.members.models import Ethnicity, Religion
from dangbo.members.queries import catalog_entry

pytestmark = pytest.mark.django_db


def test_the_54_ethnic_groups_are_loaded_with_their_official_codes() -> None:
    assert Ethnicity.objects.count() == 54
    assert Ethnicity.objects.get(code="01").name == "Kinh"
    assert Ethnicity.objects.get(code="05").name == "Khơ-me"
    assert Ethnicity.objects.get(code="54").name == "Rơ-măm"


@pytest.mark.parametrize(
    ("typed", "official"),
    [
        ("khmer", "Khơ-me"),
        ("Khơ me", "Khơ-me"),
        ("Hán", "Hoa"),
        ("H'Mông", "Mông"),
        ("kinh", "Kinh"),
    ],
)
def test_common_spellings_find_the_official_ethnicity(typed: str, official: str) -> None:
    entry = catalog_entry(Ethnicity, typed)

    assert entry is not None and entry.name == official


def test_religion_none_is_a_row_and_unknown_text_finds_nothing() -> None:
    none = catalog_entry(Religion, "không")
    assert none is not None and none.code == "none"
    assert catalog_entry(Religion, "Thiên Chúa giáo") == Religion.objects.get(code="catholic")
    assert catalog_entry(Ethnicity, "Sao Hỏa") is None
    assert catalog_entry(Ethnicity, "  ") is None
