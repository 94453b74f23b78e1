"""Forms of the document pages: shape only; the services check the rest (numbering, files)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from dangbo.access.policy import Action
from dangbo.access.scoping import scope, units_for
from dangbo.documents.models import DocKind, DocStatus, Document
from dangbo.documents.text_from_file import ATTACHMENT_KINDS
from dangbo.orgs.forms.base import BootstrapForm, date_field, required_message
from dangbo.orgs.models import Organization

MODE_DRAFT = "draft"
MODE_ISSUED = "issued"
# The "thực hiện văn bản" picker lists the most recent documents a user sees; older ones are
# still accepted by id (the API, or a page that pre-selects one).
PICKER_SIZE = 300
PICKER_KINDS = [DocKind.RESOLUTION, DocKind.PROGRAM, DocKind.PLAN, DocKind.DIRECTIVE]
ACCEPT = ",".join(ATTACHMENT_KINDS)


def _text(label: str, max_length: int, *, required: bool = False, **attrs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs=attrs),
        error_messages={
            **required_message(label),
            "max_length": "Không được dài quá {max_length} ký tự.",
        },
    )


def document_label(doc: Document) -> str:
    head = doc.symbol or f"{doc.get_kind_display()} (dự thảo)"
    return f"{head} — {doc.title}"[:160]


class DocumentChoiceField(forms.TypedChoiceField):
    """A document the user sees, picked from a short list; the value is its id."""

    def __init__(self, *, label: str, help_text: str = "") -> None:
        super().__init__(
            label=label,
            required=False,
            coerce=int,
            empty_value=None,
            help_text=help_text,
            error_messages={"invalid_choice": "Chọn một văn bản trong danh sách."},
        )


def _document_choices(rows: QuerySet[Document]) -> list[tuple[Any, str]]:
    docs = rows.defer("body", "search_text").order_by("-issued_on", "-id")[:PICKER_SIZE]
    return [("", "— Không —"), *[(doc.pk, document_label(doc)) for doc in docs]]


class DocumentForm(BootstrapForm):
    """Create (a draft, or a document already issued on paper) and edit."""

    mode = forms.ChoiceField(
        label="Văn bản này là",
        choices=[
            (MODE_DRAFT, "Dự thảo (cấp số khi ban hành)"),
            (MODE_ISSUED, "Văn bản đã ban hành (nhập số ký hiệu)"),
        ],
        initial=MODE_DRAFT,
        widget=forms.RadioSelect,
    )
    kind = forms.ChoiceField(
        label="Loại văn bản", choices=DocKind.choices, error_messages=required_message("loại")
    )
    issuer = forms.ModelChoiceField(
        label="Cơ quan ban hành",
        queryset=Organization.objects.none(),
        error_messages={
            **required_message("cơ quan ban hành"),
            "invalid_choice": "Chọn một đơn vị bạn được cập nhật.",
        },
    )
    symbol = _text("Số, ký hiệu", 64, placeholder="Ví dụ: 02-CTr/ĐU")
    issued_on = date_field("Ngày ban hành", required=False)
    earlier = forms.BooleanField(
        label="Văn bản ban hành trước khi dùng phần mềm (số không liền sổ)", required=False
    )
    issuer_code = _text(
        "Ký hiệu cơ quan ban hành", 32, placeholder="ĐU, TU, CB… (để trống: như lần trước)"
    )
    congress = forms.BooleanField(label="Văn bản đại hội (đánh số riêng)", required=False)
    title = forms.CharField(
        label="Trích yếu",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            **required_message("trích yếu"),
            "max_length": "Không được dài quá {max_length} ký tự.",
        },
    )
    implements = DocumentChoiceField(
        label="Thực hiện văn bản", help_text="Ví dụ: chương trình hành động thực hiện nghị quyết."
    )
    signer = _text("Người ký", 128)
    signer_capacity = _text("Thẩm quyền ký", 128, placeholder="T/M BAN THƯỜNG VỤ — BÍ THƯ")
    place = _text("Địa danh", 128, placeholder="Ví dụ: Cà Mau")
    summary = forms.CharField(
        label="Tóm tắt", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    file = forms.FileField(
        label="Tệp văn bản (.docx, .pdf, .txt; .xlsx chỉ đính kèm)",
        required=False,
        help_text="Nội dung được lấy từ tệp khi ô «Nội dung» để trống. Tối đa 20 MB.",
        error_messages={"empty": "Tệp rỗng (0 byte).", "invalid": "Không đọc được tệp gửi lên."},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    body = forms.CharField(
        label="Nội dung",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text="Dán nội dung văn bản, hoặc để trống và tải tệp lên.",
    )

    def __init__(self, *args: Any, user: Any, document: Document | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        self.document = document
        self.fields["issuer"].queryset = units_for(user, Action.EDIT).order_by("path")  # type: ignore[attr-defined]
        visible = (
            scope(user, Document).filter(kind__in=PICKER_KINDS).exclude(status=DocStatus.DRAFT)
        )
        if document is not None:
            visible = visible.exclude(pk=document.pk)
        self.fields["implements"].choices = _document_choices(visible)  # type: ignore[attr-defined]
        if document is not None:
            for name in ("mode", "symbol", "earlier", "file"):
                del self.fields[name]
            if document.status != DocStatus.DRAFT:
                for name in list(self.fields):
                    if name not in {"title", "summary", "body", "signer", "signer_capacity"}:
                        del self.fields[name]

    def clean_implements(self) -> Document | None:
        pk = self.cleaned_data.get("implements")
        if pk is None:
            return None
        doc = scope(self.user, Document).filter(pk=pk).first()
        if doc is None:
            raise forms.ValidationError("Chọn một văn bản trong danh sách.")
        return doc

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == MODE_ISSUED:
            if not data.get("symbol"):
                self.add_error(
                    "symbol", "Nhập số, ký hiệu của văn bản đã ban hành, ví dụ 02-CTr/ĐU."
                )
            if not data.get("issued_on"):
                self.add_error("issued_on", "Nhập ngày ban hành.")
        return data


class IssueForm(BootstrapForm):
    issued_on = date_field("Ngày ban hành")
    number = forms.IntegerField(
        label="Số",
        required=False,
        min_value=1,
        max_value=99999,
        error_messages={
            "invalid": "Số văn bản là số nguyên dương.",
            "min_value": "Số văn bản bắt đầu từ 01.",
            "max_value": "Số văn bản quá lớn.",
        },
    )
    earlier = forms.BooleanField(
        label="Văn bản ban hành trước khi dùng phần mềm (số không liền sổ)", required=False
    )


class ReplaceForm(BootstrapForm):
    replaced_by = DocumentChoiceField(label="Được thay thế bởi văn bản")

    def __init__(self, *args: Any, user: Any, document: Document, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.user = user
        rows = scope(user, Document).filter(status=DocStatus.ISSUED).exclude(pk=document.pk)
        rows = rows.filter(issuer=document.issuer)
        self.fields["replaced_by"].required = True
        self.fields["replaced_by"].error_messages["required"] = "Chọn văn bản thay thế."
        self.fields["replaced_by"].choices = _document_choices(rows)  # type: ignore[attr-defined]

    def clean_replaced_by(self) -> Document:
        pk = self.cleaned_data.get("replaced_by")
        doc = scope(self.user, Document).filter(pk=pk).first() if pk is not None else None
        if doc is None:
            raise forms.ValidationError("Chọn một văn bản trong danh sách.")
        return doc


class AttachForm(BootstrapForm):
    file = forms.FileField(
        label="Tệp (.pdf, .docx, .txt, .xlsx; tối đa 20 MB)",
        error_messages={"required": "Chọn tệp để đính kèm.", "empty": "Tệp rỗng (0 byte)."},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )
    use_as_body = forms.BooleanField(
        label="Lấy nội dung văn bản từ tệp này (khi văn bản chưa có nội dung)", required=False
    )
