"""The commune's secretary links a target to the indicator that measures it, reads its value,
forecast and status with the rule, then cascades it to the cells below (issue #9 §3)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.core.clock import today
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.indicators.periods import PeriodKind, period_of
from dangbo.indicators.tests.factories import IndicatorFactory, IndicatorValueFactory
from dangbo.targets.models import Target
from dangbo.targets.tests.factories import TargetFactory
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_links_an_indicator_and_cascades_the_target(
    page: Page, live_server: object, tree: Tree
) -> None:
    make_user("secretary_commune", "Đỗ Văn Xã", tree.commune, Role.SECRETARY)
    day = today()
    indicator = IndicatorFactory.create(name="Tỷ lệ chi bộ thực hiện Quy định 144 (thử)")
    for back, figure in ((200, "88"), (100, "91"), (0, "93")):
        period = period_of(PeriodKind.QUARTER, day - dt.timedelta(days=back))
        IndicatorValueFactory.create(
            indicator=indicator,
            organization=tree.commune,
            period_kind=PeriodKind.QUARTER,
            period_start=period.start,
            period_end=period.end,
            value=Decimal(figure),
        )
    target = TargetFactory.create(
        document=DocumentFactory.create(issuer=tree.commune, issued_on=day.replace(month=1, day=1)),
        label="Chi bộ thực hiện Quy định 144",
        value=Decimal("95"),
        baseline=Decimal("85"),
        baseline_on=day - dt.timedelta(days=365),
        deadline=day + dt.timedelta(days=3 * 365),
        responsible=tree.commune,
    )

    base = str(live_server)
    log_in(page, base, "secretary_commune")
    page.goto(f"{base}/chi-tieu/chi-tieu/{target.pk}/")
    expect(page.locator("#measured")).to_contain_text("Chỉ tiêu chưa gắn chỉ số đo")
    page.locator("#target-link-form").get_by_label("Chỉ số đo").select_option(label=indicator.name)
    page.locator("#target-link-form").get_by_role("button", name="Lưu chỉ số đo").click()
    expect(page.locator("#measured-value")).to_have_text("93%")
    expect(page.locator("#measured-status")).to_have_text("Đúng tiến độ")
    expect(page.locator("#measured-formula")).to_contain_text("≥ 95% và hiện đạt 93% ≥")
    expect(page.locator("#measured-indicator")).to_have_attribute(
        "href",
        f"/chi-so/{indicator.pk}/?to_chuc={tree.commune.pk}&ky=quarter%3A"
        f"{period_of(PeriodKind.QUARTER, day).start.isoformat()}",
    )

    form = page.locator("#target-cascade-form")
    form.get_by_label("Chi bộ Ấp Một").fill("96")
    form.get_by_label("Chi bộ Ấp Hai").fill("120")
    form.get_by_role("button", name="Giao chỉ tiêu").click()
    expect(page.locator("#target-cascade-form")).to_contain_text(
        "Tỷ lệ giao cho Chi bộ Ấp Hai không được quá 100."
    )
    assert not Target.objects.filter(cascaded_from=target).exists()
    form = page.locator("#target-cascade-form")
    form.get_by_label("Chi bộ Ấp Hai").fill("95")
    form.get_by_role("button", name="Giao chỉ tiêu").click()
    cascaded = page.locator("#cascaded")
    expect(cascaded).to_contain_text("Chi bộ Ấp Một")
    expect(cascaded).to_contain_text("96%")
    expect(cascaded).to_contain_text("Chưa có số liệu")
    shot(page, "targets-measured")
