"""Admission targets measured from the admissions data (targets/admission.py): which targets
qualify, the period, the admitted count by decision date within the subtree, the funnel per
year and the value expected by now. Today is 01/07/2026."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.admissions import services as admissions
from dangbo.admissions.models import Candidate, SponsorRole, Stage
from dangbo.admissions.tests.factories import AwarenessCourseFactory, CandidateFactory
from dangbo.documents.models import Document
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.indicators.tests.factories import IndicatorFactory
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory
from dangbo.orgs.models import Organization
from dangbo.targets import admission
from dangbo.targets.models import Period, Target
from dangbo.targets.services import create_target
from dangbo.targets.tests.conftest import TODAY, Program

ClientFor = Callable[[User], Client]
D = dt.date
STEP = dt.timedelta(days=1)


@dataclass
class Pipeline:
    tree: Tree
    officials: dict[int, list[Member]]

    def candidate(
        self, org: Organization, identified_on: dt.date, until: str, decided_on: dt.date | None
    ) -> Candidate:
        """A candidate of `org` taken through the stages up to `until`; the decision (if any)
        on `decided_on`, the other steps a few days apart from `identified_on`."""
        c = CandidateFactory.create(organization=org, identified_on=identified_on)
        course = AwarenessCourseFactory.create(
            organization=self.tree.commune, starts_on=identified_on, ends_on=identified_on
        )
        order = Stage.values
        stop = order.index(until)
        if stop >= order.index(Stage.COURSE):
            c = admissions.pass_course(actor=None, candidate=c, course=course, on=identified_on)
        if stop >= order.index(Stage.FILE):
            admissions.update_papers(
                actor=None, candidate=c, paper_history=True, paper_mass_org=True,
                paper_verification=True,
            )  # fmt: skip
            for member, role in zip(self.officials[org.pk], SponsorRole.values, strict=False):
                admissions.add_sponsor(
                    actor=None, candidate=c, member=member, role=role, since=identified_on
                )
            c = admissions.complete_file(actor=None, candidate=c, on=identified_on + STEP)
        if stop >= order.index(Stage.CELL_RESOLUTION):
            c = admissions.pass_cell_resolution(
                actor=None, candidate=c, on=identified_on + 2 * STEP, votes_for=3,
                votes_against=0,
            )  # fmt: skip
        if stop >= order.index(Stage.COMMITTEE):
            c = admissions.approve_by_committee(
                actor=None, candidate=c, on=identified_on + 3 * STEP
            )
        if stop >= order.index(Stage.DECISION):
            assert decided_on is not None
            c = admissions.record_admission_decision(
                actor=None, candidate=c, on=decided_on, decision_number="01-QĐ/ĐU"
            )
        return c


@pytest.fixture
def pipeline(tree: Tree, frozen_today: None) -> Pipeline:
    officials = {
        cell.pk: [MemberFactory.create(organization=cell) for _ in range(3)]
        for cell in (tree.cell_a, tree.cell_b)
    }
    return Pipeline(tree, officials)


def annual_target(
    actor: User, doc: Document, responsible: Organization | None, **extra: object
) -> Target:
    fields: dict = {
        "value": 12,
        "unit": "Đảng viên",
        "label": "Kết nạp 12 đảng viên mới trong năm 2026",
        "subject": "đảng viên mới",
        "period": Period.ANNUAL,
        "deadline": D(2026, 12, 31),
        "responsible": responsible,
        **extra,
    }
    return create_target(actor=actor, document=doc, **fields)


@pytest.fixture
def people(pipeline: Pipeline) -> dict[str, Candidate]:
    """Decisions in and out of 2026, in cell A and cell B, and some still on the way."""
    a, b = pipeline.tree.cell_a, pipeline.tree.cell_b
    return {
        # In 2026, cell A: identified, course, file, resolution (3/1), decision (2/3).
        "a_jan": pipeline.candidate(a, D(2026, 1, 5), Stage.DECISION, D(2026, 2, 2)),
        "a_may": pipeline.candidate(a, D(2026, 4, 6), Stage.DECISION, D(2026, 5, 4)),
        "a_file": pipeline.candidate(a, D(2026, 3, 2), Stage.FILE, None),
        # In 2026, cell B.
        "b_mar": pipeline.candidate(b, D(2026, 2, 2), Stage.DECISION, D(2026, 3, 2)),
        # 2025: identified in September, decision in November (before and after 20/11).
        "a_2025": pipeline.candidate(a, D(2025, 9, 1), Stage.DECISION, D(2025, 11, 3)),
        "b_2025": pipeline.candidate(b, D(2025, 9, 8), Stage.DECISION, D(2025, 12, 1)),
    }


def test_the_rule_recognises_admission_targets_only(
    program: Program, commune_secretary: User
) -> None:
    doc = program.document
    demo = annual_target(commune_secretary, doc, None)
    subject = program.members  # «kết nạp đảng viên mới» in the subject, unit «đảng viên»
    in_source = create_target(
        actor=commune_secretary, document=doc, value=400, unit="dang vien", period=Period.TERM,
        subject="đảng viên mới", source_text="Phấn đấu kết nạp mới 400 đảng viên trở lên",
    )  # fmt: skip
    evaluated = create_target(
        actor=commune_secretary, document=doc, value=90, unit="đảng viên",
        metric="hoàn thành tốt nhiệm vụ",
    )  # fmt: skip
    percent = create_target(
        actor=commune_secretary,
        document=doc,
        value=95,
        unit="%",
        label="Kết nạp đảng viên đạt 95%",
        subject="quần chúng ưu tú",
    )

    assert [admission.is_admission_target(t) for t in (demo, subject, in_source)] == [True] * 3
    assert not admission.is_admission_target(evaluated)
    assert not admission.is_admission_target(percent)
    assert admission.is_admission_target(program.child_a) is False


def test_an_annual_target_counts_decisions_of_the_year_in_its_subtree(
    program: Program, people: dict[str, Candidate], tree: Tree, commune_secretary: User
) -> None:
    commune = annual_target(commune_secretary, program.document, tree.commune)
    cell_a = annual_target(commune_secretary, program.document, tree.cell_a)

    whole = admission.measure(commune, TODAY)
    mine = admission.measure(cell_a, TODAY)

    assert whole is not None and mine is not None
    assert whole.window == admission.Window(D(2026, 1, 1), D(2026, 12, 31), "Năm 2026")
    assert whole.admitted == 3  # a_jan, a_may, b_mar; not the 2025 decisions
    assert mine.admitted == 2  # cell B is outside cell A's subtree
    # Funnel of 2026, identified → course → file → resolution → decision → official.
    assert [(row.year, row.counts) for row in whole.years] == [(2026, [4, 4, 4, 3, 3, 0])]
    assert [(row.year, row.counts) for row in mine.years] == [(2026, [3, 3, 3, 2, 2, 0])]
    # 12 pro-rated over 2026: 181 of 364 days by 01/07 → 5.97 → 6.0 expected; 3 is behind.
    assert whole.expected == Decimal("6.0")
    assert (whole.on_track, whole.status, whole.met) == (False, "Chậm", False)


def test_a_target_without_responsible_measures_the_issuers_subtree(
    program: Program, people: dict[str, Candidate], commune_secretary: User
) -> None:
    target = annual_target(commune_secretary, program.document, None, value=2)

    measured = admission.measure(target, TODAY)

    assert measured is not None
    assert measured.organization == program.document.issuer
    assert measured.admitted == 3
    assert (measured.status, measured.met) == ("Đạt", True)


def test_a_term_target_runs_from_its_baseline_to_its_deadline_per_year(
    program: Program, people: dict[str, Candidate]
) -> None:
    # 400 from 20/11/2025 to 20/11/2030, responsible: the commune (conftest.program).
    measured = admission.measure(program.members, TODAY)

    assert measured is not None
    assert measured.window is not None
    assert (measured.window.starts_on, measured.window.ends_on) == (
        D(2025, 11, 20),
        D(2030, 11, 20),
    )
    # b_2025 (01/12/2025) is in the term, a_2025 (03/11/2025) before it.
    assert measured.admitted == 4
    rows = {row.year: row.counts for row in measured.years}
    assert rows == {2025: [0, 0, 0, 0, 1, 0], 2026: [4, 4, 4, 3, 3, 0]}
    assert measured.years[0].starts_on == D(2025, 11, 20)
    # 400 × 223 / 1826 days = 48.849… → 48.8 expected by 01/07/2026.
    assert measured.expected == Decimal("48.8")
    assert measured.status == "Chậm"


def test_a_finished_period_expects_the_whole_value(
    program: Program, commune_secretary: User
) -> None:
    doc = DocumentFactory.create(issuer=program.document.issuer, issued_on=D(2025, 1, 10))
    target = annual_target(commune_secretary, doc, None, deadline=D(2025, 12, 31), value=5)

    measured = admission.measure(target, TODAY)

    assert measured is not None
    assert measured.window is not None and measured.window.label == "Năm 2025"
    assert measured.expected == Decimal("5.0")


def test_a_term_without_dates_is_not_measured(program: Program, commune_secretary: User) -> None:
    doc = DocumentFactory.create(issuer=program.document.issuer, issued_on=None)
    target = create_target(
        actor=commune_secretary,
        document=doc,
        value=50,
        unit="đảng viên",
        label="Kết nạp 50 đảng viên",
    )

    measured = admission.measure(target, TODAY)

    assert measured is not None and measured.window is None and measured.years == []


def test_the_detail_page_shows_the_funnel_against_the_target(
    program: Program, people: dict[str, Candidate], commune_secretary: User, client_for: ClientFor
) -> None:
    target = annual_target(commune_secretary, program.document, program.document.issuer)

    page = client_for(commune_secretary).get(reverse("targets:target-detail", args=[target.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert "Đo từ dữ liệu phát triển đảng viên" in text
    assert '<strong id="admission-admitted">3</strong>' in text
    assert '<span id="admission-expected">6</span>' in text
    assert '<span class="badge text-bg-danger" id="admission-status">Chậm</span>' in text
    assert "Quyết định kết nạp" in text and "Công nhận chính thức" in text
    assert people["a_jan"].full_name not in text  # counts, never names


def test_a_target_linked_to_an_indicator_is_measured_by_it_alone(
    program: Program, people: dict[str, Candidate], commune_secretary: User, client_for: ClientFor
) -> None:
    target = annual_target(commune_secretary, program.document, program.document.issuer)
    indicator = IndicatorFactory.create(unit="đảng viên", max_value=None)
    Target.objects.filter(pk=target.pk).update(indicator=indicator)

    page = client_for(commune_secretary).get(reverse("targets:target-detail", args=[target.pk]))

    text = page.content.decode()
    assert page.status_code == 200
    assert indicator.name in text
    assert "Đo từ dữ liệu phát triển đảng viên" not in text
    assert 'id="admission-admitted"' not in text


def test_a_target_that_is_not_about_admissions_has_no_section(
    program: Program, commune_secretary: User, client_for: ClientFor
) -> None:
    page = client_for(commune_secretary).get(
        reverse("targets:target-detail", args=[program.child_a.pk])
    )

    assert page.status_code == 200
    assert "Đo từ dữ liệu phát triển đảng viên" not in page.content.decode()


def test_the_page_stays_scoped(
    program: Program, people: dict[str, Candidate], secretary_a: User, outsider: User,
    commune_secretary: User, client_for: ClientFor,
) -> None:  # fmt: skip
    target = annual_target(commune_secretary, program.document, program.document.issuer)
    url = reverse("targets:target-detail", args=[target.pk])

    assert client_for(outsider).get(url).status_code == 404
    # The cell reads its commune's issued program, with the commune's measured figure.
    page = client_for(secretary_a).get(url)
    assert page.status_code == 200
    assert '<strong id="admission-admitted">3</strong>' in page.content.decode()


def test_the_measured_section_adds_a_bounded_number_of_queries(
    program: Program,
    people: dict[str, Candidate],
    commune_secretary: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    target = program.members  # a term target: its window needs no extra query for the term
    client = client_for(commune_secretary)
    url = reverse("targets:target-detail", args=[target.pk])
    client.get(url)  # warm the session

    # +1 since #9: the sidebar counts the reports still asked for (Biểu mẫu báo cáo).
    with django_assert_max_num_queries(17):
        page = client.get(url)
    assert page.context["admission"].admitted == 4
