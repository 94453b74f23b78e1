"""/api/v1/documents/: list and search (?q= without diacritics), read, create a draft or
enter a document issued on paper (with `symbol`), edit, issue, attach files.

Scope: a user reads the documents of the units they see and what the units above have issued
(access.scope); writes need Action.EDIT on the issuing unit (404 unseen, 403 seen but not
allowed). Every write is the service the pages call, with the same checks and audit.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions
from rest_framework.decorators import action
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from dangbo.access.policy import Action
from dangbo.access.viewsets import ScopedViewSet, error_responses
from dangbo.core.errors import field_error
from dangbo.documents import services
from dangbo.documents.api.serializers import (
    AttachInput,
    AttachmentSerializer,
    DocumentCreateInput,
    DocumentDetailSerializer,
    DocumentListQuery,
    DocumentSerializer,
    DocumentUpdateInput,
    IssueInput,
)
from dangbo.documents.models import Document
from dangbo.documents.queries import (
    DocumentFilters,
    document_rows,
    documents_in_order,
    ordered_ids,
)
from dangbo.documents.search import search_plan

NOT_MULTIPART = "Gửi tệp dạng multipart/form-data: trường «file» là tệp."
_DOC = (
    "Văn bản của cấp ủy (nghị quyết, chương trình, kế hoạch…) với số, ký hiệu theo HD "
    "36-HD/VPTW: tìm không dấu, thêm dự thảo hoặc văn bản đã ban hành trên giấy, ban hành (cấp "
    "số), đính kèm tệp. Cần quyền Cập nhật hồ sơ ở cơ quan ban hành để ghi."
)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách văn bản (tìm theo trích yếu, số ký hiệu, nội dung; không dấu)",
        parameters=[DocumentListQuery],
        responses={200: DocumentSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một văn bản, với nội dung và tệp đính kèm",
        responses={200: DocumentDetailSerializer, **error_responses(404)},
    ),
    create=extend_schema(
        summary="Thêm dự thảo, hoặc văn bản đã ban hành (kèm «symbol» và «issued_on»)",
        request=DocumentCreateInput,
        responses={201: DocumentDetailSerializer, **error_responses(400)},
    ),
    partial_update=extend_schema(
        summary="Sửa văn bản (đã ban hành: chỉ trích yếu, tóm tắt, nội dung, người ký)",
        request=DocumentUpdateInput,
        responses={200: DocumentDetailSerializer, **error_responses(400, 404)},
    ),
)
@extend_schema(tags=["Văn bản"], description=_DOC)
class DocumentViewSet(ScopedViewSet):
    model = Document
    write_action = Action.EDIT
    http_method_names = ["get", "post", "patch", "head"]

    def get_parsers(self) -> list[BaseParser]:
        # Only attaching takes a file; every other request is JSON, as elsewhere in the API.
        name = getattr(self, "action", None)
        request = getattr(self, "request", None)
        if name is None and request is not None and request.method:
            name = getattr(self, "action_map", {}).get(request.method.lower())
        if name == "attachments":
            return [MultiPartParser()]
        return super().get_parsers()

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.select_related("issuer")

    def list(self, request: Request) -> Response:
        params = self.query(DocumentListQuery)
        filters = DocumentFilters(
            q=params.get("q", ""),
            kind=params.get("kind", ""),
            issuer=params.get("issuer"),
            year=params.get("year"),
            status=params.get("status", ""),
        )
        rows = document_rows(self.get_queryset(), filters)
        with search_plan():
            ids = self.paginate_queryset(ordered_ids(rows))
            page = documents_in_order(rows, ids or [])
        data = DocumentSerializer(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def retrieve(self, request: Request, pk: str) -> Response:
        doc = self.get_queryset().prefetch_related("attachments").filter(pk=self._url_pk()).first()
        if doc is None:
            raise exceptions.NotFound("Không tìm thấy hoặc bạn không có quyền xem.")
        return self.output(doc, DocumentDetailSerializer)

    def create(self, request: Request) -> Response:
        data = self.body(DocumentCreateInput)
        symbol = data.pop("symbol", "")
        earlier = data.pop("earlier", False)
        if symbol:
            doc = services.register_issued_document(
                actor=self.actor,
                symbol=symbol,
                issued_on=data.pop("issued_on", None),
                earlier=earlier,
                **data,
            )
        else:
            doc = services.create_document(actor=self.actor, **data)
        return self.output(self.reread(doc.pk), DocumentDetailSerializer, status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        doc: Document = self.get_object_for()
        data = self.body(DocumentUpdateInput)
        if data:
            services.update_document(actor=self.actor, document=doc, **data)
        return self.output(self.reread(doc.pk), DocumentDetailSerializer)

    @extend_schema(
        summary="Ban hành: cấp số tiếp theo của sổ văn bản (không bao giờ cấp lại)",
        request=IssueInput,
        responses={200: DocumentDetailSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: str) -> Response:
        doc: Document = self.get_object_for()
        data = self.body(IssueInput)
        services.issue_document(
            actor=self.actor,
            document=doc,
            issued_on=data["issued_on"],
            number=data.get("number"),
            earlier=bool(data.get("earlier")),
        )
        return self.output(self.reread(doc.pk), DocumentDetailSerializer)

    @extend_schema(
        summary="Đính kèm tệp (.pdf, .docx, .txt, .xlsx; tối đa 20 MB)",
        request={"multipart/form-data": AttachInput},
        responses={201: AttachmentSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def attachments(self, request: Request, pk: str) -> Response:
        doc: Document = self.get_object_for()
        try:
            request.data  # noqa: B018 - parses the body: a JSON body is refused here
        except exceptions.UnsupportedMediaType:
            raise field_error("file", NOT_MULTIPART) from None
        data = self.body(AttachInput)
        attachment = services.attach_file(
            actor=self.actor,
            document=doc,
            file=data["file"],
            use_as_body=bool(data.get("use_as_body")),
        )
        return self.output(attachment, AttachmentSerializer, status=201)
