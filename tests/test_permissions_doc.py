"""docs/permissions.md shows people the same role × action table that the code enforces
(dangbo.access.policy.MATRIX). Changing one without the other fails here."""

from __future__ import annotations

from pathlib import Path

from dangbo.access.models import Role
from dangbo.access.policy import ACTION_LABELS, MATRIX, Action

DOC = Path(__file__).resolve().parent.parent / "docs" / "permissions.md"
YES, NO = "✓", "—"


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def permission_table(text: str) -> tuple[list[str], list[list[str]]]:
    """The header and body rows of the first Markdown table whose first column is "Vai trò"."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.lstrip().startswith("|") and _cells(line)[0] == "Vai trò":
            header = _cells(line)
            separator = _cells(lines[i + 1])
            assert all(set(cell) <= set(":-") and "-" in cell for cell in separator)
            rows = []
            for body in lines[i + 2 :]:
                if not body.lstrip().startswith("|"):
                    break
                rows.append(_cells(body))
            return header, rows
    raise AssertionError("docs/permissions.md has no table starting with a «Vai trò» column")


def documented_matrix(text: str) -> dict[Role, frozenset[Action]]:
    header, rows = permission_table(text)
    action_by_label = {label: action for action, label in ACTION_LABELS.items()}
    role_by_label = {str(role.label): role for role in Role}
    unknown_columns = [c for c in header[1:] if c not in action_by_label]
    assert not unknown_columns, f"columns that are not action labels: {unknown_columns}"
    columns = [action_by_label[c] for c in header[1:]]
    assert len(set(columns)) == len(columns), "an action column appears twice"
    matrix: dict[Role, frozenset[Action]] = {}
    for row in rows:
        assert row[0] in role_by_label, f"«{row[0]}» is not the label of a Role"
        role = role_by_label[row[0]]
        assert role not in matrix, f"«{row[0]}» has two rows"
        assert len(row) == len(header), f"row «{row[0]}» has {len(row) - 1} cells"
        marks = row[1:]
        assert set(marks) <= {YES, NO}, f"row «{row[0]}» has cells other than ✓ and —"
        matrix[role] = frozenset(a for a, mark in zip(columns, marks, strict=True) if mark == YES)
    return matrix


def test_the_table_has_one_column_per_action_and_one_row_per_role() -> None:
    header, rows = permission_table(DOC.read_text(encoding="utf-8"))
    assert header[1:] == [ACTION_LABELS[a] for a in Action]
    assert [row[0] for row in rows] == [str(role.label) for role in Role]


def test_the_documented_table_equals_the_enforced_matrix() -> None:
    assert documented_matrix(DOC.read_text(encoding="utf-8")) == MATRIX


def test_a_single_changed_cell_in_the_document_breaks_the_equality() -> None:
    # Guards the parser itself: it must not read every table as equal to MATRIX.
    text = DOC.read_text(encoding="utf-8")
    _, rows = permission_table(text)
    original = "| " + " | ".join(rows[1]) + " |"
    assert original in text
    cells = list(rows[1])
    cells[-1] = NO if cells[-1] == YES else YES
    flipped = text.replace(original, "| " + " | ".join(cells) + " |")
    assert documented_matrix(flipped) != MATRIX
