"""The reporting forms' services: the flow of a report (save, send, return, send again,
approve, locked) and every bad input the issue names, each changing nothing."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from conftest import Tree, make_org, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.indicators import reporting
from dangbo.indicators.models import (
    Indicator,
    IndicatorKind,
    IndicatorValue,
    Submission,
    SubmissionState,
    SubmissionValue,
)
from dangbo.indicators.periods import PeriodKind
from dangbo.indicators.tests.factories import IndicatorFactory
from dangbo.indicators.tests.reporting_helpers import Q3, Q4, Setup, good_values, make_form
from dangbo.orgs.models import Organization, OrgKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(tree: Tree) -> Setup:
    return make_form(tree)


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_a_report_goes_from_draft_to_approved_and_locked(
    tree: Tree, setup: Setup, secretary_a: User
) -> None:
    draft = reporting.save_submission(
        actor=secretary_a,
        form=setup.form,
        organization=tree.cell_a,
        period=Q3,
        values=good_values(setup),
    )
    assert draft.state == SubmissionState.DRAFT
    assert str(draft.due_on) == "2026-10-10"
    sent = reporting.submit_submission(actor=secretary_a, submission=draft)
    assert sent.state == SubmissionState.SUBMITTED and sent.submitted_by == secretary_a

    returned = reporting.return_submission(
        actor=setup.reviewer, submission=sent, comment="Số mô hình chưa khớp với báo cáo quý."
    )
    assert returned.state == SubmissionState.RETURNED
    # The unit corrects its figures (the report stays returned, with the comment) and resends.
    corrected = reporting.save_submission(
        actor=secretary_a,
        form=setup.form,
        organization=tree.cell_a,
        period=Q3,
        values=good_values(setup, models=1),
    )
    assert corrected.pk == draft.pk and corrected.state == SubmissionState.RETURNED
    assert corrected.review_comment == "Số mô hình chưa khớp với báo cáo quý."
    reporting.submit_submission(actor=secretary_a, submission=corrected)
    approved = reporting.approve_submission(actor=setup.reviewer, submission=corrected)
    assert approved.state == SubmissionState.APPROVED and approved.reviewed_by == setup.reviewer
    value = SubmissionValue.objects.get(submission=approved, indicator=setup.models)
    assert value.numerator == 1 and value.denominator == 1

    # Approval refreshed the indicators: the commune's value counts the cell's report.
    commune_value = IndicatorValue.objects.get(
        indicator=setup.rate, organization=tree.commune, period_start=Q3.start
    )
    assert commune_value.value == Decimal(100) and commune_value.reporting_units == 1

    with pytest.raises(ValidationError, match="Báo cáo đã được duyệt và khóa"):
        reporting.save_submission(
            actor=secretary_a,
            form=setup.form,
            organization=tree.cell_a,
            period=Q3,
            values=good_values(setup, done=0),
        )
    with pytest.raises(ValidationError, match="Báo cáo đã được duyệt và khóa"):
        reporting.submit_submission(actor=secretary_a, submission=approved)
    with pytest.raises(ValidationError, match="Báo cáo đã được duyệt và khóa"):
        reporting.return_submission(actor=setup.reviewer, submission=approved, comment="Sửa lại")
    assert SubmissionValue.objects.get(submission=approved, indicator=setup.rate).numerator == 1
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "reporting.form_create",
        "reporting.submission_save",
        "reporting.submission_submit",
        "reporting.submission_return",
        "reporting.submission_approve",
    } <= actions


def test_a_sent_report_cannot_be_edited_until_returned(
    tree: Tree, setup: Setup, secretary_a: User
) -> None:
    draft = reporting.save_submission(
        actor=secretary_a, form=setup.form, organization=tree.cell_a, period=Q3,
        values=good_values(setup),
    )  # fmt: skip
    reporting.submit_submission(actor=secretary_a, submission=draft)
    with pytest.raises(ValidationError, match="chờ cấp trên duyệt"):
        reporting.save_submission(
            actor=secretary_a, form=setup.form, organization=tree.cell_a, period=Q3,
            values=good_values(setup, done=0),
        )  # fmt: skip


def _refused(
    setup: Setup, actor: User, org: Organization, values: dict[Indicator, tuple[object, ...]]
) -> dict[str, list[str]]:
    before = (
        Submission.objects.count(),
        SubmissionValue.objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(ValidationError) as exc:
        reporting.save_submission(
            actor=actor,
            form=setup.form,
            organization=org,
            period=Q3,
            values=values,
        )
    after = (
        Submission.objects.count(),
        SubmissionValue.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before
    return _errors(exc)


def test_a_rate_with_numerator_above_denominator_is_refused(
    tree: Tree, setup: Setup, secretary_a: User
) -> None:
    errors = _refused(
        setup, secretary_a, tree.cell_a, {**good_values(setup), setup.rate: (3, 2, "")}
    )
    assert "không được lớn hơn tổng số chi bộ" in errors["numerator_ty-le-chi-bo-144"][0]


def test_a_value_outside_the_indicator_range_is_refused(
    tree: Tree, setup: Setup, secretary_a: User
) -> None:
    errors = _refused(
        setup, secretary_a, tree.cell_a, {**good_values(setup), setup.models: (25, 1, "")}
    )
    assert errors["numerator_mo-hinh-moi-chi-bo"] == [
        "Giá trị 25 mô hình/chi bộ nằm ngoài khoảng cho phép (từ 0 đến 20 mô hình/chi bộ)."
    ]


def test_negative_missing_and_malformed_figures_are_refused_each_on_its_field(
    tree: Tree, setup: Setup, secretary_a: User
) -> None:
    errors = _refused(
        setup, secretary_a, tree.cell_a, {setup.rate: ("-1", "abc", ""), setup.models: ("", 1, "")}
    )
    assert errors["numerator_ty-le-chi-bo-144"] == ["Không được âm."]
    assert "Nhập một số" in errors["denominator_ty-le-chi-bo-144"][0]
    assert errors["numerator_mo-hinh-moi-chi-bo"] == ["Nhập Số mô hình."]
    errors = _refused(setup, secretary_a, tree.cell_a, {setup.rate: (1, 1, "")})
    assert "Chưa nhập số liệu" in errors["numerator_mo-hinh-moi-chi-bo"][0]
    errors = _refused(
        setup, secretary_a, tree.cell_a, {**good_values(setup), setup.models: ("1,23456", 1, "")}
    )
    assert errors["numerator_mo-hinh-moi-chi-bo"] == ["Tối đa 4 chữ số sau dấu phẩy."]


def test_vietnamese_numbers_are_read(tree: Tree, setup: Setup, secretary_a: User) -> None:
    submission = reporting.save_submission(
        actor=secretary_a, form=setup.form, organization=tree.cell_a, period=Q3,
        values={setup.rate: ("1", "1", ""), setup.models: ("1,5", "1", "")},
    )  # fmt: skip
    assert submission.values.get(indicator=setup.models).numerator == Decimal("1.5")


def test_a_unit_outside_the_users_scope_is_refused(
    tree: Tree, setup: Setup, secretary_a: User
) -> None:
    errors = _refused(setup, secretary_a, tree.cell_b, good_values(setup))
    assert errors["organization"] == ["Đồng chí không có quyền nhập báo cáo của đơn vị này."]


def test_a_unit_of_the_wrong_kind_or_outside_the_issuer_is_refused(
    tree: Tree, setup: Setup, province_admin: User
) -> None:
    errors = _refused(setup, province_admin, tree.agencies, good_values(setup))
    assert "không thuộc diện báo cáo" in errors["organization"][0]
    group = make_org(tree.cell_a, OrgKind.GROUP, "Tổ đảng số 1", "TN.AB.1.1")
    errors = _refused(setup, province_admin, group, good_values(setup))
    assert "không thuộc diện báo cáo" in errors["organization"][0]
    errors = _refused(setup, province_admin, tree.commune, good_values(setup))
    assert "không thuộc diện báo cáo" in errors["organization"][0]


def test_a_future_period_or_one_of_another_kind_is_refused(
    tree: Tree, setup: Setup, secretary_a: User
) -> None:
    with pytest.raises(ValidationError, match="Biểu mẫu báo cáo theo kỳ quý"):
        reporting.save_submission(
            actor=secretary_a, form=setup.form, organization=tree.cell_a,
            period=reporting.Period(Q3.start, Q3.start, PeriodKind.MONTH),
            values=good_values(setup),
        )  # fmt: skip
    later = Q4.next()
    with pytest.raises(ValidationError, match="Chưa đến kỳ báo cáo"):
        reporting.save_submission(
            actor=secretary_a, form=setup.form, organization=tree.cell_a, period=later,
            values=good_values(setup),
        )  # fmt: skip


def test_only_the_issuers_level_approves_or_returns(
    tree: Tree, setup: Setup, secretary_a: User
) -> None:
    draft = reporting.save_submission(
        actor=secretary_a, form=setup.form, organization=tree.cell_a, period=Q3,
        values=good_values(setup),
    )  # fmt: skip
    reporting.submit_submission(actor=secretary_a, submission=draft)
    with pytest.raises(ValidationError, match="mới duyệt"):
        reporting.approve_submission(actor=secretary_a, submission=draft)
    with pytest.raises(ValidationError, match="Nhập ý kiến"):
        reporting.return_submission(actor=setup.reviewer, submission=draft, comment="  ")
    draft.refresh_from_db()
    assert draft.state == SubmissionState.SUBMITTED


def test_a_draft_cannot_be_approved(tree: Tree, setup: Setup, secretary_a: User) -> None:
    draft = reporting.save_submission(
        actor=secretary_a, form=setup.form, organization=tree.cell_a, period=Q3,
        values=good_values(setup),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="chưa được gửi"):
        reporting.approve_submission(actor=setup.reviewer, submission=draft)


def test_a_form_holds_reported_indicators_of_its_period_issued_by_an_editable_unit(
    tree: Tree, setup: Setup, secretary_a: User
) -> None:
    computed = IndicatorFactory.create(kind=IndicatorKind.COMPUTED, name="Đảng viên kết nạp")
    monthly_only = IndicatorFactory.create(period_kinds=[PeriodKind.MONTH], name="Chỉ số tháng")
    with pytest.raises(ValidationError) as exc:
        reporting.create_form(
            actor=setup.reviewer, issuer=tree.commune, code="bieu-02", name="Biểu 02",
            period_kind=PeriodKind.QUARTER, org_kinds=[OrgKind.CELL],
            indicators=[computed, monthly_only], due_days=10, remind_days=3,
        )  # fmt: skip
    messages = _errors(exc)["indicators"]
    assert "được tính từ dữ liệu" in messages[0] and "không được tính theo kỳ quý" in messages[1]
    with pytest.raises(ValidationError) as exc:
        reporting.create_form(
            actor=secretary_a, issuer=tree.commune, code="bieu-03", name="Biểu 03",
            period_kind=PeriodKind.QUARTER, org_kinds=[OrgKind.CELL],
            indicators=[setup.rate], due_days=10, remind_days=3,
        )  # fmt: skip
    assert "không có quyền ban hành" in _errors(exc)["issuer"][0]
    with pytest.raises(ValidationError) as exc:
        reporting.create_form(
            actor=setup.reviewer, issuer=tree.commune, code="bieu-01-xa", name="",
            period_kind="term", org_kinds=["province"], indicators=[], due_days=-1,
            remind_days=3,
        )  # fmt: skip
    assert set(_errors(exc)) == {"code"}
    with pytest.raises(ValidationError) as exc:
        reporting.create_form(
            actor=setup.reviewer, issuer=tree.commune, code="bieu-04", name="",
            period_kind="term", org_kinds=["province"], indicators=[], due_days=-1,
            remind_days=3,
        )  # fmt: skip
    assert set(_errors(exc)) == {"name", "period_kind", "org_kinds", "indicators", "due_days"}


def test_the_period_kind_of_a_form_with_reports_is_fixed(
    tree: Tree, setup: Setup, secretary_a: User
) -> None:
    reporting.save_submission(
        actor=secretary_a, form=setup.form, organization=tree.cell_a, period=Q3,
        values=good_values(setup),
    )  # fmt: skip
    with pytest.raises(ValidationError, match="không đổi được kỳ báo cáo"):
        reporting.update_form(
            actor=setup.reviewer, form=setup.form, name="Biểu 01", period_kind=PeriodKind.YEAR,
            org_kinds=[OrgKind.CELL], indicators=[setup.rate], due_days=10, remind_days=3,
        )  # fmt: skip
    form = reporting.update_form(
        actor=setup.reviewer, form=setup.form, name="Biểu 01 (sửa)", period_kind=PeriodKind.QUARTER,
        org_kinds=[OrgKind.CELL], indicators=[setup.rate], due_days=15, remind_days=5,
    )  # fmt: skip
    assert form.due_days == 15 and list(form.indicators.all()) == [setup.rate]


def test_an_upper_unit_reviewer_covers_forms_issued_below(tree: Tree, setup: Setup) -> None:
    province_office = make_user("vanphong_tinh", "Lý Văn Tỉnh", tree.root, Role.OFFICE)
    assert reporting.may_review(province_office, setup.form)
    assert not reporting.may_review(make_user("x", "Không Quyền"), setup.form)
