from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from dangbo.core.models import Rule
from dangbo.core.rules import rule, rule_row

pytestmark = pytest.mark.django_db


def test_the_transfer_deadline_before_july_2025_comes_from_qd_24_and_after_from_qd_294() -> None:
    old = rule_row("transfer_present_working_days", date(2025, 6, 30))
    new = rule_row("transfer_present_working_days", date(2025, 7, 1))

    assert old.source.startswith("QĐ 24") and new.source.startswith("QĐ 294")
    assert rule("transfer_present_working_days", date(2025, 7, 1)) == 30


def test_a_new_rule_row_changes_the_value_from_its_date_only() -> None:
    Rule.objects.create(key="probation_months", value=9, source="Thử", valid_from=date(2030, 1, 1))

    assert rule("probation_months", date(2029, 12, 31)) == 12
    assert rule("probation_months", date(2030, 1, 1)) == 9


def test_a_missing_rule_fails_loudly() -> None:
    with pytest.raises(ImproperlyConfigured):
        rule("no_such_rule", date(2025, 1, 1))


def test_every_rule_the_brief_lists_is_loaded() -> None:
    assert rule("badge_years")[:4] == [30, 40, 45, 50]
    assert rule("badge_occasions") == ["02-03", "05-19", "09-02", "11-07"]
    assert rule("badge_early_months_ill") == {"<=65": 12, ">=70": 24}
    assert rule("admission_age") == {"min_years": 18, "max_years": 60}
    assert rule("transfer_process_working_days") == 60
