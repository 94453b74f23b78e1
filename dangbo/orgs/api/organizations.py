"""REST API of the party tree: organisations, with history and `?as_of=` reads. Reads go through
`access.scope`, writes through `orgs.services` with the requesting user as actor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.reverse import reverse

from dangbo.access.policy import Action
from dangbo.access.scoping import require, scope
from dangbo.access.viewsets import (
    AsOfField,
    BooleanField,
    DateField,
    DictField,
    IndexField,
    InputSerializer,
    ListField,
    ScopedObjectField,
    ScopedViewSet,
    TextField,
    enum_field,
    error_responses,
)
from dangbo.core.formats import format_date
from dangbo.core.text import fold, text_sort_key
from dangbo.orgs import services
from dangbo.orgs.models import (
    Organization,
    OrgEvent,
    OrgEventKind,
    OrgKind,
)
from dangbo.orgs.queries import OrgSnapshot, children_as_of, existed_on, history, snapshots

ORG_NOT_FOUND = "Không tìm thấy tổ chức này, hoặc tổ chức nằm ngoài phạm vi bạn được xem."

# The parent's id, read in the same query as the rows: the parent's path is the row's path
# minus one step, and path is unique and indexed.
PARENT_PK = Subquery(
    Organization.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Organization.steplen)
    ).values("pk")[:1]
)


# --- Organisations: output ------------------------------------------------------------------


@dataclass(frozen=True)
class OrgRow:
    """One organisation as the API shows it: as it is now, or as it stood on `as_of`."""

    id: int
    code: str
    kind: str
    name: str
    short_name: str
    parent: int | None
    depth: int | None
    active_from: date
    active_to: date | None
    merged_into: int | None
    is_active: bool
    as_of: date | None = None

    @property
    def kind_label(self) -> str:
        return str(OrgKind(self.kind).label)


def org_row(org: Organization) -> OrgRow:
    return OrgRow(
        id=org.pk,
        code=org.code,
        kind=org.kind,
        name=org.name,
        short_name=org.short_name,
        parent=getattr(org, "parent_pk", None),
        depth=org.depth,
        active_from=org.active_from,
        active_to=org.active_to,
        merged_into=org.merged_into_id,
        is_active=not org.is_dissolved,
    )


def snapshot_row(snap: OrgSnapshot) -> OrgRow:
    # On that day the unit existed (snapshots keep only those), so it was active and not yet
    # merged; its depth then is not recorded in history, so it is left out.
    return OrgRow(
        id=snap.id,
        code=snap.code,
        kind=snap.kind,
        name=snap.name,
        short_name=snap.short_name,
        parent=snap.parent_id,
        depth=None,
        active_from=snap.active_from,
        active_to=snap.active_to,
        merged_into=None,
        is_active=True,
        as_of=snap.as_of,
    )


class OrganizationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    code = serializers.CharField(read_only=True, help_text="Mã tổ chức.")
    kind = enum_field(OrgKind, "OrgKindEnum", read_only=True)
    kind_label = serializers.CharField(read_only=True, help_text="Tên loại tổ chức.")
    name = serializers.CharField(read_only=True, help_text="Tên (tại ngày as_of nếu có).")
    short_name = serializers.CharField(read_only=True)
    # DRF's stubs type Field.parent (the enclosing serializer); declared fields are popped
    # from the class at runtime, so a field called "parent" is safe.
    parent = serializers.IntegerField(  # type: ignore[assignment]
        read_only=True, allow_null=True, help_text="Tổ chức cấp trên trực tiếp (tại ngày as_of)."
    )
    depth = serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Cấp trong cây (1 là gốc); null khi xem theo as_of.",
    )
    active_from = serializers.DateField(read_only=True, help_text="Ngày thành lập.")
    active_to = serializers.DateField(read_only=True, allow_null=True, help_text="Ngày chấm dứt.")
    merged_into = serializers.IntegerField(read_only=True, allow_null=True)
    is_active = serializers.BooleanField(read_only=True)
    as_of = serializers.DateField(
        read_only=True, allow_null=True, help_text="Ngày được xem lại, nếu có tham số as_of."
    )
    url = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, row: OrgRow) -> str:
        url = reverse(
            "api:organization-detail", kwargs={"pk": row.id}, request=self.context.get("request")
        )
        return f"{url}?as_of={row.as_of.isoformat()}" if row.as_of else url


class OrgEventSerializer(serializers.ModelSerializer):
    kind = enum_field(OrgEventKind, "OrgEventKindEnum", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    old_parent_name = serializers.CharField(
        source="old_parent.name", read_only=True, allow_null=True, default=None
    )
    new_parent_name = serializers.CharField(
        source="new_parent.name", read_only=True, allow_null=True, default=None
    )
    counterpart_name = serializers.CharField(
        source="counterpart.name", read_only=True, allow_null=True, default=None
    )
    recorded_by_name = serializers.CharField(
        source="recorded_by.display_name", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = OrgEvent
        fields = [
            "id",
            "organization",
            "organization_name",
            "kind",
            "kind_label",
            "effective_on",
            "decision_number",
            "decision_date",
            "note",
            "old_name",
            "new_name",
            "old_parent",
            "old_parent_name",
            "new_parent",
            "new_parent_name",
            "counterpart",
            "counterpart_name",
            "recorded_by_name",
            "recorded_at",
        ]
        read_only_fields = fields


# --- Organisations: input -------------------------------------------------------------------


class AsOfQuery(InputSerializer):
    as_of = AsOfField(
        required=False,
        help_text="Xem như tại ngày này (dd/mm/yyyy hoặc yyyy-mm-dd): tên và cấp trên khi đó.",
    )


class ChildrenQuery(AsOfQuery):
    include_dissolved = BooleanField(
        required=False, default=False, help_text="Gồm cả đơn vị đã chấm dứt (khi không có as_of)."
    )


class OrganizationListQuery(ChildrenQuery):
    kind = enum_field(OrgKind, "OrgKindEnum", required=False, help_text="Loại tổ chức.")
    q = TextField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text="Tìm theo tên hiện tại, tên viết tắt, mã; không phân biệt dấu và hoa thường.",
    )
    parent = ScopedObjectField(  # type: ignore[assignment]
        Organization,
        required=False,
        not_found=ORG_NOT_FOUND,
        help_text="Chỉ các đơn vị trực thuộc trực tiếp tổ chức này (tại ngày as_of nếu có).",
    )


class CodeField(TextField):
    """Codes are stored upper-case; the length is checked on what will be stored."""

    def to_internal_value(self, data: Any) -> str:
        return super().to_internal_value(data).upper()


class DecisionInput(InputSerializer):
    effective_on = DateField(help_text="Ngày hiệu lực (dd/mm/yyyy).")
    decision_number = TextField(
        required=False,
        allow_blank=True,
        max_length=64,
        default="",
        help_text="Số quyết định, ví dụ 123-QĐ/TU.",
    )
    decided_on = DateField(
        required=False, allow_null=True, default=None, help_text="Ngày ký quyết định."
    )
    note = TextField(required=False, allow_blank=True, max_length=2000, default="")


def decision_of(data: dict[str, Any]) -> services.Decision:
    return services.Decision(
        effective_on=data["effective_on"],
        number=data["decision_number"],
        decided_on=data["decided_on"],
        note=data["note"],
    )


class OrganizationCreateInput(DecisionInput):
    parent = ScopedObjectField(  # type: ignore[assignment]
        Organization,
        allow_null=True,
        not_found=ORG_NOT_FOUND,
        help_text="Tổ chức cấp trên (bắt buộc: không tạo tổ chức gốc qua API).",
    )
    kind = enum_field(OrgKind, "OrgKindEnum")
    name = TextField(max_length=255)
    short_name = TextField(required=False, allow_blank=True, max_length=64, default="")
    code = CodeField(max_length=32)

    def validate_parent(self, parent: Organization | None) -> Organization:
        if parent is None:
            raise serializers.ValidationError(
                "Chọn tổ chức cấp trên. Tổ chức gốc chỉ được tạo khi cài đặt hệ thống."
            )
        return parent


class RenameInput(DecisionInput):
    name = TextField(required=False, max_length=255, help_text="Tên mới.")
    short_name = TextField(required=False, allow_blank=True, max_length=64)


class MoveInput(DecisionInput):
    new_parent = ScopedObjectField(
        Organization, not_found=ORG_NOT_FOUND, help_text="Tổ chức cấp trên mới."
    )


class MergeInput(DecisionInput):
    target = ScopedObjectField(Organization, not_found=ORG_NOT_FOUND, help_text="Đơn vị tiếp nhận.")
    sources = ListField(
        child=ScopedObjectField(Organization, not_found=ORG_NOT_FOUND),
        required=False,
        default=list,
        max_length=50,
        help_text="Các đơn vị khác cùng hợp nhất vào đơn vị tiếp nhận (ngoài đơn vị này).",
    )


class NewUnitInput(InputSerializer):
    name = TextField(max_length=255)
    code = CodeField(max_length=32)
    kind = enum_field(OrgKind, "OrgKindEnum")
    short_name = TextField(required=False, allow_blank=True, max_length=64, default="")


class SplitInput(DecisionInput):
    new_units = ListField(
        child=NewUnitInput(), max_length=20, help_text="Các đơn vị mới (ít nhất hai)."
    )
    child_destinations = DictField(
        child=IndexField(min_value=0, max_value=19),
        required=False,
        default=dict,
        help_text="Mỗi đơn vị trực thuộc đang hoạt động: {mã số đơn vị: thứ tự đơn vị mới "
        "tiếp nhận, tính từ 0}.",
    )

    def validate_child_destinations(self, value: dict[str, int]) -> dict[int, int]:
        result: dict[int, int] = {}
        for key, index in value.items():
            if not (key.isascii() and key.isdigit() and 0 < len(key) <= 18):
                raise serializers.ValidationError(
                    f"«{key[:40]}» không phải mã số của một đơn vị trực thuộc."
                )
            result[int(key)] = index
        return result


# --- Organisations: the viewset -------------------------------------------------------------

_ORG_TAG = ["Tổ chức đảng"]
_ORG_DOC = (
    "Tổ chức đảng trong phạm vi được phân quyền. Xem cần quyền Xem; thành lập, đổi tên, "
    "chuyển trực thuộc, hợp nhất, chia tách, giải thể cần quyền Thay đổi cơ cấu tổ chức. "
    "Tham số as_of (dd/mm/yyyy) trả về tên và cấp trên của đơn vị tại ngày đó."
)


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách tổ chức đảng trong phạm vi được xem",
        parameters=[OrganizationListQuery],
        responses={200: OrganizationSerializer(many=True), **error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Chi tiết một tổ chức",
        parameters=[AsOfQuery],
        responses={200: OrganizationSerializer, **error_responses(400, 404)},
    ),
    create=extend_schema(
        summary="Thành lập tổ chức (cần quyền thay đổi cơ cấu ở cấp trên)",
        request=OrganizationCreateInput,
        responses={201: OrganizationSerializer, **error_responses(400)},
    ),
    partial_update=extend_schema(
        summary="Đổi tên tổ chức",
        request=RenameInput,
        responses={200: OrganizationSerializer, **error_responses(400, 404)},
    ),
)
@extend_schema(tags=_ORG_TAG, description=_ORG_DOC)
class OrganizationViewSet(ScopedViewSet):
    model = Organization
    write_action = Action.STRUCTURE
    read_actions = frozenset({"list", "retrieve", "children", "history"})

    def decorate(self, queryset: QuerySet[Any]) -> QuerySet[Any]:
        return queryset.annotate(parent_pk=PARENT_PK)

    def list(self, request: Request) -> Response:
        params = self.query(OrganizationListQuery)
        rows = self.get_queryset()
        if params.get("kind"):
            rows = rows.filter(kind=params["kind"])
        for word in fold(params.get("q", "")).split():
            rows = rows.filter(name_folded__contains=word)
        parent: Organization | None = params.get("parent")
        day: date | None = params.get("as_of")
        if day is not None:
            rows = rows.filter(existed_on(day))
            if parent is not None:
                rows = rows.filter(pk__in=[s.id for s in children_as_of(parent, day)])
            page = self.paginate_queryset(rows.order_by("path").values_list("pk", flat=True))
            snaps = snapshots(Organization.objects.filter(pk__in=list(page or [])), day)
            data = OrganizationSerializer(
                [snapshot_row(s) for s in snaps], many=True, context=self.get_serializer_context()
            ).data
            return self.get_paginated_response(data)
        if not params["include_dissolved"]:
            rows = rows.filter(active_to__isnull=True)
        if parent is not None:
            rows = rows.filter(path__startswith=parent.path, depth=parent.depth + 1)
        page = self.paginate_queryset(rows.order_by("path"))
        data = OrganizationSerializer(
            [org_row(o) for o in page or []], many=True, context=self.get_serializer_context()
        ).data
        return self.get_paginated_response(data)

    def retrieve(self, request: Request, pk: str) -> Response:
        params = self.query(AsOfQuery)
        org = self.get_object()
        day = params.get("as_of")
        if day is None:
            return self.output(org_row(org), OrganizationSerializer)
        snaps = snapshots(Organization.objects.filter(pk=org.pk), day)
        if not snaps:
            message = (
                f"Ngày {format_date(day)}, {org.name} chưa thành lập hoặc đã chấm dứt hoạt động."
            )
            raise ValidationError({"as_of": [message]})
        return self.output(snapshot_row(snaps[0]), OrganizationSerializer)

    @extend_schema(
        summary="Các đơn vị trực thuộc trực tiếp (theo thứ tự tên)",
        parameters=[ChildrenQuery],
        responses={200: OrganizationSerializer(many=True), **error_responses(400, 404)},
    )
    @action(detail=True, methods=["get"])
    def children(self, request: Request, pk: str) -> Response:
        params = self.query(ChildrenQuery)
        parent = self.get_object()
        day = params.get("as_of")
        rows: list[OrgRow]
        if day is not None:
            snaps = children_as_of(parent, day)
            visible = set(
                scope(request.user, Organization)
                .filter(pk__in=[s.id for s in snaps])
                .values_list("pk", flat=True)
            )
            rows = [snapshot_row(s) for s in snaps if s.id in visible]
        else:
            children = self.get_queryset().filter(
                path__startswith=parent.path, depth=parent.depth + 1
            )
            if not params["include_dissolved"]:
                children = children.filter(active_to__isnull=True)
            rows = sorted((org_row(o) for o in children), key=lambda r: text_sort_key(r.name))
        return self.paginated(rows, OrganizationSerializer)

    @extend_schema(
        summary="Lịch sử thay đổi của tổ chức (mới nhất trước)",
        responses={200: OrgEventSerializer(many=True), **error_responses(404)},
    )
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: str) -> Response:
        org = self.get_object()
        # Events of other units that name this one (a sibling merged into it, a child moved
        # away) are shown only if the user may see that other unit too.
        events = history(org).filter(pk__in=scope(request.user, OrgEvent).values("pk"))
        return self.paginated(events, OrgEventSerializer)

    def create(self, request: Request) -> Response:
        data = self.body(OrganizationCreateInput)
        require(request.user, Action.STRUCTURE, data["parent"])
        org = services.create_organization(
            actor=self.actor,
            parent=data["parent"],
            kind=data["kind"],
            name=data["name"],
            code=data["code"],
            short_name=data["short_name"],
            decision=decision_of(data),
        )
        return self.output(org_row(self.reread(org.pk)), OrganizationSerializer, status=201)

    def partial_update(self, request: Request, pk: str) -> Response:
        org = self.get_object_for()
        data = self.body(RenameInput)
        if "name" not in data and "short_name" not in data:
            raise ValidationError({"name": ["Nhập tên mới hoặc tên viết tắt mới."]})
        services.rename_organization(
            actor=self.actor,
            org=org,
            name=data.get("name", org.name),
            short_name=data.get("short_name"),
            decision=decision_of(data),
        )
        return self.output(org_row(self.reread(org.pk)), OrganizationSerializer)

    @extend_schema(
        summary="Chuyển trực thuộc (cả các đơn vị cấp dưới)",
        request=MoveInput,
        responses={200: OrganizationSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str) -> Response:
        org = self.get_object_for()
        data = self.body(MoveInput)
        require(request.user, Action.STRUCTURE, data["new_parent"])
        services.move_organization(
            actor=self.actor, org=org, new_parent=data["new_parent"], decision=decision_of(data)
        )
        return self.output(org_row(self.reread(org.pk)), OrganizationSerializer)

    @extend_schema(
        summary="Hợp nhất tổ chức này (và các đơn vị trong sources) vào đơn vị tiếp nhận",
        request=MergeInput,
        responses={200: OrganizationSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def merge(self, request: Request, pk: str) -> Response:
        org = self.get_object_for()
        data = self.body(MergeInput)
        sources = [org]
        for extra in data["sources"]:
            if all(extra.pk != s.pk for s in sources):
                sources.append(extra)
        for unit in [data["target"], *sources[1:]]:
            require(request.user, Action.STRUCTURE, unit)
        target = services.merge_organizations(
            actor=self.actor, sources=sources, target=data["target"], decision=decision_of(data)
        )
        return self.output(org_row(self.reread(target.pk)), OrganizationSerializer)

    @extend_schema(
        summary="Chia tách thành các đơn vị mới cùng cấp",
        request=SplitInput,
        responses={201: OrganizationSerializer(many=True), **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def split(self, request: Request, pk: str) -> Response:
        org = self.get_object_for()
        data = self.body(SplitInput)
        parent = Organization.objects.get_parent(org)
        if parent is not None:  # the new units stand beside this one, under its parent
            require(request.user, Action.STRUCTURE, parent)
        created = services.split_organization(
            actor=self.actor,
            org=org,
            new_units=[services.NewUnit(**unit) for unit in data["new_units"]],
            child_destinations=data["child_destinations"],
            decision=decision_of(data),
        )
        ids = [unit.pk for unit in created]
        by_id = {o.pk: o for o in self.get_queryset().filter(pk__in=ids)}
        rows = [org_row(by_id[i]) for i in ids if i in by_id]
        data_out = OrganizationSerializer(rows, many=True, context=self.get_serializer_context())
        return Response(data_out.data, status=201)

    @extend_schema(
        summary="Giải thể tổ chức",
        request=DecisionInput,
        responses={200: OrganizationSerializer, **error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def dissolve(self, request: Request, pk: str) -> Response:
        org = self.get_object_for()
        data = self.body(DecisionInput)
        services.dissolve_organization(actor=self.actor, org=org, decision=decision_of(data))
        return self.output(org_row(self.reread(org.pk)), OrganizationSerializer)
