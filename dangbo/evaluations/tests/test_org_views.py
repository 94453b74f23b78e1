"""The pages for rating party organizations: the round's overview, the superior's grid saved in
one request, the committee's decision, the collective's self-review, corrections, history,
and scoping (a user of another unit gets 404, a reader 403 on a write)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from conftest import Tree, make_org, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.evaluations import services
from dangbo.evaluations.models import OrganizationEvaluation, Rating, RoundStage
from dangbo.evaluations.tests.helpers import open_for, to_cell_stage
from dangbo.orgs.models import Organization, OrgKind

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]


@pytest.fixture
def commune_secretary(tree: Tree) -> User:
    """Bí thư of the commune: assesses and decides for cells A and B."""
    return make_user("commune_secretary", "Võ Văn Xã", tree.commune, Role.SECRETARY)


def org_post(orgs: list[Organization], **per_org: dict[str, str]) -> dict[str, str]:
    data: dict[str, str] = {}
    for org in orgs:
        data[f"m{org.pk}"] = "1"
        data[f"d{org.pk}"] = "100"
        data[f"t{org.pk}"] = "1"
        for key, value in per_org.get(str(org.pk), {}).items():
            data[f"{key}{org.pk}"] = value
    return data


def test_the_commune_assesses_its_cells_in_one_request(
    tree: Tree, commune_secretary: User, client_for: ClientFor
) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    client = client_for(commune_secretary)
    url = f"/danh-gia/{round_.pk}/to-chuc/{tree.commune.pk}/"
    page = client.get(url).content.decode()
    assert "Chi bộ Ấp Một" in page and "Chi bộ Ấp Hai" in page and 'name="s' in page
    data = org_post(
        [tree.cell_a, tree.cell_b],
        **{
            str(tree.cell_a.pk): {"s": "87,5", "x": "10"},
            str(tree.cell_b.pk): {"s": "72", "p": Rating.SATISFACTORY},
        },
    )
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Chi bộ Ấp Hai: đề xuất HTNV thấp hơn mức theo quy định (HTTNV): ghi lý do" in (
        response.content.decode()
    )
    assert 'value="87,5"' in response.content.decode()  # what was typed is kept
    assert not OrganizationEvaluation.objects.exists()
    data[f"r{tree.cell_b.pk}"] = "Chậm triển khai nghị quyết"
    assert client.post(url, data).status_code == 302
    saved = {e.organization_id: e for e in OrganizationEvaluation.objects.all()}
    assert saved[tree.cell_a.pk].proposed_rating == Rating.GOOD
    assert saved[tree.cell_b.pk].proposed_rating == Rating.SATISFACTORY
    page = client.get(url).content.decode()
    assert 'value="87,5"' in page and "Hoàn thành tốt nhiệm vụ" in page


def test_a_malformed_number_is_a_message_not_a_crash(
    tree: Tree, commune_secretary: User, client_for: ClientFor
) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    client = client_for(commune_secretary)
    url = f"/danh-gia/{round_.pk}/to-chuc/{tree.commune.pk}/"
    for bad in ({"s": "chín mươi"}, {"u": "1,5"}, {"s": "1e999"}, {"u": "-3"}):
        response = client.post(url, org_post([tree.cell_a], **{str(tree.cell_a.pk): bad}))
        assert response.status_code == 400, bad
    assert not OrganizationEvaluation.objects.exists()


def test_the_overview_lists_assessing_units_and_the_root_for_its_parent(
    tree: Tree, province_admin: User, commune_secretary: User, client_for: ClientFor
) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    admin = client_for(province_admin)
    page = admin.get(f"/danh-gia/{round_.pk}/to-chuc/").content.decode()
    assert f"/danh-gia/{round_.pk}/to-chuc/{tree.commune.pk}/" in page
    assert f"/danh-gia/{round_.pk}/to-chuc/{tree.root.pk}/" in page  # the root's own rating
    partial = admin.get(f"/danh-gia/{round_.pk}/to-chuc/", headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode() and "org-units" in partial.content.decode()
    assert "round-organizations" in admin.get(f"/danh-gia/{round_.pk}/").content.decode()
    secretary = client_for(commune_secretary)
    page = secretary.get(f"/danh-gia/{round_.pk}/to-chuc/").content.decode()
    assert f"/to-chuc/{tree.commune.pk}/" in page and f"/to-chuc/{tree.root.pk}/" not in page
    assert secretary.get(f"/danh-gia/{round_.pk}/to-chuc/{tree.root.pk}/").status_code == 404


def test_the_province_rates_the_rounds_own_organization(
    tree: Tree, province_admin: User, client_for: ClientFor
) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    url = f"/danh-gia/{round_.pk}/to-chuc/{tree.root.pk}/"
    client = client_for(province_admin)
    page = client.get(url).content.decode()
    assert "Đảng bộ xã An Bình" in page and "Đảng bộ các cơ quan" not in page
    response = client.post(url, org_post([tree.commune], **{str(tree.commune.pk): {"s": "75"}}))
    assert response.status_code == 302
    assert OrganizationEvaluation.objects.get().organization == tree.commune


def test_other_units_get_404_and_readers_403(
    tree: Tree, secretary_a: User, member_a: User, outsider: User, client_for: ClientFor
) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    cell_b_secretary = make_user("secretary_b", "Đỗ Thị Hai", tree.cell_b, Role.SECRETARY)
    grid = f"/danh-gia/{round_.pk}/to-chuc/{tree.commune.pk}/"
    review_a = f"/danh-gia/{round_.pk}/to-chuc/{tree.cell_a.pk}/kiem-diem/"
    assert client_for(secretary_a).get(grid).status_code == 404
    assert client_for(outsider).get(grid).status_code == 404
    assert client_for(cell_b_secretary).get(review_a).status_code == 404
    assert client_for(outsider).get(f"/danh-gia/to-chuc/{tree.cell_a.pk}/").status_code == 404
    assert client_for(member_a).get(review_a).status_code == 200
    response = client_for(member_a).post(review_a, {"text": "Kiểm điểm"})
    assert response.status_code == 403
    assert not OrganizationEvaluation.objects.exists()


def test_the_cell_writes_its_collective_review(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    round_ = open_for(tree.commune)
    client = client_for(secretary_a)
    url = f"/danh-gia/{round_.pk}/to-chuc/{tree.cell_a.pk}/kiem-diem/"
    assert client.post(url, {"text": " ", "self_score": "88"}).status_code == 400
    response = client.post(url, {"text": "Chi bộ đoàn kết.", "self_score": "120"})
    assert response.status_code == 400 and "Điểm tự chấm phải từ 0 đến 100" in (
        response.content.decode()
    )
    response = client.post(
        url, {"text": "Chi bộ đoàn kết, lãnh đạo tốt.", "self_score": "88,5", "self_rating": "htt"}
    )
    assert response.status_code == 302
    row = OrganizationEvaluation.objects.get()
    assert str(row.self_score) == "88.50" and row.self_rating == Rating.GOOD
    assert "Chi bộ đoàn kết, lãnh đạo tốt." in client.get(url).content.decode()


def test_decision_correction_and_history_through_the_pages(
    tree: Tree, commune_secretary: User, secretary_a: User, client_for: ClientFor
) -> None:
    round_ = to_cell_stage(open_for(tree.commune))
    client = client_for(commune_secretary)
    grid = f"/danh-gia/{round_.pk}/to-chuc/{tree.commune.pk}/"
    client.post(grid, org_post([tree.cell_a, tree.cell_b], **{str(tree.cell_a.pk): {"s": "80"}}))
    services.advance_round(actor=None, round_=round_, stage=RoundStage.COMMITTEE)
    assert 'name="q' in client.get(grid).content.decode()
    response = client.post(grid, {f"q{tree.cell_a.pk}": "ht", f"r{tree.cell_a.pk}": ""})
    assert response.status_code == 400 and "cần ghi lý do" in response.content.decode()
    decided = {f"q{tree.cell_a.pk}": "ht", f"r{tree.cell_a.pk}": "Còn đơn thư"}
    assert client.post(grid, decided).status_code == 302
    row = OrganizationEvaluation.objects.get(organization=tree.cell_a)
    assert row.rating == Rating.SATISFACTORY
    services.advance_round(actor=None, round_=round_, stage=RoundStage.PUBLISHED)
    correct = f"/danh-gia/to-chuc/ket-qua/{row.pk}/dinh-chinh/"
    assert client_for(secretary_a).get(correct).status_code == 403  # sees it, may not correct
    assert f"/to-chuc/ket-qua/{row.pk}/dinh-chinh/" in client.get(grid).content.decode()
    response = client.post(correct, {"rating": "htt", "reason": "Thông báo 05-TB/ĐU"})
    assert response.status_code == 302
    history = client_for(secretary_a).get(f"/danh-gia/to-chuc/{tree.cell_a.pk}/")
    text = history.content.decode()
    assert "đính chính" in text and "Thông báo 05-TB/ĐU" in text and "text-decoration-line" in text


def test_the_grid_reads_a_bounded_number_of_queries(
    tree: Tree,
    commune_secretary: User,
    client_for: ClientFor,
    django_assert_max_num_queries: DjangoAssertNumQueries,
) -> None:
    for i in range(12):
        make_org(tree.commune, OrgKind.CELL, f"Chi bộ Tổ {i + 3}", f"TN.AB.T{i}")
    round_ = to_cell_stage(open_for(tree.commune))
    client = client_for(commune_secretary)
    client.get(f"/danh-gia/{round_.pk}/to-chuc/{tree.commune.pk}/")
    with django_assert_max_num_queries(20):
        response = client.get(f"/danh-gia/{round_.pk}/to-chuc/{tree.commune.pk}/")
    assert response.content.decode().count('class="org-line"') == 14
    with django_assert_max_num_queries(20):
        client.get(f"/danh-gia/{round_.pk}/to-chuc/{tree.root.pk}/")
