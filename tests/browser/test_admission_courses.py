"""In chromium: the commune office opens the course, enrols the candidates waiting for it and
records the whole roster in one form (a certificate dated before the close is refused beside
its row); the cell secretary reads the course on a phone (screenshots under test-artifacts/)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.admissions.models import Candidate, CourseEnrolment, CourseResult, Stage
from dangbo.admissions.tests.factories import AwarenessCourseFactory, CandidateFactory
from tests.browser.conftest import shot
from tests.browser.test_pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_office_records_a_course_roster_and_the_cell_reads_it(
    page: Page, live_server: object, tree: Tree, secretary_a: User
) -> None:
    make_user("vanphong_xa", "Hồ Thị Văn Phòng", tree.commune, Role.SECRETARY)
    course = AwarenessCourseFactory.create(
        organization=tree.commune, title="Lớp bồi dưỡng nhận thức về Đảng khóa I/2025",
        place="Hội trường Đảng ủy xã",
    )  # fmt: skip
    AwarenessCourseFactory.create(organization=tree.commune, title="Lớp khóa II/2025")
    lan = CandidateFactory.create(organization=tree.cell_a, full_name="Nguyễn Thị Lan")
    minh = CandidateFactory.create(organization=tree.cell_b, full_name="Trần Văn Minh")
    CandidateFactory.create(organization=tree.cell_a, full_name="Lê Hoàng Nam")
    base = str(live_server)
    log_in(page, base, "vanphong_xa")

    page.goto(f"{base}/phat-trien-dang-vien/")
    page.get_by_role("link", name="Lớp nhận thức về Đảng").first.click()
    page.get_by_role("link", name=course.title).click()
    page.get_by_label("Nguyễn Thị Lan").check()
    page.get_by_label("Trần Văn Minh").check()
    page.get_by_role("button", name="Thêm vào lớp").click()
    expect(page.get_by_text("Đã thêm 2 người vào danh sách lớp.")).to_be_visible()

    page.get_by_label("Kết quả của Nguyễn Thị Lan").select_option("passed")
    page.get_by_label("Ngày cấp giấy chứng nhận của Nguyễn Thị Lan").fill("10/04/2025")
    page.get_by_label("Kết quả của Trần Văn Minh").select_option("failed")
    page.get_by_role("button", name="Ghi kết quả cả lớp").click()
    expect(page.get_by_text("không được trước ngày bế giảng (11/04/2025)")).to_be_visible()
    assert CourseEnrolment.objects.filter(result=CourseResult.PENDING).count() == 2

    page.get_by_label("Ngày cấp giấy chứng nhận của Nguyễn Thị Lan").fill("14/04/2025")
    page.get_by_role("button", name="Ghi kết quả cả lớp").click()
    expect(page.get_by_text("Đã ghi kết quả của 2 học viên.")).to_be_visible()
    assert Candidate.objects.get(pk=lan.pk).stage == Stage.COURSE
    assert CourseEnrolment.objects.get(candidate=minh).result == CourseResult.FAILED
    shot(page, "admissions-course-detail-1280")
    page.goto(f"{base}/phat-trien-dang-vien/lop-nhan-thuc/")
    expect(page.locator(".course-passed").first).to_have_text("1")
    shot(page, "admissions-course-list-1280")

    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, base, "secretary_a")
    page.goto(f"{base}/phat-trien-dang-vien/{lan.pk}/")
    page.get_by_role("link", name=course.title).click()
    expect(page.get_by_role("heading", name=course.title)).to_be_visible()
    expect(page.get_by_text("Nguyễn Thị Lan")).to_be_visible()
    expect(page.get_by_text("Trần Văn Minh")).to_have_count(0)
    shot(page, "admissions-course-detail-390")
