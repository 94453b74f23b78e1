"""Tasks proposed from a program's numbered headings: the seeds and the ways people type them."""

from __future__ import annotations

from pathlib import Path

import pytest

from dangbo.targets.task_headings import ProposedTask, propose_tasks, section_kind

SEEDS = Path(__file__).resolve().parents[3] / "tests" / "data" / "seeds"
DEMO = Path(__file__).resolve().parents[2] / "demo" / "data"


def titles(tasks: list[ProposedTask], kind: str | None = None) -> list[str]:
    return [t.title for t in tasks if kind is None or t.kind == kind]


def test_program_02_ctr_gives_its_five_key_tasks_and_three_breakthroughs() -> None:
    text = (DEMO / "02-CTr-DU-MTTQ-Ca-Mau.txt").read_text(encoding="utf-8")
    tasks = propose_tasks(text)
    key = [t for t in tasks if t.kind == "key"]
    assert [t.title for t in key] == [
        "Đổi mới phương thức lãnh đạo, lề lối làm việc",
        "Xây dựng Đảng về chính trị, tư tưởng, đạo đức tổ chức và cán bộ",
        "Nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng",
        "Tăng cường kỷ luật, kỷ cương, kiểm tra và giám sát",
        "Quyết liệt cải cách hành chính, chuyển đổi số",
    ]
    assert all(t.parent is None for t in key)
    assert titles(tasks, "breakthrough") == [
        "Nâng cao nhận thức và trách nhiệm của tổ chức đảng, đảng viên",
        "Đẩy mạnh chuyển đổi số toàn diện",
        "Xây dựng đội ngũ cán bộ có bản lĩnh, chuyên nghiệp, trách nhiệm",
    ]
    # The paragraph under a numbered heading is its description, and the span is the heading.
    first = key[0]
    assert first.description.startswith("Tăng cường trách nhiệm, hiệu quả trong phối hợp")
    assert text[first.start : first.end] == "1. Đổi mới phương thức lãnh đạo, lề lối làm việc"


def test_program_02_ctr_solutions_are_the_unnumbered_titles_with_their_bullets_as_children() -> (
    None
):
    text = (DEMO / "02-CTr-DU-MTTQ-Ca-Mau.txt").read_text(encoding="utf-8")
    tasks = propose_tasks(text)
    solutions = [t for t in tasks if t.kind == "solution" and t.parent is None]
    assert [t.title for t in solutions] == [
        "Lãnh đạo thực hiện nhiệm vụ chính trị",
        "Công tác chính trị, tư tưởng, đạo đức",
        "Công tác tổ chức và cán bộ",
        "Công tác kiểm tra, giám sát và thi hành kỷ luật Đảng",
        "Đổi mới phương thức lãnh đạo",
    ]
    organisation = tasks.index(solutions[2])
    children = [t for t in tasks if t.parent == organisation]
    assert len(children) == 7
    assert children[0].title == "Thực hiện tốt công tác quy hoạch, đào tạo, bồi dưỡng cán bộ"
    # The photo caption after the breakthroughs and the article's closing part are no tasks.
    assert "Thường trực Tỉnh ủy tặng bức trướng cho Đại hội" not in titles(tasks)
    assert "Quyết tâm đưa Nghị quyết vào cuộc sống" not in titles(tasks)


def test_seed_003_reads_the_nested_solutions_and_stops_at_the_recipients() -> None:
    text = (SEEDS / "003_5dcf4d47918a0738.txt").read_text(encoding="utf-8")
    tasks = propose_tasks(text)
    top = [t for t in tasks if t.parent is None and t.kind == "solution"]
    # "II - MỤC TIÊU, CHỈ TIÊU, NHIỆM VỤ VÀ GIẢI PHÁP" only holds "3. Nhiệm vụ, giải pháp":
    # "1. Mục tiêu" and "2. Chỉ tiêu" are not solutions.
    assert len(top) == 7
    assert top[0].title == "Đổi mới và thực hiện có hiệu quả công tác giáo dục chính trị, tư tưởng"
    assert text[top[0].start : top[0].end].startswith("3.1 - Đổi mới")
    assert "Mục tiêu" not in titles(tasks) and "Chỉ tiêu" not in titles(tasks)
    assigned = [t for t in tasks if t.kind == "assigned"]
    assert len(assigned) == 3
    assert not any("Ban Bí thư" in t.title for t in tasks)
    # Each bullet under 3.1 is a child, titled by its first sentence.
    children = [t for t in tasks if t.parent == tasks.index(top[0])]
    assert len(children) == 4
    assert children[0].title.startswith("Tăng cường công tác tư tưởng")
    assert "Phát huy vai trò tiên phong" in children[0].description


def test_a_text_without_task_sections_proposes_nothing() -> None:
    assert propose_tasks("") == []
    assert propose_tasks("Đảng bộ phấn đấu 95% tổ chức đảng hoàn thành tốt nhiệm vụ.") == []
    assert propose_tasks("The committee resolved to improve.\n1. First\n2. Second") == []


