"""/api/v1/imports/: the import flow for programs (DESIGN rules 1, 2, 6).

POST a file (multipart) → a job; GET/POST its mapping; POST check (the dry run) and commit;
GET the job for its status, progress, counts and errors; cancel a running job; revert a
committed one. Every step is the service the pages call, so a program meets the same checks,
the same all-or-nothing write and the same audit as a person.

Scope: a job is seen by whoever sees its unit (a member sees only their own); a unit or job
out of sight is "not found" (404), one seen but not to be changed is 403. Members' imports
need Action.EDIT on the unit, organisations' Action.STRUCTURE (the spec's `action`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.policy import Action
from dangbo.access.scoping import require
from dangbo.access.viewsets import ScopedViewSet, error_responses
from dangbo.core.errors import field_error
from dangbo.imports import engine, services
from dangbo.imports.api.serializers import (
    ColumnSerializer,
    ImportCommitInput,
    ImportErrorSerializer,
    ImportJobDetailSerializer,
    ImportJobSerializer,
    ImportListQuery,
    ImportUploadInput,
    MappingInput,
    MappingSerializer,
)
from dangbo.imports.models import BUSY, ImportJob
from dangbo.imports.reading import Sheet, Workbook, messages
from dangbo.imports.spec import ImportSpec, get_spec
from dangbo.orgs.models import Organization

NOT_MULTIPART = (
    "Gửi tệp dạng multipart/form-data: trường «file» là tệp, «organization» là mã số đơn vị."
)
NOT_RUNNING = "Chỉ hủy được lần nhập đang chờ hoặc đang xử lý."
_DOC = (
    "Nhập dữ liệu từ tệp bảng tính (đảng viên, tổ chức đảng): tải tệp lên, xem và sửa cách "
    "ghép cột, kiểm tra (không ghi gì), ghi (tất cả hoặc không gì, trừ khi chọn bỏ qua dòng "
    "lỗi), theo dõi tiến độ, hủy, hoàn tác. Người dùng thấy các lần nhập của đơn vị mình được "
    "xem; cần quyền Cập nhật hồ sơ (tổ chức đảng: Thay đổi cơ cấu tổ chức) để nhập."
)


def needed_action(spec: ImportSpec) -> str:
    """What a user must hold on the unit to import this kind of data."""
    return str(getattr(spec, "action", Action.EDIT))


def _column_letter(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách các lần nhập dữ liệu (mới nhất trước)",
        parameters=[ImportListQuery],
        responses={200: ImportJobSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một lần nhập: trạng thái, tiến độ, kết quả, các lỗi đầu tiên",
        responses={200: ImportJobDetailSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Tải tệp lên để nhập (chưa ghi gì)",
        request={"multipart/form-data": ImportUploadInput},
        responses={201: ImportJobDetailSerializer, **error_responses(400)},
    ),
)
@extend_schema(tags=["Nhập dữ liệu"], description=_DOC)
class ImportJobViewSet(ScopedViewSet):
    model = ImportJob
    write_action = Action.EDIT

    def get_parsers(self) -> list[BaseParser]:
        # Only the upload takes a file; every other request is JSON, as elsewhere in the API.
        name = getattr(self, "action", None)
        request = getattr(self, "request", None)
        if name is None and request is not None and request.method:
            name = getattr(self, "action_map", {}).get(request.method.lower())
        if name == "create":
            return [MultiPartParser()]
        return super().get_parsers()

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("organization", "created_by")

    def list(self, request: Request) -> Response:
        params = self.query(ImportListQuery)
        rows = self.get_queryset()
        if params.get("organization") is not None:
            rows = rows.filter(organization__path__startswith=params["organization"].path)
        if params.get("status"):
            rows = rows.filter(status=params["status"])
        if params.get("spec"):
            rows = rows.filter(spec=params["spec"])
        return self.paginated(rows.order_by("-created_at", "-pk"), ImportJobSerializer)

    def retrieve(self, request: Request, pk: str) -> Response:
        job: ImportJob = self.get_object()
        engine.mark_dead(job)  # a job whose worker died shows as failed, to be run again
        return self.output(job, ImportJobDetailSerializer)

    def create(self, request: Request) -> Response:
        try:
            request.data  # noqa: B018 - parses the body: a JSON body is refused here
        except exceptions.UnsupportedMediaType:
            raise field_error("file", NOT_MULTIPART) from None
        data = self.body(ImportUploadInput)
        organization: Organization = data["organization"]
        spec = get_spec(data["spec"])
        require(request.user, needed_action(spec), organization)
        upload = data["file"]
        limit = services.max_bytes()
        if upload.size is not None and upload.size > limit:
            raise field_error("file", str(messages.too_big(upload.size, limit)))
        job, _ = services.upload_file(
            actor=self.actor,
            organization=organization,
            spec=spec.name,
            file_name=upload.name or "tep-nhap",
            data=upload.read(),
        )
        return self.output(self.reread(job.pk), ImportJobDetailSerializer, status=201)

    # --- the steps -------------------------------------------------------------------------

    def _job_for_write(self) -> ImportJob:
        """The job named in the URL: 404 unseen, 403 seen but not to be changed (Action.EDIT
        on the job, and the spec's action on its unit)."""
        job: ImportJob = self.get_object_for(Action.EDIT)
        try:
            spec = get_spec(job.spec)
        except KeyError:
            raise exceptions.NotFound("Không tìm thấy hoặc bạn không có quyền xem.") from None
        require(self.request.user, needed_action(spec), job.organization)
        return job

    def _answer(self, job: ImportJob) -> Response:
        return self.output(self.reread(job.pk), ImportJobDetailSerializer)

    @extend_schema(
        summary="Kiểm tra tệp (chạy thử): đếm dòng thêm mới / cập nhật / không đổi / lỗi",
        description="Không ghi gì. Tệp nhỏ được kiểm tra ngay; tệp lớn chạy nền: xem tiến độ "
        "ở chi tiết lần nhập.",
        request=None,
        responses={200: ImportJobDetailSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def check(self, request: Request, pk: str) -> Response:
        job = self._job_for_write()
        return self._answer(services.start(actor=self.actor, job=job, action="check"))

    @extend_schema(
        summary="Ghi dữ liệu: tất cả hoặc không gì (trừ khi bỏ qua dòng lỗi)",
        request=ImportCommitInput,
        responses={200: ImportJobDetailSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def commit(self, request: Request, pk: str) -> Response:
        job = self._job_for_write()
        skip = self.body(ImportCommitInput).get("skip_invalid")
        if skip is not None and skip != job.skip_invalid:
            job = services.set_layout(
                actor=self.actor,
                job=job,
                sheet=job.sheet,
                all_sheets=job.all_sheets,
                mapping={int(c): k for c, k in job.mapping.items() if str(c).isdigit()},
                labels={},
                skip_invalid=skip,
                remember=False,
            )
        return self._answer(services.start(actor=self.actor, job=job, action="commit"))

    @extend_schema(
        summary="Hủy lần nhập đang chờ hoặc đang chạy (không dòng nào được ghi)",
        request=None,
        responses={200: ImportJobDetailSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        job = self._job_for_write()
        engine.mark_dead(job)
        if job.status not in BUSY:
            raise ValidationError(NOT_RUNNING)
        services.request_cancel(actor=self.actor, job=job)
        return self._answer(job)

    @extend_schema(
        summary="Hoàn tác lần nhập đã ghi (khi chưa có gì mới hơn phụ thuộc vào nó)",
        request=None,
        responses={200: ImportJobDetailSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def revert(self, request: Request, pk: str) -> Response:
        job = self._job_for_write()
        services.revert_job(actor=self.actor, job=job)
        return self._answer(job)

    @extend_schema(
        summary="Các lỗi của lần kiểm tra / ghi gần nhất (có phân trang)",
        responses={200: ImportErrorSerializer(many=True), **error_responses(404)},
    )
    @action(detail=True, methods=["get"])
    def errors(self, request: Request, pk: str) -> Response:
        job: ImportJob = self.get_object()
        return self.paginated(list(job.errors), ImportErrorSerializer)

    # --- the mapping -------------------------------------------------------------------------

    @extend_schema(
        methods=["GET"],
        summary="Các trang tính, dòng tiêu đề và cách ghép cột hiện tại",
        responses={200: MappingSerializer, **error_responses(400, 404)},
    )
    @extend_schema(
        methods=["POST"],
        summary="Chọn trang tính và sửa cách ghép cột",
        request=MappingInput,
        responses={200: MappingSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["get", "post"])
    def mapping(self, request: Request, pk: str) -> Response:
        if request.method == "GET":
            job: ImportJob = self.get_object()
            return Response(self._mapping(job, self._workbook(job)))
        job = self._job_for_write()
        data = self.body(MappingInput)
        workbook = self._workbook(job)
        spec = get_spec(job.spec)
        sheet = self._sheet(workbook, data.get("sheet") or job.sheet)
        lay = engine.layout(job, sheet, spec)
        width = max((len(row) for row in sheet.rows), default=0)
        chosen: dict[int, str] = dict(lay.mapping)
        if "mapping" in data:
            chosen = {}
            for column, key in data["mapping"].items():
                text = str(column).strip()
                if not text.isascii() or not text.isdigit() or int(text) >= width:
                    raise field_error("mapping", f"Trang «{sheet.name}» không có cột «{column}».")
                chosen[int(text)] = key
        labels = dict(enumerate(lay.guess.labels)) if lay.guess else {}
        job = services.set_layout(
            actor=self.actor,
            job=job,
            sheet=sheet.name,
            all_sheets=data["all_sheets"],
            mapping=chosen,
            labels=labels,
            skip_invalid=data["skip_invalid"],
            remember=data["remember"] and "mapping" in data,
        )
        return Response(self._mapping(job, workbook))

    def _workbook(self, job: ImportJob) -> Workbook:
        try:
            return engine.open_workbook(job, head=True)
        except engine.ImportRefused as error:
            raise ValidationError(str(error)) from None

    def _sheet(self, workbook: Workbook, name: str) -> Sheet:
        for sheet in workbook.sheets:
            if sheet.name == name:
                return sheet
        if not name:
            visible = [s for s in workbook.sheets if not s.hidden and s.rows]
            if visible:
                return visible[0]
        raise field_error("sheet", f"Tệp không có trang tính «{name}».")

    def _mapping(self, job: ImportJob, workbook: Workbook) -> dict[str, Any]:
        spec = get_spec(job.spec)
        sheet = self._sheet(workbook, job.sheet)
        lay = engine.layout(job, sheet, spec)
        labels = lay.guess.labels if lay.guess else []
        columns = [
            {
                "index": index,
                "letter": _column_letter(index),
                "header": label,
                "field": lay.mapping.get(index, ""),
                "hidden": index in sheet.hidden_columns,
            }
            for index, label in enumerate(labels)
        ]
        return {
            "sheets": [
                {"name": s.name, "hidden": s.hidden, "rows": s.total_rows} for s in workbook.sheets
            ],
            "sheet": sheet.name,
            "all_sheets": job.all_sheets,
            "skip_invalid": job.skip_invalid,
            "header_found": lay.guess is not None,
            "header_row": lay.guess.first_row + 1 if lay.guess else None,
            "columns": ColumnSerializer(columns, many=True).data,
            "fields": [
                {"key": f.key, "label": f.label, "required": f.required} for f in spec.importable()
            ],
        }
