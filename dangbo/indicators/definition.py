"""The language computed indicators are declared in (issue #9 §1: "definitions are declarative
data, not one hand-written function per indicator").

    <source> [where <field> <op> <value> (and <field> <op> <value>)*]

with the ops `=`, `!=`, `<`, `<=`, `>`, `>=`, `in (a, b)` and `not in (a, b)`, e.g.
`member_ratings where rating in (excellent, good)` or
`meetings where status = held and date <= today`.

A committee adds or edits an indicator by typing such a text, so every mistake must come back
as one clear Vietnamese sentence naming the word and its position (`DefinitionError`), never
as a crash. A parsed `Definition` compiles to a Q filter on its source's rows; `today` is read
when the filter is built, so a stored definition stays valid day after day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Q, QuerySet

from dangbo.core.clock import today
from dangbo.indicators.periods import Period
from dangbo.indicators.sources import CHOICE, DATE, SOURCES, Field, Source

MAX_LENGTH = 2000
_TOKEN = re.compile(r"\s*(?:(?P<op>!=|<=|>=|=|<|>)|(?P<punct>[(),])|(?P<word>[^\s(),!=<>]+))")
_COMPARISONS = ("<", "<=", ">", ">=")
_OP_TEXT = {
    "=": "bằng",
    "!=": "khác",
    "<": "nhỏ hơn",
    "<=": "không quá",
    ">": "lớn hơn",
    ">=": "từ",
    "in": "là một trong",
    "not in": "không là một trong",
}


class DefinitionError(ValueError):
    """A definition that does not parse; the message is for the user, in Vietnamese."""


@dataclass(frozen=True)
class Condition:
    field: Field
    op: str
    values: tuple[Any, ...]

    def q(self, day: date) -> Q:
        values = [day if v == "today" else v for v in self.values]
        lookup = self.field.lookup
        if self.op in ("in", "not in"):
            q = Q(**{f"{lookup}__in": values})
            return ~q if self.op == "not in" else q
        suffix = {"=": "", "!=": "", "<": "__lt", "<=": "__lte", ">": "__gt", ">=": "__gte"}
        q = Q(**{f"{lookup}{suffix[self.op]}": values[0]})
        return ~q if self.op == "!=" else q

    def text(self) -> str:
        labels = ", ".join(self.field.label_of(v) for v in self.values)
        return f"{self.field.label} {_OP_TEXT[self.op]} {labels}"


@dataclass(frozen=True)
class Definition:
    source: Source
    conditions: tuple[Condition, ...]

    def q(self) -> Q:
        day = today()
        q = Q()
        for condition in self.conditions:
            q &= condition.q(day)
        return q

    def rows(self, period: Period) -> QuerySet[Any]:
        """The source's rows of the period that the definition keeps."""
        return self.source.rows(period).filter(self.q())

    def text(self) -> str:
        """The definition in words, for the catalog page."""
        if not self.conditions:
            return self.source.label
        return f"{self.source.label}, với " + "; ".join(c.text() for c in self.conditions)


