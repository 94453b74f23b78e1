"""plan_entry: a record brought in from a roll, checked as create_member checks it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from dangbo.core.workdays import add_months
from dangbo.members.models import Ethnicity, EventKind, MemberStatus
from dangbo.members.services.bulk import plan_entry

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 23)
AGES = {"min_years": 18, "max_years": 60}


def _plan(data: dict[str, Any], **dates: date | None) -> Any:
    admitted_on = dates.get("admitted_on") or date(2005, 5, 10)
    return plan_entry(
        organization_id=7,
        data=data,
        decision_date=dates.get("decision_date") or admitted_on,
        admitted_on=admitted_on,
        official_on=dates.get("official_on", date(2006, 5, 10)),
        probation_end=lambda day: add_months(day, 12),
        admission_ages=AGES,
        now=TODAY,
    )


def _person(**extra: Any) -> dict[str, Any]:
    return {"full_name": "Nguyễn Văn An", "sex": "male", "birth_date": date(1980, 3, 5), **extra}


def test_an_official_member_is_planned_with_both_events_and_the_final_state() -> None:
    kinh = Ethnicity.objects.get(name="Kinh")

    entry = _plan(_person(ethnicity_id=kinh.pk, phone="0913 123 456"))

    assert entry.facts["ethnicity_id"] == kinh.pk
    assert entry.facts["phone"] == "0913 123 456"
    assert entry.facts["theory_level"] == "none"  # what the form leaves when nothing is said
    assert entry.facts["religion_id"] is None
    assert [event.kind for event, _ in entry.steps] == [
        EventKind.ADMITTED,
        EventKind.CONFIRMED_OFFICIAL,
    ]
    assert entry.state.status == MemberStatus.OFFICIAL
    assert entry.state.organization_id == 7
    assert entry.state.official_on == date(2006, 5, 10)


def test_a_catalog_row_may_be_given_as_an_instance_and_is_stored_by_its_id() -> None:
    kinh = Ethnicity.objects.get(name="Kinh")

    entry = _plan(_person(ethnicity=kinh))

    assert entry.facts["ethnicity_id"] == kinh.pk
    assert "ethnicity" not in entry.facts


def test_text_is_composed_and_trimmed_as_the_form_stores_it() -> None:
    entry = _plan(_person(full_name=" Nguye\u0302\u0303n Văn An ", hometown="Cà Mau "))

    assert entry.facts["full_name"] == "Nguyễn Văn An"
    assert entry.facts["hometown"] == "Cà Mau"


@pytest.mark.parametrize(
    ("data", "dates", "field", "words"),
    [
        (_person(sex=""), {}, "sex", "bắt buộc"),
        (_person(full_name="  "), {}, "full_name", "Nhập họ và tên"),
        (_person(national_id="12345"), {}, "national_id", "12 chữ số"),
        (_person(birth_date=date(1995, 1, 1)), {"admitted_on": date(2010, 1, 1),
         "official_on": None}, "birth_date", "Chưa đủ 18 tuổi"),
        (_person(), {"admitted_on": date(2005, 5, 10), "official_on": date(2005, 12, 1)},
         "official_on", "12 tháng dự bị"),
        (_person(), {"admitted_on": date(2027, 1, 1), "official_on": None}, "admitted_on",
         "sau ngày hôm nay"),
    ],
)  # fmt: skip
def test_what_create_member_refuses_is_refused(
    data: dict[str, Any], dates: dict[str, date | None], field: str, words: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        _plan(data, **dates)

    messages = refused.value.message_dict[field]
    assert any(words in message for message in messages), messages
