"""Tasks proposed from the numbered headings of a program's text.

A program of action lists its key tasks, breakthroughs and solutions under section headings
("II. NHIỆM VỤ TRỌNG TÂM", "Xác định ba khâu đột phá", "3. Nhiệm vụ, giải pháp"), one item per
numbered line ("1. …", "3.1 - …", "a) …", "Một là, …") or per short title line in articles
that drop the numbers. This module rebuilds that outline from the line markers alone (pure
Python, no model) and proposes each item under a section as a task of the section's kind, its
sub-items as child tasks. Spans point into the original text so the review screen can
highlight them. A person confirms every proposal, so the rules prefer finding an item to
missing one.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from dangbo.core.text import fold

__all__ = ["ProposedTask", "propose_tasks"]

# Task kinds as stored (TaskKind values); kept as strings so this module needs no Django.
KEY, BREAKTHROUGH, SOLUTION, ASSIGNED = "key", "breakthrough", "solution", "assigned"

TITLE_MAX = 300
HEADING_MAX_WORDS = 20

ROMAN, UPPER, ARABIC, LOWER, WORD, KEYWORD, TITLE = (
    "roman",
    "upper",
    "arabic",
    "lower",
    "word",
    "keyword",
    "title",
)
# Styles a keyword heading without a number never closes: the document's own top level.
_TOP_STYLES = {ROMAN, UPPER}

_PUNCT = r"[.)\-–—/:]"
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "3.1 - ", "3.1.", "1.2.3)" — before ARABIC so "3.1" is not read as "3." then "1".
    ("dotted", re.compile(rf"(\d{{1,2}}(?:\.\d{{1,2}})+)(?!\d)\.?\s*{_PUNCT}?\s*(?=\S)")),
    (ARABIC, re.compile(rf"(\d{{1,2}})\s*{_PUNCT}(?![\d,])\s*(?=\S)")),
    (ROMAN, re.compile(rf"([IVX]{{1,5}})\s*{_PUNCT}\s*(?=\S)")),
    (UPPER, re.compile(r"([A-HK-UYĐ])\s*[.)]\s+(?=\S)")),
    (LOWER, re.compile(r"([a-zđ])\s*\)\s*(?=\S)|([a-zđ])\.\s+(?=\S)")),
    (
        WORD,
        re.compile(
            r"((?:Một|Hai|Ba|Bốn|Năm|Sáu|Bảy|Tám|Chín|Mười)\s+là"
            r"|Thứ\s+(?:nhất|hai|ba|tư|năm|sáu|bảy|tám|chín|mười))\s*[,:.]\s*(?=\S)",
            re.IGNORECASE,
        ),
    ),
    ("bullet", re.compile(r"([-–—+*•·●○■□▪➢➤✓◦])\s*(?=\S)")),
)

# Section keywords on folded text, most specific first.
_SECTION_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (BREAKTHROUGH, re.compile(r"\bdot pha\b")),
    (KEY, re.compile(r"\bnhiem vu (?:trong tam|chu yeu|trong yeu|trong diem)\b")),
    (SOLUTION, re.compile(r"\bgiai phap\b")),
    (ASSIGNED, re.compile(r"^to chuc thuc hien\b")),
    (KEY, re.compile(r"^(?:cac )?nhiem vu(?: cu the)?$")),
)
# Short lines that close a section of unnumbered items (an article's closing paragraph).
_CLOSERS = re.compile(r"^(?:quyet tam|ket luan|y kien|kien nghi)\b")
_END = re.compile(r"^noi nhan\b")
_SENTENCE_END = re.compile(r"[.;:,!?…]$")
_FIRST_CLAUSE = re.compile(r"(?<=[^\s\d])[.;:](?=\s)")


@dataclass(frozen=True, slots=True)
class ProposedTask:
    kind: str
    title: str
    description: str
    parent: int | None  # index in the returned list of the task this one belongs to
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(eq=False)
class _Node:
    style: str
    heading: str  # the line without its marker
    start: int  # the line, marker included, in the original text
    end: int
    numbered: bool
    parent: _Node | None = None
    children: list[_Node] = field(default_factory=list)
    body: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str | None:
        return section_kind(self.heading) if heading_like(self.heading, self.numbered) else None


def section_kind(heading: str) -> str | None:
    """The task kind a heading announces ("Xác định ba khâu đột phá" → breakthrough)."""
    folded = fold(heading).strip(" .:;")
    for kind, pattern in _SECTION_KINDS:
        if pattern.search(folded):
            return kind
    return None


def heading_like(text: str, numbered: bool) -> bool:
    words = text.split()
    if not words or len(words) > HEADING_MAX_WORDS or text.rstrip().endswith((".", ";")):
        return False
    return numbered or not text.rstrip().endswith(",")


def title_like(text: str) -> bool:
    """A short unnumbered line that reads as a title: "Công tác tổ chức và cán bộ"."""
    words = text.split()
    return (
        2 <= len(words) <= 16
        and len(text) <= 120
        and text[0].isupper()
        and not _SENTENCE_END.search(text)
    )


def _marker(line: str) -> tuple[str, int] | None:
    """(style, length of the marker) of a numbered or bulleted line."""
    for style, pattern in _MARKERS:
        match = pattern.match(line)
        if match is None:
            continue
        if style == "dotted":
            return f"dotted{match.group(1).count('.')}", match.end()
        if style == "bullet":
            return f"bullet{match.group(1)}", match.end()
        return style, match.end()
    return None


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset of the first non-blank character, stripped line) of each non-blank line."""
    found = []
    for match in re.finditer(r"[^\n]+", text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            found.append((match.start() + len(line) - len(line.lstrip()), stripped))
    return found


class _Outline:
    def __init__(self) -> None:
        self.root = _Node(style="", heading="", start=0, end=0, numbered=True)
        self.stack: list[_Node] = [self.root]
        self.ended = False

    def _push(self, node: _Node) -> None:
        node.parent = self.stack[-1]
        node.parent.children.append(node)
        self.stack.append(node)

    def _pop_to_sibling(self, style: str) -> bool:
        """Close everything down to the open node of this style, and it too."""
        styles = [n.style for n in self.stack]
        if style not in styles:
            return False
        del self.stack[styles.index(style) :]
        return True

    def _open_keyword_section(self) -> _Node | None:
        for node in reversed(self.stack):
            if node.style == KEYWORD:
                return node
        return None

    def add(self, offset: int, line: str) -> None:
        if self.ended:
            return
        if _END.match(fold(line)):
            # The list of recipients ends the body: its "- Ban Bí thư …" lines are no tasks.
            self.ended = True
            return
        marked = _marker(line)
        if marked is not None:
            style, length = marked
            node = _Node(style, line[length:].strip(), offset, offset + len(line), numbered=True)
            self._pop_to_sibling(style)
            self._push(node)
            return
        if section_kind(line) is not None and heading_like(line, numbered=False):
            # An unnumbered section heading closes the sections before it, but not the
            # document's own Roman or lettered parts.
            while len(self.stack) > 1 and not (
                self.stack[-1].style in _TOP_STYLES and self.stack[-1].kind is None
            ):
                self.stack.pop()
            self._push(_Node(KEYWORD, line, offset, offset + len(line), numbered=False))
            return
        section = self._open_keyword_section()
        if section is not None and title_like(line):
            if _CLOSERS.match(fold(line)) or any(c.numbered for c in section.children):
                # A title after numbered items (a photo caption, the next part of an
                # article) ends the section rather than joining it.
                del self.stack[self.stack.index(section) :]
                return
            del self.stack[self.stack.index(section) + 1 :]
            self._push(_Node(TITLE, line, offset, offset + len(line), numbered=False))
            return
        self.stack[-1].body.append(line)


def _outline(text: str) -> _Node:
    outline = _Outline()
    for offset, line in _lines(text):
        outline.add(offset, line)
    return outline.root


def _contains_section(node: _Node) -> bool:
    return any(child.kind is not None or _contains_section(child) for child in node.children)


def _title_and_rest(heading: str) -> tuple[str, str]:
    """A long item ("- Tăng cường …. Nâng cao …") is titled by its first clause."""
    match = _FIRST_CLAUSE.search(heading)
    if match is not None and match.start() < len(heading) - 1:
        title, rest = heading[: match.start()], heading[match.end() :].strip()
    else:
        title, rest = heading.rstrip(" .;:"), ""
    if len(title) > TITLE_MAX:
        # The shortened title loses words: the description keeps the item whole.
        cut = title.rfind(" ", 0, TITLE_MAX - 1)
        title, rest = title[: cut if cut > 0 else TITLE_MAX - 1] + "…", heading
    return title, rest


def _flatten(node: _Node) -> list[str]:
    lines = list(node.body)
    for child in node.children:
        lines.append(child.heading)
        lines.extend(_flatten(child))
    return lines


def _emit(node: _Node, kind: str, parent: int | None, out: list[ProposedTask], depth: int) -> None:
    title, rest = _title_and_rest(node.heading)
    if not title:
        return
    # Items deeper than task → child task are folded into their child's description.
    deeper = depth >= 1
    lines = [rest] if rest else []
    lines.extend(_flatten(node) if deeper else node.body)
    out.append(
        ProposedTask(
            kind=kind,
            title=title,
            description="\n".join(lines),
            parent=parent,
            start=node.start,
            end=node.end,
        )
    )
    if not deeper:
        index = len(out) - 1
        for child in node.children:
            _emit(child, kind, index, out, depth + 1)


def _walk(node: _Node, out: list[ProposedTask]) -> None:
    for child in node.children:
        kind = child.kind
        if kind is not None and not _contains_section(child):
            for item in child.children:
                _emit(item, kind, None, out, 0)
        else:
            _walk(child, out)


def propose_tasks(text: str) -> list[ProposedTask]:
    """Tasks read from the outline of `text`, in text order; `parent` indexes this list."""
    out: list[ProposedTask] = []
    _walk(_outline(text), out)
    return out
