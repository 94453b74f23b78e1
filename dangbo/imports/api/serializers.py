"""What the imports API reads and answers: jobs, their errors, the column mapping."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.reverse import reverse

from dangbo.access.viewsets import (
    BooleanField,
    ChoiceField,
    DictField,
    InputSerializer,
    ScopedObjectField,
    TextField,
    enum_field,
)
from dangbo.imports.models import ImportJob, JobStatus
from dangbo.imports.spec import all_specs, get_spec
from dangbo.orgs.models import Organization

ORG_NOT_FOUND = "Không tìm thấy tổ chức này, hoặc tổ chức nằm ngoài phạm vi bạn được xem."
# The detail shows this many errors; GET …/errors/ pages through all that were kept.
DETAIL_ERRORS = 100
FINISHED = (JobStatus.CHECKED, JobStatus.DONE, JobStatus.REVERTED)


def spec_choices() -> list[tuple[str, str]]:
    return [(spec.name, spec.title) for spec in all_specs()]


class SpecField(ChoiceField):
    """The kind of data; the choices are read when the field is built, so specs registered
    by apps above this one are offered too."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("choices", None)
        super().__init__(choices=spec_choices(), **kwargs)


class FileField(serializers.FileField):
    default_error_messages = {
        "required": "Chọn tệp cần nhập.",
        "null": "Chọn tệp cần nhập.",
        "invalid": "Không đọc được tệp gửi lên: gửi dạng multipart/form-data, trường «file».",
        "no_name": "Tệp gửi lên không có tên.",
        "empty": "Tệp gửi lên rỗng.",
        "max_length": "Tên tệp không được dài quá {max_length} ký tự.",
    }


class ImportErrorSerializer(serializers.Serializer):
    """One reason a row cannot be imported."""

    sheet = serializers.CharField(help_text="Trang tính.")
    row = serializers.IntegerField(help_text="Số dòng, như bảng tính hiển thị (từ 1).")
    column = serializers.CharField(help_text="Cột (A, B, …), rỗng nếu lỗi của cả dòng.")
    header = serializers.CharField(help_text="Tiêu đề cột trong tệp.")
    field = serializers.CharField(help_text="Trường dữ liệu, rỗng nếu lỗi của cả dòng.")
    value = serializers.CharField(help_text="Giá trị trong ô.")
    reason = serializers.CharField(help_text="Lý do, bằng tiếng Việt.")


