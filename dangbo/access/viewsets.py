"""The base of every API viewset: reads through `scope()`, single-object writes through
`get_or_404()` (DESIGN rule 2), and input fields that answer in Vietnamese (rule 6).

It lives in `access` rather than `dangbo.api` because each app's `api.py` is its web edge and
may import `access` (docs/adr/0001), while importing `dangbo.api` would run the layers backwards.

A subclass declares `model`, the `write_action` its writes need (e.g. Action.STRUCTURE) and,
where one action differs, `action_permissions = {"end": Action.GRANTS}`. Serializers only
check the shape of the input; every write calls a service with `actor=request.user`, and the
service's ValidationError becomes a 400 with the same fields (dangbo.api.errors).
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from typing import Any, ClassVar, Generic, TypeVar, cast

from django.db import models
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404, scope, view_action
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.core.formats import format_date, parse_date
from dangbo.core.text import nfc

M = TypeVar("M", bound=models.Model)

# Ids in URLs and bodies stay within a signed 64-bit integer: SQLite raises OverflowError on
# anything larger instead of finding nothing.
MAX_ID = 2**63 - 1
ID_URL_PATTERN = r"[0-9]{1,18}"

NOT_FOUND = "Không tìm thấy hoặc bạn không có quyền xem."

# DRF's own Vietnamese catalogue is incomplete; these are the messages our fields use.
_COMMON_ERRORS = {
    "required": "Trường này là bắt buộc.",
    "null": "Trường này không được để trống.",
}


# --- Input fields with Vietnamese messages --------------------------------------------------


def _check_text(value: str) -> None:
    # PostgreSQL refuses NUL in text and lone surrogates cannot be encoded: refuse both here
    # so that no input, however malformed, reaches the database and becomes a 500.
    if "\x00" in value:
        raise serializers.ValidationError("Không được chứa ký tự NUL.")
    if any(unicodedata.category(ch) == "Cs" for ch in value):
        raise serializers.ValidationError("Văn bản chứa ký tự Unicode không hợp lệ.")


class TextField(serializers.CharField):
    """Text normalised to NFC (the form we store) before its length is checked."""

    default_error_messages = {
        **_COMMON_ERRORS,
        "invalid": "Giá trị phải là một chuỗi ký tự.",
        "blank": "Trường này không được bỏ trống.",
        "max_length": "Không được dài quá {max_length} ký tự.",
        "min_length": "Cần ít nhất {min_length} ký tự.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # Replaced by _check_text, which says the same in Vietnamese.
        self.validators = [
            v
            for v in self.validators
            if type(v).__name__
            not in {"ProhibitNullCharactersValidator", "ProhibitSurrogateCharactersValidator"}
        ]

    def to_internal_value(self, data: Any) -> str:
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.fail("invalid")
        value = str(data)
        _check_text(value)
        value = nfc(value)
        return value.strip() if self.trim_whitespace else value


class ChoiceField(serializers.ChoiceField):
    default_error_messages = {
        **_COMMON_ERRORS,
        "invalid_choice": "«{input}» không phải là lựa chọn hợp lệ.",
        "blank": "Chọn một giá trị.",
    }


_ENUM_FIELDS: dict[str, type[ChoiceField]] = {}


def enum_field(choices: type[models.TextChoices], component: str, **kwargs: Any) -> ChoiceField:
    """A choice field whose enum is one named schema component per TextChoices, so that two
    fields both called "role" (grant roles, committee roles) never collide in the schema.
    The schema is set on a class, not the instance: DRF rebuilds fields from their arguments
    for every serializer instance."""
    field_class = _ENUM_FIELDS.get(component)
    if field_class is None:
        schema = {
            "type": "string",
            "enum": list(choices.values),
            "description": "\n".join(f"* `{value}` - {label}" for value, label in choices.choices),
        }
        field_class = type(f"{component}Field", (ChoiceField,), {})
        field_class = extend_schema_field(schema, component_name=component)(field_class)
        _ENUM_FIELDS[component] = field_class
    return field_class(choices=choices.choices, **kwargs)


class BooleanField(serializers.BooleanField):
    default_error_messages = {**_COMMON_ERRORS, "invalid": "Giá trị phải là đúng/sai (1 hoặc 0)."}


class IdField(serializers.IntegerField):
    """A database id: a positive integer no larger than the database can hold."""

    default_error_messages = {
        **_COMMON_ERRORS,
        "invalid": "Mã số phải là một số nguyên dương.",
        "max_value": "Mã số quá lớn.",
        "min_value": "Mã số phải là một số nguyên dương.",
        "max_string_length": "Mã số quá dài.",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(**kwargs)


class IndexField(serializers.IntegerField):
    default_error_messages = {
        **_COMMON_ERRORS,
        "invalid": "Cần một số nguyên.",
        "max_value": "Giá trị không được lớn hơn {max_value}.",
        "min_value": "Giá trị không được nhỏ hơn {min_value}.",
        "max_string_length": "Số quá dài.",
    }


class DateField(serializers.DateField):
    """A date typed as dd/mm/yyyy (also ISO yyyy-mm-dd), read by core.formats.parse_date.
    Output is ISO, as DRF settings say."""

    default_error_messages = {
        **_COMMON_ERRORS,
        "invalid": "Ngày không hợp lệ. Nhập theo dạng dd/mm/yyyy.",
        "datetime": "Cần một ngày, không kèm giờ.",
    }

    def to_internal_value(self, value: Any) -> date:
        if isinstance(value, datetime):
            self.fail("datetime")
        if isinstance(value, date):
            return value
        if not isinstance(value, str):
            self.fail("invalid")
        _check_text(value)
        try:
            return parse_date(value)
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None


class AsOfField(DateField):
    """`?as_of=`: a day in the past or today, to read history as it stood then."""

    def to_internal_value(self, value: Any) -> date:
        day = super().to_internal_value(value)
        if day > today():
            raise serializers.ValidationError(
                f"Ngày xem ({format_date(day)}) không được sau ngày hôm nay."
            )
        return day


class ListField(serializers.ListField):
    default_error_messages = {
        **_COMMON_ERRORS,
        "not_a_list": "Cần một danh sách.",
        "empty": "Danh sách không được để trống.",
        "min_length": "Danh sách cần ít nhất {min_length} phần tử.",
        "max_length": "Danh sách không được quá {max_length} phần tử.",
    }


class DictField(serializers.DictField):
    default_error_messages = {
        **_COMMON_ERRORS,
        "not_a_dict": "Cần một đối tượng JSON {…}.",
        "empty": "Không được để trống.",
    }


class ScopedObjectField(IdField, Generic[M]):
    """An id in the request body that must name an object the user may see; answers with
    the object. An unseen object reads as "not found" (400 on this field), never as 403,
    so a request cannot tell hidden objects from missing ones."""

    def __init__(
        self,
        model: type[M],
        *,
        action: str | None = None,
        not_found: str = NOT_FOUND,
        **kwargs: Any,
    ) -> None:
        self.model = model
        self.scope_action = action
        self.not_found = not_found
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> M:  # type: ignore[override]
        pk = super().to_internal_value(data)
        super().run_validators(pk)  # the id's range, before it reaches the database
        user = self.context["request"].user
        obj = scope(user, self.model, self.scope_action).filter(pk=pk).first()
        if obj is None:
            raise serializers.ValidationError(self.not_found)
        return obj

    def run_validators(self, value: Any) -> None:
        """Already run on the id in to_internal_value; `value` is now the object."""

    def to_representation(self, value: Any) -> Any:
        return value.pk if isinstance(value, models.Model) else value


class InputSerializer(serializers.Serializer):
    """Base of request bodies and query strings: shape only. It has no create()/update(), so
    `.save()` fails loudly: writes go through services."""

    default_error_messages = {
        "invalid": "Dữ liệu không hợp lệ: cần một đối tượng JSON {{…}}, nhận được {datatype}.",
    }


# --- The viewset ---------------------------------------------------------------------------


class ScopedViewSet(viewsets.GenericViewSet):
    """Reads: `scope(user, model, view action)`. Single-object writes:
    `get_or_404(user, model, write action, pk=…)`: 404 for what the user cannot see, 403 for
    what they see but may not change."""

    model: ClassVar[type[models.Model]]
    write_action: ClassVar[str] = Action.EDIT
    # Actions (viewset method names) that need something other than the default.
    action_permissions: ClassVar[dict[str, str]] = {}
    read_actions: ClassVar[frozenset[str]] = frozenset({"list", "retrieve"})
    lookup_value_regex = ID_URL_PATTERN
    # OPTIONS would describe forms from serializer_class, which these viewsets do not use:
    # the OpenAPI schema describes them instead, and OPTIONS answers 405.
    metadata_class = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        model = cls.__dict__.get("model")
        if model is not None:
            # Only so routers and the schema generator know the model; reads never use it.
            cls.queryset = model._default_manager.none()

    # Which action the current request needs.
    def required_action(self, name: str | None = None) -> str:
        name = name or self.action or ""
        if name in self.action_permissions:
            return str(self.action_permissions[name])
        if name in self.read_actions or self.request.method in SAFE_METHODS:
            return view_action(self.model)
        return str(self.write_action)

    def decorate(self, queryset: models.QuerySet[Any]) -> models.QuerySet[Any]:
        """select_related / annotations for output; subclasses override."""
        return queryset

    def get_queryset(self) -> models.QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return self.model._default_manager.none()
        return self.decorate(scope(self.request.user, self.model))

    def get_object(self) -> Any:
        """The object named in the URL, for reading (VIEW scope, decorated for output)."""
        obj = self.get_queryset().filter(pk=self._url_pk()).first()
        if obj is None:
            raise Http404(NOT_FOUND)
        return obj

    def get_object_for(self, action: str | None = None) -> Any:
        """The object named in the URL for a write: 404 if unseen, 403 if not allowed."""
        return get_or_404(
            self.request.user, self.model, action or self.required_action(), pk=self._url_pk()
        )

    def reread(self, pk: int) -> Any:
        """An object just written, read back through scope for the response."""
        obj = self.get_queryset().filter(pk=pk).first()
        if obj is None:  # e.g. the write moved it out of the user's view
            raise Http404(NOT_FOUND)
        return obj

    @property
    def actor(self) -> User:
        """The user making the request, as services want it (IsAuthenticated has run)."""
        return cast(User, self.request.user)

    def _url_pk(self) -> str:
        return str(self.kwargs[self.lookup_url_kwarg or self.lookup_field])

    def query(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        """Validated query-string parameters; bad ones answer 400 per parameter."""
        serializer = serializer_class(
            data=self.request.query_params, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def body(self, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
        """The validated request body: its shape only; services check the rest."""
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def paginated(self, rows: Any, serializer_class: type[serializers.Serializer]) -> Response:
        page = self.paginate_queryset(rows)
        data = serializer_class(page, many=True, context=self.get_serializer_context()).data
        return self.get_paginated_response(data)

    def output(
        self, obj: Any, serializer_class: type[serializers.Serializer], status: int = 200
    ) -> Response:
        data = serializer_class(obj, context=self.get_serializer_context()).data
        return Response(data, status=status)


# --- Error bodies, for the schema ----------------------------------------------------------

_DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
# 400: one list of Vietnamese messages per field (nested for lists of objects), or a detail.
_FIELD_ERRORS = {
    "type": "object",
    "description": "Lỗi theo từng trường: {tên trường: [thông báo, …]}.",
    "additionalProperties": {},
}
_ERRORS: dict[int, tuple[str, dict[str, Any]]] = {
    400: ("Dữ liệu không hợp lệ: thông báo theo từng trường.", _FIELD_ERRORS),
    403: ("Chưa đăng nhập, hoặc không có quyền thực hiện thao tác.", _DETAIL),
    404: ("Không tìm thấy, nằm ngoài phạm vi được xem, hoặc trang không có.", _DETAIL),
}


def error_responses(*codes: int) -> dict[int, OpenApiResponse]:
    """Documented error answers; 403 is always possible (anonymous users)."""
    wanted = sorted({403, *codes})
    return {c: OpenApiResponse(response=_ERRORS[c][1], description=_ERRORS[c][0]) for c in wanted}
