"""A cell secretary reports progress on the task her cell leads in the commune's program, and
the accountability board shows it: the share done, the bar, the overdue list."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.core.formats import format_date
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.targets.models import TaskKind, TaskStatus
from dangbo.targets.tests.factories import TargetFactory, TargetProgressFactory, TaskFactory
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_reports_a_task_and_the_board_updates(
    page: Page, live_server: object, tree: Tree, secretary_a: User
) -> None:
    day = today()
    doc = DocumentFactory.create(
        issuer=tree.commune, title="Chương trình hành động thực hiện Nghị quyết Đại hội"
    )
    parent = TargetFactory.create(document=doc, label="Tổ chức đảng hoàn thành tốt nhiệm vụ")
    child = TargetFactory.create(
        document=doc,
        parent=parent,
        responsible=tree.cell_a,
        subject="chi bộ nông thôn",
        deadline=day + dt.timedelta(days=900),
    )
    TargetProgressFactory.create(
        target=child, value=Decimal("80"), as_of=day - dt.timedelta(days=200)
    )
    TargetProgressFactory.create(
        target=child, value=Decimal("90"), as_of=day - dt.timedelta(days=10)
    )
    TargetFactory.create(
        document=doc, parent=parent, responsible=tree.cell_b, subject="chi bộ cơ quan"
    )
    task = TaskFactory.create(
        document=doc,
        lead=tree.cell_a,
        title="Nâng cao chất lượng sinh hoạt chi bộ Ấp Một",
        status=TaskStatus.IN_PROGRESS,
        progress=30,
        deadline=day + dt.timedelta(days=60),
    )
    TaskFactory.create(
        document=doc,
        lead=tree.cell_b,
        kind=TaskKind.BREAKTHROUGH,
        title="Chuyển đổi số ở chi bộ Ấp Hai",
        status=TaskStatus.IN_PROGRESS,
        deadline=day - dt.timedelta(days=5),
    )

    base = str(live_server)
    log_in(page, base, "secretary_a")
    page.goto(f"{base}/chi-tieu/")
    page.get_by_role("link", name=doc.title).click()
    expect(page.get_by_role("heading", name="Bảng theo dõi thực hiện")).to_be_visible()
    expect(page.locator("#done-percent")).to_have_text("0,0%")
    expect(page.locator("#overdue")).to_contain_text("Chuyển đổi số ở chi bộ Ấp Hai")
    expect(
        page.get_by_text("Tiến độ chỉ tiêu cha = Σ(trọng số × tiến độ con) / Σ trọng số")
    ).to_be_visible()

    page.locator("#tasks").get_by_role("link", name=task.title).click()
    form = page.locator("#task-report-form")
    form.get_by_label("Tiến độ (%)").fill("150")
    form.get_by_label("Kết quả thực hiện").fill("Đã tổ chức sinh hoạt chuyên đề")
    form.get_by_role("button", name="Ghi báo cáo").click()
    expect(page.get_by_text("Tiến độ 150% không hợp lệ")).to_be_visible()

    form = page.locator("#task-report-form")
    form.get_by_label("Ngày báo cáo").fill(format_date(day))
    form.get_by_label("Tiến độ (%)").fill("100")
    form.get_by_label("Trạng thái").select_option(label="Hoàn thành")
    form.get_by_role("button", name="Ghi báo cáo").click()
    expect(page.get_by_text("Đã ghi báo cáo tiến độ nhiệm vụ.")).to_be_visible()
    expect(page.locator("#task-status")).to_have_text("Hoàn thành")

    page.get_by_role("navigation", name="Vị trí").get_by_role("link", name=doc.symbol).click()
    expect(page.locator("#done-percent")).to_have_text("50,0%")
    expect(page.locator(f'[data-task-progress="{task.pk}"]')).to_have_text("100%")
    page.get_by_role("link", name="chi bộ nông thôn").click()
    expect(page.locator("#forecast-explanation")).to_contain_text("bình phương tối thiểu")
    page.go_back()
    shot(page, "targets-board")
