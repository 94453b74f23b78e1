"""The roll's order: Member.name_sort sorts in the database exactly as name_sort_key in Python,
on SQLite and PostgreSQL alike."""

from __future__ import annotations

import importlib
import string

import pytest
from django.apps import apps as django_apps
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import Tree
from dangbo.core.text import name_sort_key
from dangbo.members import services
from dangbo.members.models import Member
from dangbo.members.models.sorting import name_sort_string
from dangbo.members.tests.factories import MemberFactory

# Names that trip simple orders: tones, modified letters, đ, case, numbers, a name that is a
# word-prefix of another, foreign and stray characters.
TRICKY_NAMES = [
    "Nguyễn Văn An",
    "Nguyễn Văn Ân",
    "Nguyễn Văn Ấn",
    "Lê Thị Ăn",
    "Trần An",
    "trần an",
    "Trần An Bình",
    "An",
    "Đỗ Đức",
    "Đỗ Dũng",
    "Bùi Thị Dung",
    "Phạm Văn Ơn",
    "Phạm Văn Ôn",
    "Phạm Văn On",
    "Hồ Thị Ư",
    "Hồ Thị U",
    "Khóm 2",
    "Khóm 10",
    "Thạch Sô Phia",
    "H'Hen Niê",
    "Y-Moan Ênuôl",
    "Ōtani Zen",
    "Mạ",
    "Ma",
    "Má",
    "Zô",
    "Ðặng Văn Lâm",
]
VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯáàảãạấầẩẫậéèẻẽẹíìỉĩịóòỏõọớờởỡợúùủũụứừửữựýỳỷỹỵ"
LETTERS = VIETNAMESE + string.ascii_letters + string.digits + " -'.Ωð\u0301\u0323"


def test_the_sort_text_uses_only_digits_and_lower_case_ascii_letters() -> None:
    allowed = set(string.digits + string.ascii_lowercase)

    for name in TRICKY_NAMES:
        assert set(name_sort_string(name)) <= allowed, name


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=LETTERS, max_size=20), st.text(alphabet=LETTERS, max_size=20))
def test_the_sort_text_compares_as_the_sort_key(a: str, b: str) -> None:
    key_a, key_b = name_sort_key(a), name_sort_key(b)
    text_a, text_b = name_sort_string(a), name_sort_string(b)

    assert (key_a < key_b) == (text_a < text_b)
    assert (key_a == key_b) == (text_a == text_b)


@pytest.mark.django_db
def test_the_database_orders_members_as_the_vietnamese_name_key(tree: Tree) -> None:
    # Created in reverse of the expected order, so an order by id cannot pass by chance.
    expected = sorted(TRICKY_NAMES, key=name_sort_key)
    for name in reversed(expected):
        MemberFactory.create(organization=tree.cell_a, full_name=name)

    in_database = list(
        Member.objects.order_by("name_sort", "id").values_list("full_name", flat=True)
    )

    assert in_database == expected


@pytest.mark.django_db
def test_a_renamed_member_moves_in_the_order(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a, full_name="Nguyễn Văn Bình")
    MemberFactory.create(organization=tree.cell_a, full_name="Trần Văn Cường")

    services.update_member(actor=None, member=member, data={"full_name": "Nguyễn Văn Đạt"})

    assert list(Member.objects.order_by("name_sort").values_list("full_name", flat=True)) == [
        "Trần Văn Cường",
        "Nguyễn Văn Đạt",
    ]
    member.refresh_from_db()
    assert member.name_sort == name_sort_string("Nguyễn Văn Đạt")


@pytest.mark.django_db
def test_the_migration_fills_the_sort_text_of_existing_members(tree: Tree) -> None:
    migration = importlib.import_module("dangbo.members.migrations.0003_name_sort")
    member = MemberFactory.create(organization=tree.cell_a, full_name="Lê Thị Ánh")
    Member.objects.update(name_sort="")

    migration.fill_name_sort(django_apps, None)

    member.refresh_from_db()
    assert member.name_sort == name_sort_string("Lê Thị Ánh")