class ImportJobSerializer(serializers.ModelSerializer):
    """A job as lists show it."""

    url = serializers.SerializerMethodField()
    spec_title = serializers.SerializerMethodField()
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status = enum_field(JobStatus, "ImportJobStatusEnum", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    counts = serializers.DictField(
        child=serializers.IntegerField(),
        read_only=True,
        help_text="Kết quả lần kiểm tra hoặc lần ghi gần nhất: new (thêm mới), updated (cập "
        "nhật), unchanged (không đổi), invalid (có lỗi), skipped (bỏ qua), rows (số dòng).",
    )
    progress = serializers.SerializerMethodField(help_text="Tiến độ (0–100 %).")
    created_by_name = serializers.CharField(
        source="created_by.full_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "url",
            "spec",
            "spec_title",
            "organization",
            "organization_name",
            "file_name",
            "file_size",
            "file_format",
            "sheet",
            "all_sheets",
            "skip_invalid",
            "status",
            "status_label",
            "phase",
            "rows_done",
            "rows_total",
            "progress",
            "counts",
            "error_count",
            "message",
            "created_by",
            "created_by_name",
            "created_at",
            "committed_at",
            "reverted_at",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, job: ImportJob) -> str:
        return reverse("api:import-detail", kwargs={"pk": job.pk}, request=self.context["request"])

    def get_spec_title(self, job: ImportJob) -> str:
        try:
            return get_spec(job.spec).title
        except KeyError:
            return job.spec

    def get_progress(self, job: ImportJob) -> int:
        if job.rows_total:
            return min(100, job.rows_done * 100 // job.rows_total)
        return 100 if job.status in FINISHED else 0


class ImportJobDetailSerializer(ImportJobSerializer):
    """The job with its mapping, its notices and its first errors."""

    mapping = serializers.DictField(
        child=serializers.JSONField(),
        read_only=True,
        help_text="Cách ghép cột người dùng đã chọn: {số thứ tự cột (từ 0): trường}; rỗng "
        "khi dùng cách ghép tự nhận ra (xem …/mapping/).",
    )
    notices = serializers.ListField(child=serializers.CharField(), read_only=True)
    # Declared fields are taken off the class (SerializerMetaclass), so these names do not
    # hide Serializer.errors / Field.label / Serializer.fields at run time.
    errors = serializers.SerializerMethodField(  # type: ignore[assignment]
        help_text=f"{DETAIL_ERRORS} lỗi đầu tiên; toàn bộ ở …/errors/ (có phân trang)."
    )
    revertible = serializers.SerializerMethodField(
        help_text="Lần nhập loại này có hoàn tác được không (tổ chức đảng: không)."
    )

    class Meta(ImportJobSerializer.Meta):
        fields = [
            *ImportJobSerializer.Meta.fields,
            "file_hash",
            "mapping",
            "notices",
            "errors",
            "revertible",
        ]
        read_only_fields = fields

    @extend_schema_field(ImportErrorSerializer(many=True))
    def get_errors(self, job: ImportJob) -> list[dict[str, Any]]:
        return list(job.errors[:DETAIL_ERRORS])

    def get_revertible(self, job: ImportJob) -> bool:
        try:
            return bool(getattr(get_spec(job.spec), "revertible", True))
        except KeyError:
            return False


# --- input ------------------------------------------------------------------------------------


class ImportListQuery(InputSerializer):
    """Lọc danh sách các lần nhập."""

    organization = ScopedObjectField(
        Organization,
        required=False,
        not_found=ORG_NOT_FOUND,
        help_text="Chỉ các lần nhập vào tổ chức này và các đơn vị cấp dưới.",
    )
    status = enum_field(JobStatus, "ImportJobStatusEnum", required=False)
    spec = SpecField(required=False, help_text="Loại dữ liệu.")


class ImportUploadInput(InputSerializer):
    """Tệp cần nhập, đơn vị nhận dữ liệu và loại dữ liệu (multipart/form-data)."""

    file = FileField(
        help_text="Tệp .xlsx, .xls, .ods hoặc .csv (UTF-8, UTF-16, Windows-1258; dấu phẩy, "
        "chấm phẩy hoặc tab)."
    )
    organization = ScopedObjectField(
        Organization, not_found=ORG_NOT_FOUND, help_text="Đơn vị nhận dữ liệu nhập vào."
    )
    spec = SpecField(
        required=False,
        default="members",
        help_text="Loại dữ liệu: members (đảng viên) hoặc organizations (tổ chức đảng).",
    )


class ImportCommitInput(InputSerializer):
    """Cách ghi: bỏ qua hay không bỏ qua các dòng lỗi."""

    skip_invalid = BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text="true: ghi các dòng hợp lệ và bỏ qua dòng lỗi; false hoặc không gửi: chỉ ghi "
        "khi mọi dòng đều hợp lệ (mặc định, như đã chọn ở …/mapping/).",
    )


class MappingInput(InputSerializer):
    """Trang tính và cách ghép cột người dùng chọn."""

    sheet = TextField(
        required=False,
        allow_blank=True,
        max_length=128,
        help_text="Trang tính cần nhập; bỏ trống: trang đang chọn.",
    )
    all_sheets = BooleanField(
        required=False, default=False, help_text="Nhập mọi trang tính (mỗi trang một chi bộ)."
    )
    mapping = DictField(
        child=TextField(allow_blank=True, max_length=64),
        required=False,
        help_text="{số thứ tự cột (từ 0): trường}; trường rỗng: bỏ qua cột. Không gửi: dùng "
        "cách ghép tự nhận ra.",
    )
    skip_invalid = BooleanField(required=False, default=False, help_text="Bỏ qua các dòng lỗi.")
    remember = BooleanField(
        required=False,
        default=True,
        help_text="Ghi nhớ cách ghép cho đơn vị (tệp sau cùng dạng tự ghép theo).",
    )


# --- mapping screen -----------------------------------------------------------------------------


class SheetSerializer(serializers.Serializer):
    name = serializers.CharField()
    hidden = serializers.BooleanField(help_text="Trang bị ẩn trong tệp.")
    rows = serializers.IntegerField(help_text="Số dòng của trang.")


class ColumnSerializer(serializers.Serializer):
    index = serializers.IntegerField(help_text="Số thứ tự cột, từ 0.")
    letter = serializers.CharField(help_text="Tên cột như bảng tính hiển thị (A, B, …).")
    header = serializers.CharField(help_text="Tiêu đề cột trong tệp.")
    field = serializers.CharField(help_text="Trường được ghép, rỗng nếu bỏ qua.")
    hidden = serializers.BooleanField(help_text="Cột bị ẩn trong tệp (không bao giờ tự ghép).")


class SpecFieldSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    required = serializers.BooleanField()  # type: ignore[assignment]


class MappingSerializer(serializers.Serializer):
    """The sheets of the file, the header found on the chosen sheet, and which field each
    column holds (guessed, remembered or chosen)."""

    sheets = SheetSerializer(many=True)
    sheet = serializers.CharField(help_text="Trang đang chọn.")
    all_sheets = serializers.BooleanField()
    skip_invalid = serializers.BooleanField()
    header_found = serializers.BooleanField(help_text="Đã nhận ra dòng tiêu đề.")
    header_row = serializers.IntegerField(
        allow_null=True, help_text="Dòng tiêu đề (từ 1), null nếu chưa nhận ra."
    )
    columns = ColumnSerializer(many=True)
    fields = SpecFieldSerializer(  # type: ignore[assignment]
        many=True, help_text="Các trường có thể ghép."
    )
