"""The board, target and task pages, their forms, reminders and who may use them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.targets import queries, services
from dangbo.targets.models import TaskReminder, TaskStatus
from dangbo.targets.tests.conftest import Program
from dangbo.targets.tests.factories import TaskFactory

pytestmark = pytest.mark.django_db

ClientFor = Callable[[User], Client]


def text(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def test_board_shows_progress_forecast_units_and_overdue(
    program: Program, secretary_a: User, client_for: ClientFor, django_assert_max_num_queries
) -> None:
    client = client_for(secretary_a)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("targets:board", args=[program.document.pk]))
    assert response.status_code == 200
    body = text(response)
    assert "Bảng theo dõi thực hiện" in body
    assert "33,3%" in body  # 1 of 3 tasks done
    assert "Rà soát đảng viên Ấp Hai" in body.split('id="overdue"')[1]
    assert "Tiến độ chỉ tiêu cha = Σ(trọng số × tiến độ con) / Σ trọng số" in body
    assert "75,0%" in body  # parent: (3 × 100% + 1 × 0%) / 4
    assert "Chi bộ Ấp Hai" in body.split('id="units"')[1]


def test_board_query_count_does_not_grow_with_tasks(
    program: Program, province_admin: User, client_for: ClientFor, django_assert_max_num_queries
) -> None:
    for _ in range(30):
        TaskFactory.create(document=program.document, lead=program.task_a.lead)
    client = client_for(province_admin)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("targets:board", args=[program.document.pk])).status_code == 200


def test_board_filters(
    program: Program, secretary_a: User, client_for: ClientFor, tree: Tree
) -> None:
    url = reverse("targets:board", args=[program.document.pk])
    client = client_for(secretary_a)
    body = text(client.get(url, {"kind": "breakthrough"}))
    tasks = body.split('id="tasks"')[1]
    assert "Chuyển đổi số" in tasks and "sinh hoạt chi bộ Ấp Một" not in tasks
    tasks = text(client.get(url, {"status": "overdue"})).split('id="tasks"')[1]
    assert "Rà soát" in tasks and "Chuyển đổi số" not in tasks
    tasks = text(client.get(url, {"unit": tree.cell_a.pk})).split('id="tasks"')[1]
    assert "Ấp Một" in tasks and "Ấp Hai" not in tasks
    assert client.get(url, {"unit": "abc", "status": "x"}).status_code == 200


def test_outsider_and_other_branch_get_404(
    program: Program, outsider: User, client_for: ClientFor, tree: Tree, secretary_b: User
) -> None:
    for name, pk in [
        ("targets:board", program.document.pk),
        ("targets:target-detail", program.child_a.pk),
        ("targets:task-detail", program.task_a.pk),
    ]:
        assert client_for(outsider).get(reverse(name, args=[pk])).status_code == 404
    own = TaskFactory.create(document=DocumentFactory.create(issuer=tree.cell_a), lead=tree.cell_a)
    client = client_for(secretary_b)
    assert client.get(reverse("targets:task-detail", args=[own.pk])).status_code == 404
    response = client.post(
        reverse("targets:task-report", args=[own.pk]),
        {"reported_on": "30/06/2026", "progress": 50, "status": "in_progress", "text": "x"},
    )
    assert response.status_code == 404


def test_lead_unit_reports_task_and_board_updates(
    program: Program, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    url = reverse("targets:task-report", args=[program.task_a.pk])
    upload = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4 bao cao")
    response = client.post(
        url,
        {
            "reported_on": "30/06/2026",
            "progress": "100",
            "status": "done",
            "text": "Đã hoàn thành",
            "attachment": upload,
        },
    )
    assert response.status_code == 302
    program.task_a.refresh_from_db()
    assert program.task_a.status == TaskStatus.DONE
    board = text(client.get(reverse("targets:board", args=[program.document.pk])))
    assert "66,7%" in board
    detail = text(client.get(reverse("targets:task-detail", args=[program.task_a.pk])))
    assert "bao-cao.pdf" in detail
    report = program.task_a.reports.get()
    download = client.get(reverse("targets:report-attachment", args=[report.pk]))
    assert download.status_code == 200
    assert download.getvalue() == b"%PDF-1.4 bao cao"
    assert AuditEvent.objects.filter(action="target.download").count() == 1


def test_secretary_of_other_cell_cannot_report_on_commune_task_of_cell_a(
    program: Program, secretary_b: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_b)
    detail = text(client.get(reverse("targets:task-detail", args=[program.task_a.pk])))
    assert 'id="task-report-form"' not in detail
    response = client.post(
        reverse("targets:task-report", args=[program.task_a.pk]),
        {"reported_on": "30/06/2026", "progress": 50, "status": "in_progress", "text": "x"},
    )
    assert response.status_code == 403
    assert not program.task_a.reports.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"progress": "150"}, "Tiến độ 150% không hợp lệ"),
        ({"progress": "abc"}, "Tiến độ phải là một số nguyên"),
        ({"reported_on": "02/07/2026"}, "không được sau ngày hôm nay"),
        ({"reported_on": "31/02/2026"}, "Ngày không hợp lệ"),
        ({"status": "done", "progress": "80"}, "tiến độ phải là 100%"),
        ({"text": ""}, "Nhập kết quả thực hiện"),
    ],
)
def test_task_report_form_explains_bad_input(
    program: Program, secretary_a: User, client_for: ClientFor, data: dict, message: str
) -> None:
    base = {"reported_on": "30/06/2026", "progress": "50", "status": "in_progress", "text": "x"}
    response = client_for(secretary_a).post(
        reverse("targets:task-report", args=[program.task_a.pk]), base | data
    )
    assert response.status_code == 400
    assert message in text(response)
    assert not program.task_a.reports.exists()


def test_target_report_refuses_other_unit_and_future(
    program: Program, secretary_a: User, client_for: ClientFor
) -> None:
    client = client_for(secretary_a)
    url = reverse("targets:target-report", args=[program.child_a.pk])
    base = {"period_label": "Năm 2026", "as_of": "30/06/2026", "value": "97", "unit": "%"}
    response = client.post(url, base | {"unit": "đảng viên"})
    assert response.status_code == 400
    assert "khác đơn vị tính của chỉ tiêu" in text(response)
    response = client.post(url, base | {"as_of": "01/01/2027"})
    assert response.status_code == 400 and "không được sau ngày hôm nay" in text(response)
    response = client.post(url, base | {"value": "chín mươi"})
    assert response.status_code == 400 and "Số không hợp lệ" in text(response)
    upload = SimpleUploadedFile("minh chứng.pdf", b"%PDF")
    response = client.post(url, base | {"unit": "phần trăm", "evidence": upload})
    assert response.status_code == 302
    detail = text(client.get(reverse("targets:target-detail", args=[program.child_a.pk])))
    assert "97 %" in detail and "minh chứng.pdf" in detail
    row = program.child_a.progress.latest("pk")
    assert client.get(reverse("targets:evidence", args=[row.pk])).status_code == 200


def test_cell_cannot_report_on_target_of_sibling(
    program: Program, secretary_a: User, client_for: ClientFor
) -> None:
    url = reverse("targets:target-report", args=[program.child_b.pk])
    response = client_for(secretary_a).post(
        url, {"period_label": "Năm 2026", "as_of": "30/06/2026", "value": "97", "unit": "%"}
    )
    assert response.status_code == 403


def test_target_detail_shows_formula(
    program: Program, secretary_a: User, client_for: ClientFor
) -> None:
    body = text(
        client_for(secretary_a).get(reverse("targets:target-detail", args=[program.members.pk]))
    )
    assert "(45 − 0) / (400 − 0)" in body
    assert "bình phương tối thiểu" in body
    assert 'id="target-report-form"' not in body  # the commune's target: cell A only reads


def test_issuer_edits_target_and_task(
    program: Program,
    commune_secretary: User,
    secretary_a: User,
    client_for: ClientFor,
    tree: Tree,
) -> None:
    client = client_for(commune_secretary)
    url = reverse("targets:target-edit", args=[program.members.pk])
    assert client.get(url).status_code == 200
    data = {
        "subject": "kết nạp đảng viên mới",
        "comparator": ">=",
        "value": "450",
        "unit": "đảng viên",
        "weight": "1",
        "status": "active",
        "deadline": "20/11/2030",
        "responsible": tree.cell_a.pk,
    }
    assert client.post(url, data).status_code == 302
    program.members.refresh_from_db()
    assert program.members.value == 450 and program.members.responsible == tree.cell_a
    response = client.post(url, data | {"unit": "%"})
    assert response.status_code == 400 and "không đổi được đơn vị tính" in text(response)
    assert client_for(secretary_a).get(url).status_code == 403

    url = reverse("targets:task-edit", args=[program.task_a.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "kind": "key",
            "title": "Nâng cao chất lượng sinh hoạt",
            "lead": tree.cell_b.pk,
            "supporting": [tree.cell_a.pk],
            "deadline": "31/12/2026",
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    program.task_a.refresh_from_db()
    assert program.task_a.lead == tree.cell_b
    assert list(program.task_a.supporting.all()) == [tree.cell_a]
    response = client.post(
        url, {"kind": "key", "title": "x", "lead": tree.agencies.pk, "status": "in_progress"}
    )
    assert response.status_code == 400
    assert client_for(secretary_a).post(url, {}).status_code == 403


def test_reminders_page_and_count(
    program: Program,
    secretary_a: User,
    secretary_b: User,
    commune_secretary: User,
    client_for: ClientFor,
) -> None:
    TaskFactory.create(
        document=program.document,
        lead=program.task_a.lead,
        title="Báo cáo quý của Ấp Một",
        deadline=dt.date(2026, 7, 5),
    )
    assert services.raise_task_reminders() == 2
    assert TaskReminder.objects.count() == 2
    body = text(client_for(secretary_b).get(reverse("targets:reminders")))
    assert "Rà soát đảng viên Ấp Hai" in body and "Báo cáo quý của Ấp Một" not in body
    body = text(client_for(secretary_a).get(reverse("targets:reminders")))
    assert "Báo cáo quý của Ấp Một" in body and "Rà soát" not in body
    assert queries.open_reminder_count(secretary_a) == 1
    assert queries.open_reminder_count(commune_secretary) == 2
    program.late_b.status = TaskStatus.DONE
    program.late_b.save()
    assert queries.open_reminder_count(commune_secretary) == 1


def test_programs_list(
    program: Program,
    secretary_a: User,
    outsider: User,
    client_for: ClientFor,
    django_assert_max_num_queries,
) -> None:
    client = client_for(secretary_a)
    with django_assert_max_num_queries(10):
        body = text(client.get(reverse("targets:programs")))
    assert program.document.title in body
    assert program.document.title not in text(client_for(outsider).get(reverse("targets:programs")))
