"""The small demo's member roll in a real browser: the office reads a roll that looks real
(Vietnamese names, statuses, units), and the `dangvien` login reads its own record and
nobody else's (screenshots under test-artifacts/)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from dangbo.demo.logins import DEFAULT_PASSWORD
from dangbo.members.models import Member
from tests.browser.conftest import shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_demo_roll_reads_like_a_real_roll_and_dangvien_sees_only_its_record(
    page: Page, live_server: object
) -> None:
    call_command("seed_demo", size="small", seed=2025, stdout=io.StringIO())
    base = str(live_server)
    own = Member.objects.get(user__username="dangvien")

    log_in(page, base, "vanphong")
    page.goto(f"{base}/dang-vien/")
    expect(page.get_by_role("link", name=own.full_name).first).to_be_visible()
    expect(page.get_by_text("Nguyễn", exact=False).first).to_be_visible()
    shot(page, "demo-roll-office")
    page.goto(f"{base}/dang-vien/{own.pk}/")
    expect(page.get_by_text(own.full_name).first).to_be_visible()
    shot(page, "demo-roll-office-profile")

    page.context.clear_cookies()
    log_in(page, base, "dangvien")
    page.goto(f"{base}/dang-vien/{own.pk}/")
    expect(page.get_by_text(own.full_name).first).to_be_visible()
    expect(page.get_by_text("Kết nạp").first).to_be_visible()
    shot(page, "demo-roll-dangvien-own-record")
    neighbour = Member.objects.filter(organization=own.organization).exclude(pk=own.pk).first()
    assert neighbour is not None
    # Asked for with the same session, outside the page (a 404 page logs a console error).
    assert page.request.get(f"{base}/dang-vien/{neighbour.pk}/").status == 404
