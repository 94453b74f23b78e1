"""Forms of the study pages: shape only; the services check the rest (roll, dates, scope).
Pickers list a bounded number of choices; an id outside the short list is still accepted when
the user may see it (a page that pre-selects an older document)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from dangbo.access.policy import Action
from dangbo.access.scoping import scope, units_for
from dangbo.documents.models import DocStatus, Document
from dangbo.members.models import Member
from dangbo.orgs.forms.base import BootstrapForm, date_field, required_message
from dangbo.study.models import StudyLevel, StudySession
from dangbo.study.services import REFLECTION_KINDS

PICKER_SIZE = 300


def document_label(doc: Document) -> str:
    return f"{doc.symbol or doc.get_kind_display()} — {doc.title}"[:160]


def studied_documents(user: Any) -> QuerySet[Document]:
    return scope(user, Document).filter(status__in=[DocStatus.ISSUED, DocStatus.REPLACED])


def _picker(label: str, *, required: bool = True) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        required=required,
        coerce=int,
        empty_value=None,
        error_messages={**required_message(label), "invalid_choice": "Chọn trong danh sách."},
    )


class ScopedPickForm(BootstrapForm):
    """Turns the id of each picker into the object, looked up in what the user may see."""

    pickers: dict[str, QuerySet[Any]]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, rows in self.pickers.items():
            pk = cleaned.get(name)
            if pk is None:
                continue
            obj = rows.filter(pk=pk).first()
            if obj is None:
                self.add_error(name, "Không tìm thấy hoặc bạn không có quyền chọn.")
            cleaned[name] = obj
        return cleaned

    def _choices(self, name: str, rows: list[tuple[int, str]], blank: str) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [("", blank), *rows]
        # Any id is offered to clean(): the scoped lookup decides, not the short list.
        field.valid_value = lambda value: True  # type: ignore[method-assign]


class SessionForm(ScopedPickForm):
    document = _picker("Văn bản học tập, quán triệt")
    organization = _picker("Đơn vị tổ chức")
    held_on = date_field("Ngày học tập")
    level = forms.ChoiceField(
        label="Cấp tổ chức",
        choices=StudyLevel.choices,
        error_messages={"invalid_choice": "Chọn cấp tổ chức trong danh sách."},
    )
    place = forms.CharField(label="Địa điểm", max_length=255, required=False)
    makeup_for = _picker("Học bù cho buổi", required=False)
    guests = forms.IntegerField(
        label="Số người ngoài Đảng tham dự",
        min_value=0,
        max_value=1_000_000,
        initial=0,
        required=False,
        error_messages={
            "invalid": "Nhập một số nguyên.",
            "min_value": "Số người phải từ 0 trở lên.",
            "max_value": "Số người quá lớn.",
        },
    )
    notes = forms.CharField(
        label="Ghi chú", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        documents = studied_documents(user)
        units = units_for(user, Action.EDIT)
        sessions = scope(user, StudySession)
        self.pickers = {"document": documents, "organization": units, "makeup_for": sessions}
        docs = documents.defer("body", "search_text").order_by("-issued_on", "-id")[:PICKER_SIZE]
        self._choices("document", [(d.pk, document_label(d)) for d in docs], "— Chọn —")
        orgs = units.order_by("path").only("id", "name")[:PICKER_SIZE]
        self._choices("organization", [(o.pk, o.name) for o in orgs], "— Chọn —")
        recent = sessions.select_related("organization").order_by("-held_on", "-id")[:50]
        self._choices(
            "makeup_for",
            [(s.pk, f"{s.held_on:%d/%m/%Y} — {s.organization.name}") for s in recent],
            "— Không phải buổi học bù —",
        )


class ReflectionForm(ScopedPickForm):
    member = _picker("Đảng viên")
    document = _picker("Văn bản")
    submitted_on = date_field("Ngày nộp")
    file = forms.FileField(
        label="Tệp bài thu hoạch, kế hoạch hành động",
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(REFLECTION_KINDS)}),
        error_messages={"required": "Chọn tệp.", "empty": "Tệp rỗng (0 byte)."},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        documents = studied_documents(user)
        members = scope(user, Member, Action.EDIT).filter(organization__isnull=False)
        self.pickers = {"document": documents, "member": members}
        docs = documents.defer("body", "search_text").order_by("-issued_on", "-id")[:PICKER_SIZE]
        self._choices("document", [(d.pk, document_label(d)) for d in docs], "— Chọn —")
        people = members.order_by("name_sort", "pk").only("id", "full_name")[:500]
        self._choices("member", [(m.pk, m.full_name) for m in people], "— Chọn —")
