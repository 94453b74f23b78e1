"""Organisation forms through the test client: each happy path changes the tree and leaves an
audit event; each bad input answers 400 with the Vietnamese message and changes nothing
(DESIGN rules 1, 2 and 6). Permissions: STRUCTURE for the tree, EDIT for committees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import Tree, make_org
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.orgs.models import (
    Assignment,
    Committee,
    CommitteeSeat,
    Organization,
    OrgEvent,
    OrgEventKind,
    OrgKind,
    SeatRole,
    Term,
)
from dangbo.orgs.tests.factories import (
    dissolve,
    make_committee,
    make_seat,
    make_term,
    nothing_changes,
)

ClientFor = Callable[[User], Client]
DECISION = {
    "effective_on": "01/07/2025",
    "number": "125-QĐ/TU",
    "decided_on": "25/06/2025",
    "note": "Sắp xếp tổ chức năm 2025",
}


def url(name: str, *args: int) -> str:
    return reverse(f"orgs:{name}", args=args)


def post(client: Client, address: str, data: dict[str, Any]) -> Any:
    return client.post(address, data)


def audited(action: str, org: Organization) -> bool:
    return AuditEvent.objects.filter(action=action, organization_id=org.pk).exists()


def parent_of(org: Organization) -> Organization | None:
    org.refresh_from_db()
    return Organization.objects.get_parent(org, update=True)


def assert_refused(response: Any, message: str) -> None:
    assert response.status_code == 400
    assert message in response.content.decode()


def post_refused(client: Client, address: str, data: dict[str, Any], message: str) -> Any:
    """POST `data` expecting the form back with 400 and `message`, and nothing changed."""
    with nothing_changes():
        response = post(client, address, data)
    assert_refused(response, message)
    return response


def new_cells(*units: tuple[str, str]) -> dict[str, list[str]]:
    """The split form's repeated inputs for new cells, given as (name, code)."""
    return {
        "unit_name": [name for name, _ in units],
        "unit_code": [code for _, code in units],
        "unit_kind": [OrgKind.CELL] * len(units),
    }


CELLS_1A_1B = new_cells(("Chi bộ Ấp Một A", "TN.AB.1A"), ("Chi bộ Ấp Một B", "TN.AB.1B"))
TERM_START, TERM_END = dt.date(2025, 10, 1), dt.date(2030, 9, 30)


@pytest.fixture
def admin(province_admin: User, client_for: ClientFor) -> Client:
    return client_for(province_admin)


@pytest.fixture
def committee(tree: Tree) -> Committee:
    return make_committee(tree.commune, TERM_START, TERM_END, "2025–2030")


@pytest.fixture
def seat(committee: Committee) -> CommitteeSeat:
    return make_seat(committee, "Đỗ Văn Bí Thư", SeatRole.SECRETARY)


