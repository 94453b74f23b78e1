"""Evaluation targets measured from a round's results (targets/evaluation.py): which targets
are read as evaluation targets, the share achieved counted by hand (evaluations
report_data.py) and the verdict against the target's comparator."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from conftest import Tree
from dangbo.accounts.models import User
from dangbo.documents.tests.factories import DocumentFactory
from dangbo.evaluations.tests.report_data import build
from dangbo.targets import evaluation
from dangbo.targets.models import Target
from dangbo.targets.tests.factories import TargetFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 7, 1)


@pytest.mark.parametrize(
    ("subject", "metric", "level", "whose"),
    [
        ("đảng viên", "hoàn thành tốt nhiệm vụ trở lên", "HTTNV trở lên", ["đảng viên"]),
        ("đảng viên", "hoàn thành xuất sắc nhiệm vụ", "HTXSNV", ["đảng viên"]),
        ("đảng viên", "không hoàn thành nhiệm vụ", "KHTNV", ["đảng viên"]),
        ("số chi, đảng bộ cơ sở", "hoàn thành tốt nhiệm vụ trở lên", "HTTNV trở lên",
         ["tổ chức cơ sở đảng"]),
        ("tổ chức cơ sở đảng", "hoàn thành tốt nhiệm vụ", "HTTNV trở lên", ["tổ chức cơ sở đảng"]),
        ("tổ chức đảng và lãnh đạo đơn vị", "hoàn thành tốt nhiệm vụ", "HTTNV trở lên",
         ["tổ chức đảng"]),
        ("Chi bộ và đảng viên", "hoàn thành tốt nhiệm vụ", "HTTNV trở lên",
         ["đảng viên", "chi bộ"]),
    ],
)  # fmt: skip
def test_the_seed_wordings_are_read_as_evaluation_targets(
    subject: str, metric: str, level: str, whose: list[str]
) -> None:
    read = evaluation.reading(Target(unit="%", subject=subject, metric=metric, value=90))
    assert read is not None
    assert read.level == level
    assert [s.label for s in read.subjects] == whose


@pytest.mark.parametrize(
    ("unit", "subject", "metric"),
    [
        ("%", "chi bộ", "đạt chuẩn “Chi bộ bốn tốt”"),
        ("%", "tổ chức Công đoàn, Đoàn thanh niên Cộng sản Hồ Chí Minh", "hoàn thành tốt nhiệm vụ"),
        ("%", "cán bộ, công chức, viên chức", "đạt danh hiệu “Lao động tiên tiến”"),
        ("đảng viên", "đảng viên mới", "kết nạp"),
    ],
)
def test_other_targets_are_not(unit: str, subject: str, metric: str) -> None:
    target = Target(unit=unit, subject=subject, metric=metric, value=70)
    assert evaluation.reading(target) is None


def _target(doc: object, **fields: object) -> Target:
    base: dict = {"period": "annual", "deadline": None, "value": Decimal("90")}
    return TargetFactory.create(document=doc, **{**base, **fields})


def test_targets_are_met_or_not_from_the_round_counted_by_hand(tree: Tree) -> None:
    build(tree)
    doc = DocumentFactory.create(issuer=tree.commune)
    good = _target(doc, subject="đảng viên", metric="hoàn thành tốt nhiệm vụ")
    best = _target(doc, subject="đảng viên", metric="hoàn thành xuất sắc nhiệm vụ", value=10)
    failed = _target(
        doc, subject="đảng viên", metric="không hoàn thành nhiệm vụ", value=Decimal("0.4"),
        comparator="<",
    )  # fmt: skip
    cells = _target(doc, subject="chi bộ", metric="hoàn thành tốt nhiệm vụ", value=95)
    both = _target(doc, subject="Chi bộ và đảng viên", metric="hoàn thành tốt nhiệm vụ")
    four_good = _target(doc, subject="chi bộ", metric="đạt chuẩn “Chi bộ bốn tốt”", value=70)
    found = {m.target: m for m in (evaluation.measure(t, TODAY) for t in Target.objects.all()) if m}
    assert four_good not in found
    assert found[good].achieved == "77,8 % (7/9)" and found[good].status == "Không đạt"
    assert found[good].required == "≥ 90 % HTTNV trở lên"
    assert found[best].achieved == "11,1 % (1/9)" and found[best].status == "Đạt"
    assert found[failed].required == "< 0,4 % KHTNV" and found[failed].met is False
    assert found[cells].achieved == "100 % (2/2)" and found[cells].met is True
    assert found[both].achieved == "đảng viên: 77,8 % (7/9); chi bộ: 100 % (2/2)"
    assert found[both].status == "Không đạt"
    round_ = found[good].round
    assert round_ is not None and round_.year == 2025


def test_a_target_without_a_round_in_its_period_says_so(tree: Tree) -> None:
    build(tree)
    doc = DocumentFactory.create(issuer=tree.commune, issued_on=dt.date(2026, 1, 5))
    later = _target(doc, subject="đảng viên", metric="hoàn thành tốt nhiệm vụ")
    measure = evaluation.measure(later, TODAY)
    assert measure is not None and measure.round is None
    assert measure.status == "Chưa có số liệu" and measure.achieved == "Chưa có đợt đánh giá"


def test_the_target_page_shows_the_measure(
    tree: Tree, province_admin: User, client_for: object
) -> None:
    build(tree)
    doc = DocumentFactory.create(issuer=tree.commune)
    good = _target(doc, subject="đảng viên", metric="hoàn thành tốt nhiệm vụ")
    client: Client = client_for(province_admin)  # type: ignore[operator]
    page = client.get(f"/chi-tieu/chi-tieu/{good.pk}/").content.decode()
    assert 'id="evaluation-measure"' in page
    assert "77,8 % (7/9)" in page and "Không đạt" in page
