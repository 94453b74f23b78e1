"""In chromium: the commune's admission target shows what the admissions data measure, the
funnel per year against the target (screenshot under test-artifacts/)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.admissions.models import Stage
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.members.tests.factories import MemberFactory
from dangbo.targets.models import Period
from dangbo.targets.services import create_target
from dangbo.targets.tests.test_admission import Pipeline
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
D = dt.date


def test_the_admission_target_shows_the_funnel_measured_from_candidates(
    page: Page, live_server: object, tree: Tree
) -> None:
    user = make_user("bithu_xa", "Đỗ Văn Xã", tree.commune, Role.SECRETARY)
    pipeline = Pipeline(
        tree,
        {
            cell.pk: [MemberFactory.create(organization=cell) for _ in range(3)]
            for cell in (tree.cell_a, tree.cell_b)
        },
    )
    pipeline.candidate(tree.cell_a, D(2026, 1, 5), Stage.DECISION, D(2026, 2, 2))
    pipeline.candidate(tree.cell_b, D(2026, 2, 2), Stage.DECISION, D(2026, 3, 2))
    pipeline.candidate(tree.cell_a, D(2026, 3, 2), Stage.FILE, None)
    pipeline.candidate(tree.cell_b, D(2025, 9, 8), Stage.DECISION, D(2025, 12, 1))
    doc = DocumentFactory.create(
        issuer=tree.commune, title="Chương trình công tác năm 2026", issued_on=D(2026, 1, 6)
    )
    target = create_target(
        actor=user, document=doc, value=12, unit="đảng viên", period=Period.ANNUAL,
        label="Kết nạp 12 đảng viên mới trong năm 2026", subject="đảng viên mới",
        deadline=D(2026, 12, 31), responsible=tree.commune,
    )  # fmt: skip
    base = str(live_server)
    log_in(page, base, "bithu_xa")

    page.goto(f"{base}/chi-tieu/chi-tieu/{target.pk}/")

    section = page.locator("#admission-measure")
    expect(
        section.get_by_role("heading", name="Đo từ dữ liệu phát triển đảng viên")
    ).to_be_visible()
    expect(section.locator("#admission-admitted")).to_have_text("2")
    expect(section.get_by_role("columnheader", name="Quyết định kết nạp")).to_be_visible()
    shot(page, "targets-admission-funnel-1280")
