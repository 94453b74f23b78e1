"""The four-good pages: issuing a set, the committee's table, a cell's page, the recognition by
the direct superior only, the printable list; each scoped."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.four_good import services
from dangbo.four_good.models import FourGoodAssessment, FourGoodCriteriaSet, Group, Measure
from dangbo.four_good.tests.factories import FourGoodAssessmentFactory, FourGoodCriteriaSetFactory
from dangbo.four_good.tests.helpers import YEAR, good_cell, manual_yes, province_set

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


@pytest.fixture
def commune_office(tree: Tree) -> User:
    """Văn phòng of the commune: the direct superior of cells A and B."""
    return make_user("commune_office", "Võ Văn Phòng", tree.commune, Role.OFFICE)


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_a_set_is_issued_and_its_criteria_added_from_the_pages(
    tree: Tree, commune_office: User, client_for: ClientFor
) -> None:
    client = client_for(commune_office)
    response = client.post(
        "/bon-tot/bo-tieu-chi/moi/",
        {
            "organization": tree.commune.pk,
            "name": "Tiêu chí chi bộ bốn tốt xã An Bình 2025",
            "source": "05-QĐ/ĐU ngày 10/01/2025",
            "applies_to": "cell",
            "valid_from": "2025",
        },
    )
    assert response.status_code == 302, text(response)
    s = FourGoodCriteriaSet.objects.get()
    url = f"/bon-tot/bo-tieu-chi/{s.pk}/them-tieu-chi/"
    bad = client.post(url, {"group": "2", "measure": Measure.REGULAR_MEETINGS, "threshold": "15"})
    assert bad.status_code == 400 and "Ngưỡng phải từ 1 đến 12" in text(bad)
    junk = client.post(url, {"group": "9", "measure": "x", "threshold": "abc"})
    assert junk.status_code == 400
    ok = client.post(url, {"group": "2", "measure": Measure.REGULAR_MEETINGS, "threshold": "12"})
    assert ok.status_code == 302
    page = client.get(f"/bon-tot/bo-tieu-chi/{s.pk}/")
    assert page.status_code == 200
    assert "Chất lượng sinh hoạt tốt" in text(page) and "Số tháng có sinh hoạt thường kỳ" in text(
        page
    )
    assert s.criteria.get().group == Group.MEETINGS


def test_a_cell_cannot_issue_a_set_and_a_cell_secretary_sees_the_provinces(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    s = province_set(tree.root)
    hidden = FourGoodCriteriaSetFactory.create(organization=tree.cell_b)
    client = client_for(secretary_a)
    listing = client.get("/bon-tot/bo-tieu-chi/")
    assert s.name in text(listing) and hidden.name not in text(listing)
    assert "Ban hành bộ tiêu chí" not in text(listing)
    assert client.get(f"/bon-tot/bo-tieu-chi/{s.pk}/").status_code == 200
    assert client.get(f"/bon-tot/bo-tieu-chi/{hidden.pk}/").status_code == 404
    assert client.post(f"/bon-tot/bo-tieu-chi/{s.pk}/sua/", {}).status_code == 403
    criterion = s.criteria.all()[0]
    assert client.post(f"/bon-tot/tieu-chi/{criterion.pk}/bo/").status_code == 403
    assert s.criteria.count() == 8


def test_the_cell_page_assesses_and_the_direct_superior_recognizes(
    tree: Tree, secretary_a: User, commune_office: User, client_for: ClientFor
) -> None:
    s = province_set(tree.root)
    good_cell(tree.cell_a, tree.commune)
    page_url = f"/bon-tot/don-vi/{tree.cell_a.pk}/?year={YEAR}"
    secretary = client_for(secretary_a)
    page = secretary.get(page_url)
    assert page.status_code == 200 and "12/12 tháng có sinh hoạt thường kỳ" in text(page)
    body: dict[str, str] = {"year": str(YEAR)}
    manual = list(s.criteria.filter(measure=Measure.MANUAL))
    for c in manual:
        body[f"ok_{c.pk}"] = "1"
    refused = secretary.post(page_url, body)  # ticked without evidence
    assert refused.status_code == 400 and "ghi minh chứng" in text(refused)
    assert not FourGoodAssessment.objects.exists()
    for c in manual:
        body[f"evidence_{c.pk}"] = "Biên bản họp chi bộ"
    assert secretary.post(page_url, body).status_code == 302
    a = FourGoodAssessment.objects.get(current=True)
    assert a.eligible
    # The cell's own secretary holds no right on the commune: she cannot recognize.
    recognize_url = f"/bon-tot/ket-qua/{a.pk}/cong-nhan/"
    decision = {"decision_number": "15-QĐ/ĐU", "decision_date": "20/01/2026"}
    assert secretary.post(recognize_url, decision).status_code == 403
    assert not FourGoodAssessment.objects.filter(recognized=True).exists()
    office = client_for(commune_office)
    assert "Công nhận bốn tốt" in text(office.get(page_url))
    assert office.post(recognize_url, decision).status_code == 302
    done = FourGoodAssessment.objects.get(current=True)
    assert done.recognized and done.recognized_by == commune_office
    board = office.get(f"/bon-tot/?unit={tree.commune.pk}&year={YEAR}")
    assert board.status_code == 200 and "QĐ 15-QĐ/ĐU ngày 20/01/2026" in text(board)
    printable = office.get(f"/bon-tot/danh-sach-cong-nhan/?unit={tree.commune.pk}&year={YEAR}")
    assert "Chi bộ Ấp Một" in text(printable) and "Chi bộ Ấp Hai" not in text(printable)


def test_a_non_eligible_cell_needs_a_reason_to_be_recognized(
    tree: Tree, commune_office: User, client_for: ClientFor
) -> None:
    s = province_set(tree.root)
    good_cell(tree.cell_a, tree.commune, months=10)
    a = services.assess(
        actor=None, organization=tree.cell_a, year=YEAR, manual_answers=manual_yes(s)
    )
    office = client_for(commune_office)
    url = f"/bon-tot/ket-qua/{a.pk}/cong-nhan/"
    response = office.post(
        url, {"decision_number": "15-QĐ/ĐU", "decision_date": "20/01/2026"}, follow=True
    )
    assert "Muốn vẫn công nhận, ghi rõ lý do" in text(response)
    assert not FourGoodAssessment.objects.filter(recognized=True).exists()
    assert office.post(url, {"decision_number": "", "decision_date": "99/99"}).status_code == 302
    assert not FourGoodAssessment.objects.filter(recognized=True).exists()


def test_pages_refuse_units_out_of_scope(
    tree: Tree, secretary_a: User, outsider: User, client_for: ClientFor
) -> None:
    province_set(tree.root)
    hidden = FourGoodAssessmentFactory.create(
        organization=tree.cell_b,
        criteria_set=FourGoodCriteriaSetFactory.create(organization=tree.cell_b),
    )
    secretary = client_for(secretary_a)
    assert secretary.get(f"/bon-tot/don-vi/{tree.cell_b.pk}/").status_code == 404
    assert secretary.post(f"/bon-tot/don-vi/{tree.cell_b.pk}/", {"year": "2025"}).status_code == 404
    assert secretary.post(f"/bon-tot/ket-qua/{hidden.pk}/cong-nhan/", {}).status_code == 404
    assert secretary.get(f"/bon-tot/?unit={tree.cell_b.pk}").status_code == 404
    assert secretary.get("/bon-tot/?unit=abc&year=x").status_code == 404
    board = secretary.get("/bon-tot/?year=2025")
    assert board.status_code == 200 and "Chi bộ Ấp Hai" not in text(board)
    printable = secretary.get(f"/bon-tot/danh-sach-cong-nhan/?unit={tree.commune.pk}&year=2025")
    assert printable.status_code == 404  # the commune itself is outside her scope
    mine = secretary.get("/bon-tot/danh-sach-cong-nhan/?year=2025")
    assert hidden.decision_number not in text(mine)
    assert client_for(outsider).get("/bon-tot/").status_code == 404
    assert client_for(outsider).get("/bon-tot/bo-tieu-chi/").status_code == 200


def test_a_unit_without_a_set_shows_a_clear_message(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    page = client_for(secretary_a).get(f"/bon-tot/don-vi/{tree.cell_a.pk}/?year=2025")
    assert page.status_code == 200
    assert "Chưa có bộ tiêu chí chi bộ bốn tốt áp dụng cho Chi bộ Ấp Một năm 2025" in text(page)


def test_a_used_set_offers_a_new_version(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    s = province_set(tree.root)
    good_cell(tree.cell_a, tree.commune)
    services.assess(actor=None, organization=tree.cell_a, year=YEAR, manual_answers={})
    admin = client_for(province_admin)
    page = admin.get(f"/bon-tot/bo-tieu-chi/{s.pk}/")
    assert "lập phiên bản mới" in text(page) and "Thêm tiêu chí" not in text(page)
    refused = admin.post(
        f"/bon-tot/bo-tieu-chi/{s.pk}/them-tieu-chi/",
        {"group": "1", "measure": "manual", "label": "X"},
    )
    assert refused.status_code == 400 and "phiên bản mới" in text(refused)
    response = admin.post(
        f"/bon-tot/bo-tieu-chi/{s.pk}/phien-ban-moi/",
        {
            "name": "Tiêu chí Tỉnh X 2026",
            "source": "1020-QĐ/TU ngày 05/01/2026",
            "applies_to": "cell",
            "valid_from": "2026",
        },
    )
    assert response.status_code == 302
    new = FourGoodCriteriaSet.objects.get(replaces=s)
    assert new.criteria.count() == 8
    assert admin.get(f"/bon-tot/bo-tieu-chi/{new.pk}/").status_code == 200
    assert dt.date.today().year >= 2000
