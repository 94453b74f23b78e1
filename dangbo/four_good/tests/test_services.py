"""The four-good rules (regulations.md §2): the set applies by issuer and year, the measures
come from the data, the snapshot never moves, and bad input changes nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from conftest import Tree
from dangbo.four_good import services
from dangbo.four_good.models import FourGoodAssessment, Group, Measure
from dangbo.four_good.queries import applicable_set
from dangbo.four_good.services import ManualAnswer, SetInput
from dangbo.four_good.tests.helpers import YEAR, good_cell, manual_yes, province_set, refused
from dangbo.members import services as member_services
from dangbo.members.models import Member, Sanction
from dangbo.orgs.services import Decision


def test_case_1_a_cell_meeting_all_four_groups_is_eligible_and_recognized(tree: Tree) -> None:
    """§2 case 1: with "Tỉnh X 2025" loaded, a cell meeting all 4 groups is eligible; the
    direct superior (the commune) records the recognition."""
    s = province_set(tree.root)
    good_cell(tree.cell_a, tree.commune)
    assessment = services.assess(
        actor=None, organization=tree.cell_a, year=YEAR, manual_answers=manual_yes(s)
    )
    assert assessment.groups == {"1": True, "2": True, "3": True, "4": True}
    assert assessment.eligible
    values = {r["measure"]: r["value_text"] for r in assessment.results}
    assert values[Measure.REGULAR_MEETINGS] == "12/12 tháng có sinh hoạt thường kỳ"
    assert values[Measure.ORG_RATING] == "HTTNV"
    assert values[Measure.MEMBER_GOOD_SHARE] == "4/5 đảng viên = 80%"
    assert values[Measure.ADMISSIONS] == "Kết nạp 1 đảng viên"
    recognized = services.recognize(
        actor=None,
        assessment=assessment,
        decision_number="15-QĐ/ĐU",
        decision_date=dt.date(2026, 1, 20),
    )
    assert recognized.recognized and recognized.current and recognized.corrects == assessment
    assessment.refresh_from_db()
    assert not assessment.current


def test_case_2_missing_two_monthly_meetings_fails_group_2(tree: Tree) -> None:
    """§2 case 2: 10 of 12 monthly meetings, rule "đủ 12 kỳ" → group 2 fails → not bốn tốt."""
    s = province_set(tree.root)
    good_cell(tree.cell_a, tree.commune, months=10)
    assessment = services.assess(
        actor=None, organization=tree.cell_a, year=YEAR, manual_answers=manual_yes(s)
    )
    assert assessment.groups == {"1": True, "2": False, "3": True, "4": True}
    assert not assessment.eligible
    [row] = [r for r in assessment.results if r["measure"] == Measure.REGULAR_MEETINGS]
    assert row["value"] == "10" and row["passed"] is False and row["threshold"] == "12.00"


def test_case_3_changing_the_set_does_not_alter_earlier_recognitions(tree: Tree) -> None:
    """§2 case 3: once used, the set's criteria are locked; a new version with other criteria
    applies to later years and leaves the recognition of 2025 as it was issued."""
    s = province_set(tree.root)
    good_cell(tree.cell_a, tree.commune)
    assessment = services.assess(
        actor=None, organization=tree.cell_a, year=YEAR, manual_answers=manual_yes(s)
    )
    recognized = services.recognize(
        actor=None,
        assessment=assessment,
        decision_number="15-QĐ/ĐU",
        decision_date=dt.date(2026, 1, 20),
    )
    snapshot = list(recognized.results)
    with refused("label", "phiên bản mới"):
        services.add_criterion(
            actor=None, criteria_set=s, group=Group.MEETINGS, label="Sinh hoạt chuyên đề hằng tháng"
        )
    with refused("criterion", "phiên bản mới"):
        services.remove_criterion(actor=None, criterion=s.criteria.all()[0])
    services.edit_set(
        actor=None,
        criteria_set=s,
        data=SetInput(
            name="Tiêu chí Tỉnh X (đã hết hiệu lực)",
            source=s.source,
            valid_from=2025,
            valid_to=2025,
        ),
    )
    v2 = services.new_version(
        actor=None,
        criteria_set=s,
        data=SetInput(
            name="Tiêu chí Tỉnh X 2026", source="1020-QĐ/TU ngày 05/01/2026", valid_from=2026
        ),
    )
    services.add_criterion(
        actor=None,
        criteria_set=v2,
        group=Group.CADRES,
        label="Kết nạp ít nhất 3 đảng viên",
        measure_kind=Measure.ADMISSIONS,
        threshold=Decimal(3),
    )
    assert v2.criteria.count() == 9 and v2.replaces == s
    assert applicable_set(tree.cell_a, 2026) == v2
    assert applicable_set(tree.cell_a, 2025) == s
    recognized.refresh_from_db()
    assert recognized.results == snapshot
    assert recognized.set_name == "Tiêu chí chi bộ bốn tốt Tỉnh X 2025"
    assert (
        recognized.recognized and recognized.eligible and recognized.decision_number == "15-QĐ/ĐU"
    )


def test_the_nearest_issuer_wins_and_none_is_a_clear_error(tree: Tree) -> None:
    with refused("organization", "Chưa có bộ tiêu chí chi bộ bốn tốt"):
        services.assess(actor=None, organization=tree.cell_a, year=YEAR, manual_answers={})
    province = province_set(tree.root)
    commune = province_set(tree.commune)
    assert applicable_set(tree.cell_a, YEAR) == commune
    assert applicable_set(tree.agencies, YEAR) is None  # not a cell nor a grassroots committee
    assert applicable_set(tree.cell_a, 2024) is None
    assert province.pk != commune.pk


def test_a_discipline_in_the_year_fails_group_3(tree: Tree) -> None:
    s = province_set(tree.root)
    good_cell(tree.cell_a, tree.commune)
    member = Member.objects.filter(organization=tree.cell_a).first()
    assert member is not None
    member_services.discipline_member(
        actor=None,
        member=member,
        decision=Decision(effective_on=dt.date(YEAR, 6, 3), number="07-QĐ/ĐU"),
        sanction=Sanction.REPRIMAND,
        authority="Đảng ủy xã An Bình",
        reason="Vi phạm quy định",
    )
    a = services.assess(
        actor=None, organization=tree.cell_a, year=YEAR, manual_answers=manual_yes(s)
    )
    assert a.groups["3"] is False and not a.eligible


def test_at_least_n_of_a_group(tree: Tree) -> None:
    s = province_set(tree.root)
    services.edit_set(
        actor=None,
        criteria_set=s,
        data=SetInput(name=s.name, source=s.source, valid_from=YEAR, group_minimums={2: 1}),
    )
    good_cell(tree.cell_a, tree.commune, months=10)
    a = services.assess(
        actor=None, organization=tree.cell_a, year=YEAR, manual_answers=manual_yes(s)
    )
    assert a.groups["2"] is True and a.eligible


def test_a_second_assessment_keeps_the_first_and_a_recognized_one_stands(tree: Tree) -> None:
    s = province_set(tree.root)
    good_cell(tree.cell_a, tree.commune)
    first = services.assess(actor=None, organization=tree.cell_a, year=YEAR, manual_answers={})
    assert not first.eligible  # manual criteria not ticked
    second = services.assess(
        actor=None, organization=tree.cell_a, year=YEAR, manual_answers=manual_yes(s)
    )
    assert second.corrects == first and second.eligible
    assert FourGoodAssessment.objects.filter(organization=tree.cell_a, current=True).get() == second
    services.recognize(
        actor=None,
        assessment=second,
        decision_number="15-QĐ/ĐU",
        decision_date=dt.date(2026, 1, 20),
    )
    with refused("organization", "đã được công nhận"):
        services.assess(actor=None, organization=tree.cell_a, year=YEAR, manual_answers={})


def test_bad_set_and_criteria_input_is_refused(tree: Tree) -> None:
    with refused("organization", "ban hành"):
        services.create_set(
            actor=None,
            organization=tree.cell_a,
            data=SetInput(name="X", source="01-QĐ", valid_from=YEAR),
        )
    with refused("name", "Nhập tên"):
        services.create_set(
            actor=None,
            organization=tree.root,
            data=SetInput(name=" ", source="01", valid_from=YEAR),
        )
    with refused("valid_to", "năm bắt đầu"):
        services.create_set(
            actor=None,
            organization=tree.root,
            data=SetInput(name="X", source="01", valid_from=YEAR, valid_to=2024),
        )
    s = services.create_set(
        actor=None, organization=tree.root, data=SetInput(name="X", source="01", valid_from=YEAR)
    )
    for measure, threshold, words in (
        (Measure.MEMBER_GOOD_SHARE, Decimal(120), "từ 1 đến 100"),
        (Measure.MEMBER_GOOD_SHARE, Decimal(0), "từ 1 đến 100"),
        (Measure.REGULAR_MEETINGS, Decimal(13), "từ 1 đến 12"),
        (Measure.REGULAR_MEETINGS, Decimal("10.5"), "số nguyên"),
        (Measure.REGULAR_MEETINGS, None, "Nhập ngưỡng"),
        (Measure.NO_DISCIPLINE, Decimal(1), "không dùng ngưỡng"),
        (Measure.ADMISSIONS, Decimal("NaN"), "số"),
    ):
        with refused("threshold", words):
            services.add_criterion(
                actor=None,
                criteria_set=s,
                group=Group.CADRES,
                label="",
                measure_kind=measure,
                threshold=threshold,
            )
    with refused("label", "Nhập nội dung"):
        services.add_criterion(actor=None, criteria_set=s, group=Group.CADRES, label="  ")
    with refused("group", "bốn nội dung"):
        services.add_criterion(actor=None, criteria_set=s, group=5, label="Y")


def test_bad_assessment_and_recognition_input_is_refused(tree: Tree) -> None:
    s = province_set(tree.root)
    good_cell(tree.cell_a, tree.commune, months=10)
    manual = s.criteria.filter(measure=Measure.MANUAL).first()
    assert manual is not None
    with refused(f"evidence_{manual.pk}", "minh chứng"):
        services.assess(
            actor=None,
            organization=tree.cell_a,
            year=YEAR,
            manual_answers={manual.pk: ManualAnswer(True, "  ")},
        )
    with refused("year", "Năm đánh giá"):
        services.assess(actor=None, organization=tree.cell_a, year=2099, manual_answers={})
    with refused("organization", "chi bộ và đảng bộ cơ sở"):
        services.assess(actor=None, organization=tree.commune, year=YEAR, manual_answers={})
    a = services.assess(
        actor=None, organization=tree.cell_a, year=YEAR, manual_answers=manual_yes(s)
    )
    assert not a.eligible
    with refused("note", "Chất lượng sinh hoạt tốt"):
        services.recognize(
            actor=None, assessment=a, decision_number="15-QĐ/ĐU", decision_date=dt.date(2026, 1, 20)
        )
    with refused("decision_number", "Nhập số"):
        services.recognize(
            actor=None, assessment=a, decision_number=" ", decision_date=dt.date(2026, 1, 20)
        )
    with refused("decision_date", "Ngày quyết định"):
        services.recognize(
            actor=None,
            assessment=a,
            decision_number="15",
            decision_date=dt.date(2024, 12, 1),
            note="x",
        )
    forced = services.recognize(
        actor=None,
        assessment=a,
        decision_number="15-QĐ/ĐU",
        decision_date=dt.date(2026, 1, 20),
        note="Hai kỳ nghỉ do bão lũ, đã họp bù theo hướng dẫn",
    )
    assert forced.recognized and not forced.eligible