@dataclass(frozen=True)
class _Token:
    kind: str  # "op", "punct", "word"
    text: str
    position: int  # 1-based, as the message shows it


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    index = 0
    while index < len(text):
        match = _TOKEN.match(text, index)
        if match is None or match.end() == index:
            rest = text[index:]
            if rest.strip() == "":
                break
            index += len(rest) - len(rest.lstrip())
            raise DefinitionError(
                f"Ký tự «{text[index]}» ở vị trí {index + 1} không dùng được trong định nghĩa."
            )
        kind = match.lastgroup
        if kind is None:  # only spaces left
            break
        start = match.start(kind)
        tokens.append(_Token(kind, match.group(kind), start + 1))
        index = match.end()
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokens(text)
        self.index = 0
        self.end = len(text) + 1

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, expected: str) -> _Token:
        token = self.peek()
        if token is None:
            raise DefinitionError(f"Định nghĩa dừng ở vị trí {self.end}: còn thiếu {expected}.")
        self.index += 1
        return token

    def keyword(self, word: str) -> bool:
        token = self.peek()
        if token is not None and token.kind == "word" and token.text.lower() == word:
            self.index += 1
            return True
        return False

    def source(self) -> Source:
        token = self.take("tên nguồn dữ liệu")
        source = SOURCES.get(token.text.lower()) if token.kind == "word" else None
        if source is None:
            raise DefinitionError(
                f"Không có nguồn dữ liệu «{token.text}» (vị trí {token.position}). "
                f"Các nguồn: {', '.join(SOURCES)}."
            )
        return source

    def field(self, source: Source) -> Field:
        token = self.take("tên trường sau «where»/«and»")
        found = source.fields.get(token.text.lower()) if token.kind == "word" else None
        if found is None:
            names = ", ".join(source.fields) or "(không có)"
            raise DefinitionError(
                f"Trường «{token.text}» (vị trí {token.position}) không có trong nguồn "
                f"«{source.name}». Các trường: {names}."
            )
        return found

    def op(self, field: Field) -> str:
        token = self.take(f"phép so sánh sau trường «{field.name}»")
        if token.kind == "op":
            if token.text in _COMPARISONS and field.kind != DATE:
                raise DefinitionError(
                    f"Phép «{token.text}» (vị trí {token.position}) chỉ dùng cho trường ngày; "
                    f"với «{field.name}» dùng =, !=, in (...) hoặc not in (...)."
                )
            return token.text
        word = token.text.lower() if token.kind == "word" else ""
        if word == "in":
            return "in"
        if word == "not" and self.keyword("in"):
            return "not in"
        raise DefinitionError(
            f"Sau trường «{field.name}» cần phép so sánh (=, !=, in, not in), không phải "
            f"«{token.text}» (vị trí {token.position})."
        )

    def value(self, field: Field) -> Any:
        token = self.take(f"giá trị cho trường «{field.name}»")
        try:
            if token.kind != "word":
                raise ValueError(token.text)
            return field.value(token.text)
        except ValueError:
            raise DefinitionError(
                f"Giá trị «{token.text}» (vị trí {token.position}) không hợp lệ cho trường "
                f"«{field.name}»: dùng một trong {', '.join(field.allowed())}."
            ) from None

    def values(self, field: Field) -> tuple[Any, ...]:
        opening = self.take("dấu «(» mở danh sách giá trị")
        if opening.text != "(":
            raise DefinitionError(
                f"Sau «in» cần danh sách giá trị trong ngoặc, ví dụ (a, b); vị trí "
                f"{opening.position} là «{opening.text}»."
            )
        found = [self.value(field)]
        while True:
            token = self.take("dấu «)» đóng danh sách giá trị")
            if token.text == ")":
                return tuple(found)
            if token.text != ",":
                raise DefinitionError(
                    f"Trong danh sách giá trị cần dấu phẩy hoặc «)», không phải "
                    f"«{token.text}» (vị trí {token.position})."
                )
            found.append(self.value(field))

    def condition(self, source: Source) -> Condition:
        field = self.field(source)
        op = self.op(field)
        if op in ("in", "not in"):
            return Condition(field, op, self.values(field))
        value = self.value(field)
        if op in _COMPARISONS and field.kind == CHOICE:  # pragma: no cover - refused in op()
            raise DefinitionError(f"Phép «{op}» không dùng cho trường «{field.name}».")
        return Condition(field, op, (value,))

    def definition(self) -> Definition:
        source = self.source()
        conditions: list[Condition] = []
        if self.peek() is not None:
            token = self.take("«where»")
            if token.text.lower() != "where":
                raise DefinitionError(
                    f"Sau tên nguồn cần «where», không phải «{token.text}» (vị trí "
                    f"{token.position})."
                )
            conditions.append(self.condition(source))
            while self.peek() is not None:
                token = self.take("«and»")
                if token.text.lower() != "and":
                    raise DefinitionError(
                        f"Giữa hai điều kiện cần «and», không phải «{token.text}» (vị trí "
                        f"{token.position})."
                    )
                conditions.append(self.condition(source))
        return Definition(source, tuple(conditions))


def parse(text: str) -> Definition:
    """The definition `text` declares, or DefinitionError saying what is wrong and where."""
    if not isinstance(text, str) or not text.strip():
        raise DefinitionError(
            f"Định nghĩa trống. Viết tên nguồn dữ liệu, ví dụ «members»; các nguồn: "
            f"{', '.join(SOURCES)}."
        )
    if len(text) > MAX_LENGTH:
        raise DefinitionError(f"Định nghĩa dài quá {MAX_LENGTH} ký tự.")
    return _Parser(text).definition()


__all__ = ["Condition", "Definition", "DefinitionError", "parse"]
