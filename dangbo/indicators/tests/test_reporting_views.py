"""The reporting pages: the secretary fills in and sends the cell's report, the commune reviews
it; every page refuses the users who may not see it (404) or act on it (403)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.indicators import reporting
from dangbo.indicators.models import ReportingForm, Submission, SubmissionState
from dangbo.indicators.tests.reporting_helpers import Q3, Setup, good_values, make_form

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


@pytest.fixture
def setup(tree: Tree) -> Setup:
    return make_form(tree)


def _fill(s: Setup, org_pk: int) -> str:
    return reverse("reporting:submission-fill", args=[s.form.pk, org_pk, Q3.key])


def _post(s: Setup, **overrides: str) -> dict[str, str]:
    data = {
        "numerator_ty-le-chi-bo-144": "1",
        "denominator_ty-le-chi-bo-144": "1",
        "note_ty-le-chi-bo-144": "",
        "numerator_mo-hinh-moi-chi-bo": "2",
        "denominator_mo-hinh-moi-chi-bo": "1",
        "note_mo-hinh-moi-chi-bo": "Mô hình «Dân vận khéo»",
        "action": "save",
    }
    return {**data, **overrides}


def test_the_secretary_fills_in_and_sends_the_cells_report(
    tree: Tree, setup: Setup, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    listing = client.get(reverse("reporting:form-list"))
    assert listing.status_code == 200
    assert "Biểu 01: Kết quả thực hiện chương trình hành động" in listing.text
    assert _fill(setup, tree.cell_a.pk) in listing.text
    page = client.get(_fill(setup, tree.cell_a.pk))
    assert page.status_code == 200 and "Tổng số chi bộ" in page.text and "Quý III/2026" in page.text

    refused = client.post(
        _fill(setup, tree.cell_a.pk), _post(setup, **{"numerator_ty-le-chi-bo-144": "2"})
    )
    assert refused.status_code == 400
    assert "không được lớn hơn tổng số chi bộ" in refused.text
    assert not Submission.objects.exists()

    sent = client.post(_fill(setup, tree.cell_a.pk), _post(setup, action="submit"))
    submission = Submission.objects.get()
    assert sent.status_code == 302 and sent["Location"] == reverse(
        "reporting:submission-detail", args=[submission.pk]
    )
    assert submission.state == SubmissionState.SUBMITTED
    detail = client.get(sent["Location"])
    assert detail.status_code == 200 and "Đã gửi, chờ duyệt" in detail.text
    assert "Duyệt và khóa" not in detail.text  # the cell does not review itself
    assert (
        client.post(reverse("reporting:submission-approve", args=[submission.pk])).status_code
        == 403
    )


def test_the_commune_approves_or_returns_from_its_queue(
    tree: Tree, setup: Setup, secretary_a: User, client_for: ClientFor
) -> None:
    draft = reporting.save_submission(
        actor=secretary_a, form=setup.form, organization=tree.cell_a, period=Q3,
        values=good_values(setup),
    )  # fmt: skip
    reporting.submit_submission(actor=secretary_a, submission=draft)
    client = client_for(setup.reviewer)
    queue = client.get(reverse("reporting:review-queue"))
    assert queue.status_code == 200 and "Chi bộ Ấp Một" in queue.text

    empty = client.post(reverse("reporting:submission-return", args=[draft.pk]), {"comment": ""})
    assert empty.status_code == 302
    draft.refresh_from_db()
    assert draft.state == SubmissionState.SUBMITTED
    returned = client.post(
        reverse("reporting:submission-return", args=[draft.pk]),
        {"comment": "Bổ sung ghi chú mô hình.", "next": reverse("reporting:review-queue")},
    )
    assert returned["Location"] == reverse("reporting:review-queue")
    draft.refresh_from_db()
    assert draft.state == SubmissionState.RETURNED

    page = client_for(secretary_a).get(_fill(setup, tree.cell_a.pk))
    assert "Bổ sung ghi chú mô hình." in page.text
    reporting.submit_submission(actor=secretary_a, submission=draft)
    approved = client.post(reverse("reporting:submission-approve", args=[draft.pk]))
    assert approved.status_code == 302
    draft.refresh_from_db()
    assert draft.state == SubmissionState.APPROVED
    locked = client_for(secretary_a).get(_fill(setup, tree.cell_a.pk))
    assert "Báo cáo đã được duyệt và khóa." in locked.text and "Lưu nháp" not in locked.text


def test_the_heat_table_page_shows_units_periods_and_legend(
    tree: Tree, setup: Setup, client_for: ClientFor, django_assert_max_num_queries: Any
) -> None:
    client = client_for(setup.reviewer)
    url = reverse("reporting:form-detail", args=[setup.form.pk])
    with django_assert_max_num_queries(20):
        page = client.get(url)
    assert page.status_code == 200
    for text in ("Chi bộ Ấp Một", "Chi bộ Ấp Hai", "Quý III/2026", "hạn 10/10/2026", "Chú giải"):
        assert text in page.text
    assert "Chưa nộp, quá hạn" in page.text and "text-bg-danger" in page.text
    assert "0/2 đơn vị đã nộp, 2 trễ hạn" in page.text
    assert client.get(url + "?unit=abc").status_code == 404


def test_the_commune_issues_and_edits_a_form(
    tree: Tree, setup: Setup, client_for: ClientFor
) -> None:
    client = client_for(setup.reviewer)
    assert client.get(reverse("reporting:form-create")).status_code == 200
    data = {
        "issuer": str(tree.commune.pk),
        "code": "bieu-02-xa",
        "name": "Biểu 02: Hộ nghèo",
        "period_kind": "quarter",
        "org_kinds": ["cell"],
        "indicators": [str(setup.rate.pk)],
        "due_days": "15",
        "remind_days": "5",
    }
    created = client.post(reverse("reporting:form-create"), data)
    form = ReportingForm.objects.get(code="bieu-02-xa")
    assert created.status_code == 302 and form.due_days == 15
    bad = client.post(reverse("reporting:form-create"), {**data, "code": "bieu-03", "name": ""})
    assert bad.status_code == 400 and "Nhập tên biểu mẫu." in bad.text
    edit = reverse("reporting:form-edit", args=[form.pk])
    changed = client.post(edit, {**data, "name": "Biểu 02 (sửa)", "active": "on"})
    assert changed.status_code == 302
    form.refresh_from_db()
    assert form.name == "Biểu 02 (sửa)"


def test_pages_refuse_users_outside_the_form_or_the_unit(
    tree: Tree,
    setup: Setup,
    secretary_a: User,
    member_a: User,
    outsider: User,
    client_for: ClientFor,
) -> None:
    draft = reporting.save_submission(
        actor=setup.reviewer, form=setup.form, organization=tree.cell_b, period=Q3,
        values=good_values(setup),
    )  # fmt: skip
    secretary = client_for(secretary_a)
    assert secretary.get(_fill(setup, tree.cell_b.pk)).status_code == 404
    detail = reverse("reporting:submission-detail", args=[draft.pk])
    assert secretary.get(detail).status_code == 404
    assert (
        secretary.post(reverse("reporting:submission-submit", args=[draft.pk])).status_code == 404
    )
    assert secretary.get(reverse("reporting:form-edit", args=[setup.form.pk])).status_code == 403
    bad_period = reverse("reporting:submission-fill", args=[setup.form.pk, tree.cell_a.pk, "x:y"])
    assert secretary.get(bad_period).status_code == 404
    assert client_for(member_a).get(_fill(setup, tree.cell_a.pk)).status_code == 403
    stranger = client_for(outsider)
    assert stranger.get(reverse("reporting:form-detail", args=[setup.form.pk])).status_code == 404
    assert stranger.get(detail).status_code == 404
    assert stranger.get(reverse("reporting:form-list")).status_code == 200
    assert stranger.get(reverse("reporting:reminder-list")).status_code == 200


def test_the_reminders_page_lists_the_units_reminders(
    tree: Tree, setup: Setup, secretary_a: User, client_for: ClientFor
) -> None:
    reporting.raise_form_reminders()
    page = client_for(secretary_a).get(reverse("reporting:reminder-list"))
    assert page.status_code == 200
    assert "Chi bộ Ấp Một" in page.text and "Chi bộ Ấp Hai" not in page.text
    assert "Quá hạn" in page.text and "10/10/2026" in page.text


BADGE = 'title="{n} báo cáo đang được nhắc nộp"'


def test_the_sidebar_counts_the_reports_still_asked_for(
    tree: Tree, setup: Setup, secretary_a: User, client_for: ClientFor
) -> None:
    """Each unit reminded and not yet sent counts once, for those who may fill it in; sending
    the report ends it."""
    commune_secretary = make_user("secretary_commune", "Đỗ Văn Xã", tree.commune, Role.SECRETARY)
    reporting.raise_form_reminders()
    reporting.raise_form_reminders()  # the same day again: nothing new
    cell = client_for(secretary_a)
    assert BADGE.format(n=1) in cell.get(reverse("reporting:form-list")).text
    assert (
        BADGE.format(n=2) in client_for(commune_secretary).get(reverse("reporting:form-list")).text
    )

    cell.post(_fill(setup, tree.cell_a.pk), _post(setup, action="submit"))

    assert "báo cáo đang được nhắc nộp" not in cell.get(reverse("reporting:form-list")).text
    assert (
        BADGE.format(n=1) in client_for(commune_secretary).get(reverse("reporting:form-list")).text
    )