# --- Each form shows itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, heading",
    [
        ("org-create", "Thêm đơn vị trực thuộc"),
        ("org-rename", "Đổi tên"),
        ("org-move", "Chuyển trực thuộc"),
        ("org-merge", "Hợp nhất"),
        ("org-split", "Chia tách"),
        ("org-dissolve", "Giải thể"),
        ("term-create", "Thêm nhiệm kỳ"),
        ("committee-create", "Lập cấp ủy"),
    ],
)
def test_each_form_of_a_unit_shows_with_breadcrumbs(
    tree: Tree, admin: Client, name: str, heading: str
) -> None:
    response = admin.get(url(name, tree.commune.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert heading in html
    assert f'<li class="breadcrumb-item"><a href="{url("org-detail", tree.root.pk)}">' in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_move_form_offers_units_indented_and_greys_out_the_units_own_subtree(
    tree: Tree, admin: Client
) -> None:
    html = admin.get(url("org-move", tree.commune.pk)).content.decode()
    assert f'<option value="{tree.cell_a.pk}" disabled>' in html
    assert f'<option value="{tree.agencies.pk}" disabled>' in html  # UPPER cannot hold UPPER
    assert f'<option value="{tree.root.pk}">Đảng bộ tỉnh Thử Nghiệm</option>' in html


def test_unit_choices_read_as_a_tree_in_vietnamese_order(tree: Tree, admin: Client) -> None:
    html = admin.get(url("org-move", tree.cell_a.pk)).content.decode()
    # Created after the commune, but "các" sorts before "xã"; its cells follow the commune.
    order = [tree.root, tree.agencies, tree.commune, tree.cell_b, tree.cell_a]
    positions = [html.index(f'<option value="{org.pk}"') for org in order]
    assert positions == sorted(positions)
    assert "\u00a0·\u00a0\u00a0·\u00a0Chi bộ Ấp Hai" in html


# --- Happy paths ------------------------------------------------------------------------------


def test_create_form_adds_a_cell_under_the_commune(tree: Tree, admin: Client) -> None:
    response = post(
        admin,
        url("org-create", tree.commune.pk),
        {
            "name": "Chi bộ Ấp Ba",
            "short_name": "",
            "code": "tn.ab.3",
            "kind": OrgKind.CELL,
            **DECISION,
        },
    )
    org = Organization.objects.get(code="TN.AB.3")
    assert response.status_code == 302
    assert response["Location"] == url("org-detail", org.pk)
    assert parent_of(org) == tree.commune
    assert org.active_from == dt.date(2025, 7, 1)
    event = OrgEvent.objects.get(organization=org, kind=OrgEventKind.CREATED)
    assert event.decision_number == "125-QĐ/TU" and event.decision_date == dt.date(2025, 6, 25)
    assert audited("org.create", org)


def test_rename_form_renames_and_keeps_the_old_name_in_history(tree: Tree, admin: Client) -> None:
    response = post(
        admin,
        url("org-rename", tree.cell_a.pk),
        {"name": "Chi bộ Khu phố Một", "short_name": "CB KP1", **DECISION},
    )
    assert response.status_code == 302
    tree.cell_a.refresh_from_db()
    assert (tree.cell_a.name, tree.cell_a.short_name) == ("Chi bộ Khu phố Một", "CB KP1")
    assert OrgEvent.objects.filter(
        organization=tree.cell_a, kind=OrgEventKind.RENAMED, old_name="Chi bộ Ấp Một"
    ).exists()
    assert audited("org.rename", tree.cell_a)
    follow = admin.get(response["Location"]).content.decode()
    assert "Đã đổi tên Chi bộ Ấp Một thành Chi bộ Khu phố Một." in follow


def test_move_form_moves_the_cell_under_another_unit(tree: Tree, admin: Client) -> None:
    response = post(
        admin, url("org-move", tree.cell_a.pk), {"new_parent": tree.agencies.pk, **DECISION}
    )
    assert response.status_code == 302
    assert parent_of(tree.cell_a) == tree.agencies
    assert audited("org.move", tree.cell_a)


def test_merge_form_merges_this_unit_and_a_sibling_into_the_target(
    tree: Tree, admin: Client
) -> None:
    cell_c = make_org(tree.commune, OrgKind.CELL, "Chi bộ Ấp Ba", "TN.AB.3")
    response = post(
        admin,
        url("org-merge", tree.cell_b.pk),
        {"target": tree.cell_a.pk, "sources": [cell_c.pk], **DECISION},
    )
    assert response.status_code == 302
    assert response["Location"] == url("org-detail", tree.cell_a.pk)
    for source in (tree.cell_b, cell_c):
        source.refresh_from_db()
        assert source.merged_into == tree.cell_a
        assert source.active_to == dt.date(2025, 7, 1)
        assert audited("org.merge", source)


def test_split_form_replaces_the_unit_by_new_ones_and_hands_over_its_children(
    tree: Tree, admin: Client
) -> None:
    group = make_org(tree.cell_a, OrgKind.GROUP, "Tổ đảng số 1", "TN.AB.1.T1")
    response = post(
        admin,
        url("org-split", tree.cell_a.pk),
        {
            **CELLS_1A_1B,
            "unit_short_name": ["", ""],
            f"dest_{group.pk}": "1",
            **DECISION,
        },
    )
    assert response.status_code == 302
    tree.cell_a.refresh_from_db()
    assert tree.cell_a.active_to == dt.date(2025, 7, 1)
    second = Organization.objects.get(code="TN.AB.1B")
    assert parent_of(group) == second
    assert parent_of(second) == tree.commune
    assert Organization.objects.filter(code="TN.AB.1A").exists()
    assert audited("org.split", tree.cell_a)


def test_dissolve_form_ends_the_unit_and_asks_for_confirmation(tree: Tree, admin: Client) -> None:
    page = admin.get(url("org-dissolve", tree.cell_b.pk)).content.decode()
    assert "data-confirm=" in page
    response = post(admin, url("org-dissolve", tree.cell_b.pk), DECISION)
    assert response.status_code == 302
    tree.cell_b.refresh_from_db()
    assert tree.cell_b.active_to == dt.date(2025, 7, 1)
    assert audited("org.dissolve", tree.cell_b)


def test_term_form_adds_a_term(tree: Tree, admin: Client) -> None:
    response = post(
        admin,
        url("term-create", tree.commune.pk),
        {"name": "", "starts_on": "01/10/2025", "ends_on": "30/09/2030"},
    )
    assert response.status_code == 302
    term = Term.objects.get(organization=tree.commune)
    assert term.name == "2025–2030"
    assert AuditEvent.objects.filter(action="term.create", object_id=str(term.pk)).exists()


def test_committee_form_sets_up_the_committee_of_a_term(tree: Tree, admin: Client) -> None:
    term = make_term(tree.commune, TERM_START, TERM_END, "2025–2030")
    response = post(admin, url("committee-create", tree.commune.pk), {"term": term.pk, "name": ""})
    assert response.status_code == 302
    committee = Committee.objects.get(term=term)
    assert committee.name == "Ban Chấp hành Đảng bộ xã An Bình nhiệm kỳ 2025–2030"
    assert AuditEvent.objects.filter(
        action="committee.create", object_id=str(committee.pk)
    ).exists()


def test_seat_form_adds_a_committee_member(committee: Committee, admin: Client) -> None:
    response = post(
        admin,
        url("seat-add", committee.pk),
        {
            "holder_name": "Võ Thị Phó Bí Thư",
            "role": SeatRole.DEPUTY_SECRETARY,
            "started_on": "01/10/2025",
            "ended_on": "",
            "decision_number": "03-QĐ/ĐU",
        },
    )
    assert response.status_code == 302
    seat = CommitteeSeat.objects.get(committee=committee)
    assert (seat.role, seat.decision_number) == (SeatRole.DEPUTY_SECRETARY, "03-QĐ/ĐU")
    assert AuditEvent.objects.filter(action="seat.add", object_id=str(seat.pk)).exists()


def test_seat_end_form_ends_the_seat(seat: CommitteeSeat, admin: Client) -> None:
    response = post(admin, url("seat-end", seat.pk), {"ended_on": "15/11/2026"})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.ended_on == dt.date(2026, 11, 15)
    assert AuditEvent.objects.filter(action="seat.end", object_id=str(seat.pk)).exists()


def test_assignment_form_assigns_a_unit_below_the_committees_organisation(
    tree: Tree, seat: CommitteeSeat, admin: Client
) -> None:
    page = admin.get(url("assignment-add", seat.pk)).content.decode()
    assert f'<option value="{tree.cell_a.pk}">' in page
    assert f'<option value="{tree.commune.pk}"' not in page  # only units below it
    response = post(
        admin,
        url("assignment-add", seat.pk),
        {"organization": tree.cell_a.pk, "started_on": "02/10/2025", "ended_on": ""},
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get(seat=seat)
    assert assignment.organization == tree.cell_a
    assert AuditEvent.objects.filter(action="assignment.add", object_id=str(assignment.pk)).exists()


# --- Bad input: 400, the message, nothing changed ---------------------------------------------


def test_create_form_with_an_empty_name_changes_nothing(tree: Tree, admin: Client) -> None:
    response = post_refused(
        admin,
        url("org-create", tree.commune.pk),
        {"name": "  ", "code": "TN.AB.3", "kind": OrgKind.CELL, **DECISION},
        "Nhập tên đơn vị.",
    )
    assert 'class="form-control is-invalid"' in response.content.decode()


def test_create_form_refuses_a_code_already_used(tree: Tree, admin: Client) -> None:
    post_refused(
        admin,
        url("org-create", tree.commune.pk),
        {"name": "Chi bộ Ấp Ba", "code": "tn.ab.1", "kind": OrgKind.CELL, **DECISION},
        "Mã «TN.AB.1» đã được dùng cho tổ chức khác.",
    )


def test_create_form_refuses_a_kind_that_cannot_stand_under_the_parent(
    tree: Tree, admin: Client
) -> None:
    post_refused(
        admin,
        url("org-create", tree.cell_a.pk),
        {"name": "Chi bộ con", "code": "TN.X", "kind": OrgKind.CELL, **DECISION},
        "Loại tổ chức này không thể trực thuộc đơn vị cấp trên.",
    )


def test_rename_form_with_an_impossible_date_changes_nothing(tree: Tree, admin: Client) -> None:
    post_refused(
        admin,
        url("org-rename", tree.cell_a.pk),
        {"name": "Chi bộ Khu phố Một", **DECISION, "effective_on": "31/02/2025"},
        "Ngày không hợp lệ. Nhập theo dạng dd/mm/yyyy",
    )


def test_rename_form_refuses_the_same_name(tree: Tree, admin: Client) -> None:
    post_refused(
        admin,
        url("org-rename", tree.cell_a.pk),
        {"name": "Chi bộ Ấp Một", **DECISION},
        "Tên mới trùng với tên hiện tại.",
    )


def test_move_form_refuses_moving_a_unit_under_its_own_descendant(
    tree: Tree, admin: Client
) -> None:
    post_refused(
        admin,
        url("org-move", tree.commune.pk),
        {"new_parent": tree.cell_a.pk, **DECISION},
        "Không thể chuyển một tổ chức vào chính nó hoặc đơn vị cấp dưới của nó.",
    )


def test_move_form_refuses_a_unit_outside_the_users_scope(tree: Tree, admin: Client) -> None:
    post_refused(
        admin,
        url("org-move", tree.cell_a.pk),
        {"new_parent": "999999", **DECISION},
        "Đơn vị đã chọn không có trong danh sách bạn được thao tác.",
    )


def test_merge_form_refuses_a_dissolved_target(tree: Tree, admin: Client) -> None:
    dissolve(tree.agencies, dt.date(2025, 1, 1))
    post_refused(
        admin,
        url("org-merge", tree.cell_b.pk),
        {"target": tree.agencies.pk, **DECISION},
        "Không thể hợp nhất vào Đảng bộ các cơ quan Đảng tỉnh: đơn vị này đã chấm dứt hoạt động.",
    )


def test_split_form_with_a_bad_date_keeps_what_was_typed(tree: Tree, admin: Client) -> None:
    response = post_refused(
        admin,
        url("org-split", tree.cell_a.pk),
        {**CELLS_1A_1B, **DECISION, "effective_on": "31/02/2025"},
        "Ngày không hợp lệ",
    )
    assert 'value="Chi bộ Ấp Một B"' in response.content.decode()


def test_split_form_needs_two_new_units(tree: Tree, admin: Client) -> None:
    post_refused(
        admin,
        url("org-split", tree.cell_a.pk),
        {**new_cells(("Chi bộ Ấp Một A", "TN.AB.1A"), ("", "")), **DECISION},
        "Chia tách cần ít nhất hai đơn vị mới.",
    )


def test_split_form_refuses_a_child_sent_to_a_unit_not_typed(tree: Tree, admin: Client) -> None:
    group = make_org(tree.cell_a, OrgKind.GROUP, "Tổ đảng số 1", "TN.AB.1.T1")
    post_refused(
        admin,
        url("org-split", tree.cell_a.pk),
        {**CELLS_1A_1B, f"dest_{group.pk}": "4", **DECISION},
        "Chưa có đơn vị mới số 5",
    )


def test_split_form_reports_a_code_already_used(tree: Tree, admin: Client) -> None:
    post_refused(
        admin,
        url("org-split", tree.cell_a.pk),
        {**new_cells(("Chi bộ Ấp Một A", "TN.AB.1A"), ("Chi bộ Ấp Một B", "TN.AB.2")), **DECISION},
        "Mã «TN.AB.2» đã được dùng cho tổ chức khác.",
    )


def test_dissolve_form_refuses_a_unit_with_active_children(tree: Tree, admin: Client) -> None:
    post_refused(
        admin,
        url("org-dissolve", tree.commune.pk),
        DECISION,
        "còn 2 đơn vị trực thuộc đang hoạt động",
    )


def test_term_form_refuses_an_end_before_the_start(tree: Tree, admin: Client) -> None:
    post_refused(
        admin,
        url("term-create", tree.commune.pk),
        {"starts_on": "01/10/2025", "ends_on": "30/09/2020"},
        "Ngày kết thúc nhiệm kỳ phải sau ngày bắt đầu.",
    )


def test_committee_form_refuses_a_second_committee_for_the_term(
    committee: Committee, admin: Client
) -> None:
    post_refused(
        admin,
        url("committee-create", committee.organization.pk),
        {"term": committee.term.pk},
        "đã có cấp ủy nhiệm kỳ 2025–2030",
    )


def test_seat_form_refuses_an_empty_name_and_a_date_outside_the_term(
    committee: Committee, admin: Client
) -> None:
    with nothing_changes():
        empty = post(
            admin,
            url("seat-add", committee.pk),
            {"holder_name": "", "role": SeatRole.MEMBER, "started_on": "01/10/2025"},
        )
        outside = post(
            admin,
            url("seat-add", committee.pk),
            {"holder_name": "Lý Văn Ngoài", "role": SeatRole.MEMBER, "started_on": "01/10/2024"},
        )
    assert_refused(empty, "Nhập họ và tên.")
    assert_refused(outside, "Ngày bắt đầu phải trong nhiệm kỳ 2025–2030")


def test_seat_end_form_refuses_an_end_before_the_start(seat: CommitteeSeat, admin: Client) -> None:
    post_refused(
        admin,
        url("seat-end", seat.pk),
        {"ended_on": "01/01/2025"},
        "Ngày kết thúc phải sau ngày bắt đầu.",
    )


def test_assignment_form_refuses_a_start_before_the_seat(
    tree: Tree, seat: CommitteeSeat, admin: Client
) -> None:
    post_refused(
        admin,
        url("assignment-add", seat.pk),
        {"organization": tree.cell_a.pk, "started_on": "01/01/2025"},
        "Ngày phân công trước ngày giữ chức vụ.",
    )


def test_assignment_form_refuses_the_committees_own_unit(
    tree: Tree, seat: CommitteeSeat, admin: Client
) -> None:
    post_refused(
        admin,
        url("assignment-add", seat.pk),
        {"organization": tree.commune.pk, "started_on": "02/10/2025"},
        "Đơn vị đã chọn không có trong danh sách bạn được thao tác.",
    )


# --- Who may open the forms -------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["org-rename", "org-move", "org-merge", "org-split", "org-dissolve", "org-create"]
)
def test_secretary_may_view_her_cell_but_not_restructure_it(
    tree: Tree, secretary_a: User, client_for: ClientFor, name: str
) -> None:
    client = client_for(secretary_a)
    assert client.get(url("org-detail", tree.cell_a.pk)).status_code == 200
    assert client.get(url(name, tree.cell_a.pk)).status_code == 403
    with nothing_changes():
        assert client.post(url(name, tree.cell_a.pk), {"name": "X", **DECISION}).status_code == 403
    assert client.get(url(name, tree.cell_b.pk)).status_code == 404


def test_secretary_may_keep_the_records_of_her_cell(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    response = client.post(
        url("term-create", tree.cell_a.pk), {"starts_on": "01/10/2025", "ends_on": "30/09/2030"}
    )
    assert response.status_code == 302
    assert Term.objects.filter(organization=tree.cell_a).exists()
    assert client.get(url("term-create", tree.cell_b.pk)).status_code == 404


@pytest.mark.parametrize("name", ["org-rename", "org-create", "term-create", "committee-create"])
def test_member_gets_403_on_the_forms_of_her_cell(
    tree: Tree, member_a: User, client_for: ClientFor, name: str
) -> None:
    client = client_for(member_a)
    assert client.get(url(name, tree.cell_a.pk)).status_code == 403
    assert client.post(url(name, tree.cell_a.pk), DECISION).status_code == 403


def test_member_gets_403_on_the_seat_forms(
    tree: Tree, member_a: User, client_for: ClientFor
) -> None:
    committee = make_committee(tree.cell_a, TERM_START, TERM_END, "2025–2030")
    seat = make_seat(committee, "Đỗ Văn Bí Thư", SeatRole.SECRETARY)
    client = client_for(member_a)
    assert client.get(url("seat-add", committee.pk)).status_code == 403
    assert client.get(url("seat-end", seat.pk)).status_code == 403
    assert client.get(url("assignment-add", seat.pk)).status_code == 403


def test_forms_of_a_dissolved_unit_are_not_offered(tree: Tree, admin: Client) -> None:
    dissolve(tree.cell_b, dt.date(2025, 1, 1))
    assert admin.get(url("org-rename", tree.cell_b.pk)).status_code == 404
    assert admin.get(url("term-create", tree.cell_b.pk)).status_code == 404


def test_the_root_cannot_be_moved_merged_split_or_dissolved(tree: Tree, admin: Client) -> None:
    for name in ("org-move", "org-merge", "org-split", "org-dissolve"):
        assert admin.get(url(name, tree.root.pk)).status_code == 404
