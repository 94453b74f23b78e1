"""What the documents API reads and answers."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.reverse import reverse

from dangbo.access.viewsets import (
    BooleanField,
    DateField,
    IndexField,
    InputSerializer,
    ScopedObjectField,
    TextField,
    enum_field,
)
from dangbo.documents.models import Attachment, DocKind, DocStatus, Document
from dangbo.orgs.models import Organization

ORG_NOT_FOUND = "Không tìm thấy tổ chức này, hoặc tổ chức nằm ngoài phạm vi bạn được xem."
DOC_NOT_FOUND = "Không tìm thấy văn bản này, hoặc văn bản nằm ngoài phạm vi bạn được xem."


class FileField(serializers.FileField):
    default_error_messages = {
        "required": "Chọn tệp.",
        "null": "Chọn tệp.",
        "invalid": "Không đọc được tệp gửi lên: gửi dạng multipart/form-data, trường «file».",
        "no_name": "Tệp gửi lên không có tên.",
        "empty": "Tệp gửi lên rỗng (0 byte).",
        "max_length": "Tên tệp không được dài quá {max_length} ký tự.",
    }


def _kind() -> Any:
    return enum_field(DocKind, "DocumentKindEnum")


class AttachmentSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Attachment
        fields = ["id", "name", "size", "sha256", "text_extracted", "uploaded_at", "download_url"]
        read_only_fields = fields

    def get_download_url(self, obj: Attachment) -> str:
        return reverse(
            "documents:attachment-download", args=[obj.pk], request=self.context.get("request")
        )


class DocumentSerializer(serializers.ModelSerializer):
    """A document as lists show it (no body)."""

    kind = _kind()
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    status = enum_field(DocStatus, "DocumentStatusEnum", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    symbol = serializers.CharField(read_only=True, help_text="Số, ký hiệu: «02-CTr/ĐU».")
    issuer_name = serializers.CharField(source="issuer.name", read_only=True)

    class Meta:
        model = Document
        fields = [
            "id",
            "kind",
            "kind_label",
            "symbol",
            "number",
            "issuer_code",
            "issuer",
            "issuer_name",
            "congress",
            "issued_on",
            "title",
            "status",
            "status_label",
        ]
        read_only_fields = fields


class DocumentDetailSerializer(DocumentSerializer):
    attachments = AttachmentSerializer(many=True, read_only=True)

    class Meta(DocumentSerializer.Meta):
        fields = [
            *DocumentSerializer.Meta.fields,
            "term",
            "place",
            "signer",
            "signer_capacity",
            "summary",
            "body",
            "implements",
            "replaced_by",
            "attachments",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class DocumentListQuery(InputSerializer):
    q = TextField(required=False, allow_blank=True, max_length=200, help_text="Tìm không dấu.")
    kind = enum_field(DocKind, "DocumentKindEnum", required=False)
    issuer = ScopedObjectField(
        Organization, required=False, not_found=ORG_NOT_FOUND, help_text="Đơn vị và cấp dưới."
    )
    year = IndexField(required=False, min_value=1930, max_value=2200, help_text="Năm ban hành.")
    status = enum_field(DocStatus, "DocumentStatusEnum", required=False)


class _Wording(InputSerializer):
    title = TextField(max_length=500)
    summary = TextField(required=False, allow_blank=True, max_length=20_000)
    body = TextField(required=False, allow_blank=True, max_length=2_000_000, trim_whitespace=False)
    signer = TextField(required=False, allow_blank=True, max_length=128)
    signer_capacity = TextField(required=False, allow_blank=True, max_length=128)


class DocumentCreateInput(_Wording):
    """A draft; with `symbol` (and `issued_on`), a document already issued on paper."""

    kind = _kind()
    issuer = ScopedObjectField(Organization, not_found=ORG_NOT_FOUND)
    symbol = TextField(required=False, allow_blank=True, max_length=64, help_text="02-CTr/ĐU")
    earlier = BooleanField(required=False, help_text="Ban hành trước khi dùng phần mềm.")
    issuer_code = TextField(required=False, allow_blank=True, max_length=32)
    issued_on = DateField(required=False, allow_null=True)
    place = TextField(required=False, allow_blank=True, max_length=128)
    congress = BooleanField(required=False)
    implements = ScopedObjectField(
        Document, required=False, allow_null=True, not_found=DOC_NOT_FOUND
    )


class DocumentUpdateInput(InputSerializer):
    """Any field of a draft; the wording and the signer of an issued document."""

    title = TextField(required=False, max_length=500)
    summary = TextField(required=False, allow_blank=True, max_length=20_000)
    body = TextField(required=False, allow_blank=True, max_length=2_000_000, trim_whitespace=False)
    signer = TextField(required=False, allow_blank=True, max_length=128)
    signer_capacity = TextField(required=False, allow_blank=True, max_length=128)
    kind = enum_field(DocKind, "DocumentKindEnum", required=False)
    issuer_code = TextField(required=False, allow_blank=True, max_length=32)
    issued_on = DateField(required=False, allow_null=True)
    place = TextField(required=False, allow_blank=True, max_length=128)
    congress = BooleanField(required=False)
    implements = ScopedObjectField(
        Document, required=False, allow_null=True, not_found=DOC_NOT_FOUND
    )


class IssueInput(InputSerializer):
    issued_on = DateField(help_text="Ngày ban hành, dd/mm/yyyy.")
    number = IndexField(
        required=False, min_value=1, max_value=99999, help_text="Để trống: số tiếp theo."
    )
    earlier = BooleanField(required=False)


class AttachInput(InputSerializer):
    file = FileField(help_text=".pdf, .docx, .txt, .xlsx; tối đa 20 MB.")
    use_as_body = BooleanField(required=False, help_text="Lấy nội dung văn bản từ tệp.")
