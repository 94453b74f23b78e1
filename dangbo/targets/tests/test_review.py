"""The review screen: the text with its spans marked, and every button with and without htmx."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.documents.models import Document
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.targets.models import Proposal, ProposalKind, ProposalState, Target, Task
from dangbo.targets.proposals import propose_from_document
from dangbo.targets.views.review_parts import highlight, number_text

pytestmark = pytest.mark.django_db

PROGRAM = (
    Path(__file__).resolve().parents[2] / "demo" / "data" / "02-CTr-DU-MTTQ-Ca-Mau.txt"
).read_text(encoding="utf-8")
HTMX = {"HX-Request": "true"}


def review(document: Document) -> str:
    return reverse("targets:proposal-review", args=[document.pk])


def first(document: Document, kind: str = ProposalKind.TARGET) -> Proposal:
    return document.proposals.filter(kind=kind).order_by("position").first()  # type: ignore[return-value]


@pytest.fixture
def document(tree: Tree) -> Document:
    return DocumentFactory.create(issuer=tree.commune, body=PROGRAM)


@pytest.fixture
def admin(client_for: Callable[[User], Client], province_admin: User) -> Client:
    return client_for(province_admin)


def test_first_visit_reads_the_text_and_marks_every_span(admin: Client, document: Document) -> None:
    response = admin.get(review(document))
    assert response.status_code == 200
    html = response.content.decode()
    assert document.proposals.filter(kind=ProposalKind.TARGET).count() == 8
    for proposal in document.proposals.all():
        assert f'id="nguon-{proposal.pk}"' in html
        assert f'id="de-xuat-{proposal.pk}"' in html
        assert f'href="#nguon-{proposal.pk}"' in html
    assert "Nhận tất cả" in html and "Sửa rồi nhận" in html
    total = document.proposals.count()
    assert f"Chờ xem xét: {total}" in html
    # A second visit does not read again.
    ids = set(document.proposals.values_list("pk", flat=True))
    admin.get(review(document))
    assert set(document.proposals.values_list("pk", flat=True)) == ids


def test_text_is_escaped_inside_and_outside_the_marks() -> None:
    text = "<b>Phấn đấu</b> 95% <script>x</script> đảng viên & quần chúng"
    proposal = Proposal(pk=7, kind=ProposalKind.TARGET, position=0, start=16, end=39, data={})
    html = str(highlight(text, [proposal]))
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;Phấn đấu&lt;/b&gt;" in html
    assert "&lt;script&gt;" in html and "&amp; quần chúng" in html
    assert re.search(r'<mark class="proposal-mark proposal-target proposal-pending">[^<]*95%', html)


def test_overlapping_spans_mark_the_narrowest_and_keep_an_anchor_for_each() -> None:
    text = "1. Phấn đấu 95% chi bộ trong sạch vững mạnh"
    task = Proposal(pk=1, kind=ProposalKind.TASK, position=0, start=0, end=len(text), data={})
    target = Proposal(pk=2, kind=ProposalKind.TARGET, position=0, start=12, end=22, data={})
    html = str(highlight(text, [task, target]))
    assert 'id="nguon-1"' in html and 'id="nguon-2"' in html
    assert html.count("<mark") == 3
    assert 'href="#de-xuat-2"' in html and 'href="#de-xuat-1"' in html


def test_numbers_read_the_vietnamese_way() -> None:
    assert number_text("38.8") == "38,8"
    assert number_text("240000") == "240.000"
    assert number_text(None) == ""


def test_accept_with_htmx_answers_the_row_marks_and_counts(
    admin: Client, document: Document
) -> None:
    admin.get(review(document))
    proposal = first(document)
    url = reverse("targets:proposal-accept", args=[proposal.pk])
    response = admin.post(url, headers=HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="de-xuat-{proposal.pk}"' in html and "Đã nhận" in html
    assert 'hx-swap-oob="innerHTML"' in html and 'id="review-counts"' in html
    assert "proposal-accepted" in html
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.ACCEPTED
    assert Target.objects.filter(document=document).count() == 1


def test_without_script_every_button_posts_and_comes_back_to_the_row(
    admin: Client, document: Document
) -> None:
    admin.get(review(document))
    proposal = first(document)
    response = admin.post(reverse("targets:proposal-reject", args=[proposal.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{review(document)}#de-xuat-{proposal.pk}"
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.REJECTED

    task = first(document, ProposalKind.TASK)
    edit = reverse("targets:proposal-edit", args=[task.pk])
    response = admin.get(edit)
    assert response.status_code == 302 and f"?sua={task.pk}" in response["Location"]
    page = admin.get(f"{review(document)}?sua={task.pk}").content.decode()
    assert f'name="p{task.pk}-title"' in page and "Lưu và nhận" in page


def test_edit_then_accept_a_task_with_its_lead_unit(
    admin: Client, document: Document, tree: Tree
) -> None:
    admin.get(review(document))
    task = first(document, ProposalKind.TASK)
    form = admin.get(
        reverse("targets:proposal-edit", args=[task.pk]), headers=HTMX
    ).content.decode()
    assert "Đơn vị chủ trì" in form and "Thời hạn" in form
    response = admin.post(
        reverse("targets:proposal-edit", args=[task.pk]),
        {
            f"p{task.pk}-kind": "key",
            f"p{task.pk}-title": "Đổi mới phương thức lãnh đạo (đã sửa)",
            f"p{task.pk}-lead": tree.cell_a.pk,
            f"p{task.pk}-deadline": "31/12/2027",
        },
        headers=HTMX,
    )
    assert response.status_code == 200
    made = Task.objects.get(document=document)
    assert made.title == "Đổi mới phương thức lãnh đạo (đã sửa)"
    assert made.lead == tree.cell_a and made.deadline is not None
    assert made.deadline.year == 2027


def test_a_bad_edit_shows_the_message_beside_the_field_and_changes_nothing(
    admin: Client, document: Document
) -> None:
    admin.get(review(document))
    proposal = first(document)
    prefix = f"p{proposal.pk}"
    response = admin.post(
        reverse("targets:proposal-edit", args=[proposal.pk]),
        {
            f"{prefix}-value": "chín mươi",
            f"{prefix}-unit": "%",
            f"{prefix}-comparator": ">=",
            f"{prefix}-subject": "chi bộ",
            f"{prefix}-deadline": "31/02/2027",
        },
        headers=HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ngày không hợp lệ" in html
    response = admin.post(
        reverse("targets:proposal-edit", args=[proposal.pk]),
        {
            f"{prefix}-value": "chín mươi",
            f"{prefix}-unit": "%",
            f"{prefix}-comparator": ">=",
            f"{prefix}-subject": "chi bộ",
        },
    )
    assert response.status_code == 400
    assert "Số không hợp lệ" in response.content.decode()
    assert not Target.objects.exists()


def test_accept_all_then_the_counts_show_no_pending(admin: Client, document: Document) -> None:
    admin.get(review(document))
    response = admin.post(reverse("targets:proposal-accept-all", args=[document.pk]), follow=True)
    assert response.status_code == 200
    assert not document.proposals.filter(state=ProposalState.PENDING).exists()
    assert Target.objects.filter(document=document).count() == 8
    assert "Chờ xem xét: 0" in response.content.decode()


def test_reading_again_from_the_page_keeps_decisions(admin: Client, document: Document) -> None:
    admin.get(review(document))
    proposal = first(document)
    admin.post(reverse("targets:proposal-accept", args=[proposal.pk]))
    total = document.proposals.count()
    response = admin.post(reverse("targets:proposal-extract", args=[document.pk]), follow=True)
    assert "Đã đọc lại văn bản" in response.content.decode()
    assert document.proposals.count() == total
    assert document.proposals.filter(state=ProposalState.ACCEPTED).count() == 1


def test_a_document_without_text_says_so(admin: Client, tree: Tree) -> None:
    empty = DocumentFactory.create(issuer=tree.commune, body="")
    html = admin.get(review(empty)).content.decode()
    assert "Văn bản chưa có nội dung để đọc" in html
    assert not empty.proposals.exists()


def test_secretary_below_the_issuer_may_not_review_and_others_do_not_see_it(
    client_for: Callable[[User], Client],
    document: Document,
    province_admin: User,
    secretary_a: User,
    outsider: User,
) -> None:
    proposal = propose_from_document(actor=province_admin, document=document)[0]
    secretary = client_for(secretary_a)
    # She reads the issued document (inherited scope) but may not decide on it.
    assert secretary.get(review(document)).status_code == 403
    assert secretary.post(reverse("targets:proposal-accept", args=[proposal.pk])).status_code == 404
    stranger = client_for(outsider)
    assert stranger.get(review(document)).status_code == 404
    assert stranger.post(reverse("targets:proposal-reject", args=[proposal.pk])).status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING


def test_accepting_what_cannot_be_a_target_opens_the_row_for_editing_with_the_reason(
    admin: Client, document: Document
) -> None:
    admin.get(review(document))
    proposal = first(document)
    proposal.data = {**proposal.data, "unit": ""}
    proposal.save()
    response = admin.post(reverse("targets:proposal-accept", args=[proposal.pk]), headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Lưu và nhận" in html and "Nhập đơn vị tính" in html
    assert f'name="p{proposal.pk}-unit"' in html
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PENDING