def test_roman_numerals_sub_letters_and_missing_spaces() -> None:
    text = (
        "I.MỤC ĐÍCH\nNâng cao chất lượng.\n"
        "II.NHIỆM VỤ TRỌNG TÂM\n"
        "1.Nâng cao chất lượng sinh hoạt chi bộ\n"
        "a)Sinh hoạt chuyên đề mỗi quý\n"
        "b) Đổi mới nội dung sinh hoạt\n"
        "2- Phát triển đảng viên\n"
        "III. KHÂU ĐỘT PHÁ\n"
        "1. Chuyển đổi số\n"
        "IV - TỔ CHỨC THỰC HIỆN\n"
        "Các chi bộ xây dựng kế hoạch.\n"
    )
    tasks = propose_tasks(text)
    assert [(t.kind, t.title, t.parent) for t in tasks] == [
        ("key", "Nâng cao chất lượng sinh hoạt chi bộ", None),
        ("key", "Sinh hoạt chuyên đề mỗi quý", 0),
        ("key", "Đổi mới nội dung sinh hoạt", 0),
        ("key", "Phát triển đảng viên", None),
        ("breakthrough", "Chuyển đổi số", None),
    ]
    assert text[tasks[1].start : tasks[1].end] == "a)Sinh hoạt chuyên đề mỗi quý"


def test_mot_la_hai_la_and_star_headings() -> None:
    text = (
        "* Ba khâu đột phá:\n"
        "Một là, đột phá về cải cách hành chính;\n"
        "Hai là, đột phá về chuyển đổi số;\n"
        "Ba là: đột phá về cán bộ.\n"
        "* Giải pháp chủ yếu\n"
        "+ Tăng cường kiểm tra\n"
        "+ Nâng cao chất lượng sinh hoạt\n"
    )
    tasks = propose_tasks(text)
    assert [(t.kind, t.title) for t in tasks] == [
        ("breakthrough", "đột phá về cải cách hành chính"),
        ("breakthrough", "đột phá về chuyển đổi số"),
        ("breakthrough", "đột phá về cán bộ"),
        ("solution", "Tăng cường kiểm tra"),
        ("solution", "Nâng cao chất lượng sinh hoạt"),
    ]


def test_dotted_numbers_and_bullets_nest_under_their_heading() -> None:
    text = (
        "3. Nhiệm vụ, giải pháp\n"
        "3.1. Công tác chính trị, tư tưởng\n"
        "- Học tập nghị quyết\n"
        "  • Tổ chức hội nghị quán triệt\n"
        "3.2 - Công tác tổ chức\n"
    )
    tasks = propose_tasks(text)
    assert [(t.title, t.parent) for t in tasks] == [
        ("Công tác chính trị, tư tưởng", None),
        ("Học tập nghị quyết", 0),
        ("Công tác tổ chức", None),
    ]
    # Deeper items fold into their child's description.
    assert "Tổ chức hội nghị quán triệt" in tasks[1].description


def test_numbers_that_are_not_markers_are_not_read_as_items() -> None:
    text = (
        "NHIỆM VỤ TRỌNG TÂM\n"
        "1. Kết nạp đảng viên\n"
        "2025 – 2030 là nhiệm kỳ mới.\n"
        "1.000 đảng viên được học tập.\n"
        "10-12% chi bộ đạt trong sạch.\n"
    )
    tasks = propose_tasks(text)
    assert titles(tasks) == ["Kết nạp đảng viên"]
    assert "1.000 đảng viên" in tasks[0].description


def test_a_long_item_is_titled_by_its_first_clause_and_a_cut_title_keeps_the_item_whole() -> None:
    text = "GIẢI PHÁP\n1. Tăng cường kiểm tra, giám sát. Xử lý nghiêm vi phạm.\n"
    (task,) = propose_tasks(text)
    assert task.title == "Tăng cường kiểm tra, giám sát"
    assert task.description == "Xử lý nghiêm vi phạm."
    long = "Tăng cường kiểm tra" + ", giám sát" * 60
    (task,) = propose_tasks(f"GIẢI PHÁP\n1. {long}.\n")
    assert len(task.title) <= 300 and task.title.endswith("…")
    assert task.description == f"{long}."


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("II. NHIỆM VỤ TRỌNG TÂM", "key"),
        ("Xác định ba khâu đột phá", "breakthrough"),
        ("Nhiệm vụ, giải pháp chủ yếu", "solution"),
        ("NHIỆM VỤ", "key"),
        ("TỔ CHỨC THỰC HIỆN", "assigned"),
        ("Mục tiêu", None),
        ("nhiem vu trong tam", "key"),
    ],
)
def test_section_kinds(heading: str, kind: str | None) -> None:
    assert section_kind(heading) == kind


def test_nfd_text_and_crlf_line_ends_give_the_same_tasks_at_their_own_offsets() -> None:
    import unicodedata

    text = "KHÂU ĐỘT PHÁ\r\n1. Chuyển đổi số toàn diện\r\n2. Cải cách hành chính\r\n"
    decomposed = unicodedata.normalize("NFD", text)
    tasks = propose_tasks(decomposed)
    assert [t.kind for t in tasks] == ["breakthrough", "breakthrough"]
    assert decomposed[tasks[1].start : tasks[1].end] == unicodedata.normalize(
        "NFD", "2. Cải cách hành chính"
    )
