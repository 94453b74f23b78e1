"""POST /api/v1/targets/extract: Vietnamese text in, the targets read from it out.

Nothing is stored: this is the reader behind the review screen, offered to other programs
(a province's own document system, a script over an archive). Offsets are those of the text
as sent, unnormalised, so a caller can highlight them in its own copy.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from dangbo.access.viewsets import error_responses
from dangbo.targets.extraction import extract_targets
from dangbo.targets.proposals import looks_vietnamese

MAX_TEXT_BYTES = 2**20  # 1 MB of UTF-8 text
# JSON may spell every letter as \uXXXX (6 bytes): a request larger than this cannot hold
# 1 MB of text, and is refused before it is parsed.
MAX_REQUEST_BYTES = 8 * MAX_TEXT_BYTES
TOO_BIG = "Văn bản dài quá 1 MB; hãy gửi từng phần (mỗi lần không quá 1 MB)."


class RawTextField(serializers.CharField):
    """The text exactly as sent (no trimming, no NFC: offsets must be those of the caller's
    text); only strings, checked here with Vietnamese messages."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.validators = []  # DRF's NUL and surrogate validators speak English

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        if any(unicodedata.category(ch) == "Cs" for ch in data):
            raise serializers.ValidationError("Văn bản chứa ký tự Unicode không hợp lệ.")
        if len(data) > MAX_TEXT_BYTES or len(data.encode("utf-8")) > MAX_TEXT_BYTES:
            raise serializers.ValidationError(TOO_BIG)
        return data


class ExtractInput(serializers.Serializer):
    text = RawTextField(
        allow_blank=True,
        trim_whitespace=False,
        help_text="Nội dung văn bản (tiếng Việt, không quá 1 MB).",
        error_messages={
            "required": "Gửi nội dung văn bản trong trường «text».",
            "null": "Gửi nội dung văn bản trong trường «text».",
            "invalid": "Nội dung văn bản phải là một chuỗi ký tự.",
        },
    )

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {"text": ['Gửi một đối tượng JSON dạng {"text": "…"}.']}
            )
        return super().to_internal_value(data)


class ExtractedTargetOutput(serializers.Serializer):
    value = serializers.FloatField(help_text="Giá trị (số).")
    value_max = serializers.FloatField(
        allow_null=True, help_text="Giá trị cuối của khoảng («10–12%»), không có thì null."
    )
    unit = serializers.CharField(allow_null=True, help_text="Đơn vị tính: %, ‰, đảng viên, lớp…")
    comparator = serializers.ChoiceField(
        choices=[">=", ">", "<=", "<", "="], help_text="So sánh: >=, >, <=, <, =."
    )
    subject = serializers.CharField(allow_null=True, help_text="Đối tượng được đếm, đo.")
    metric = serializers.CharField(allow_null=True, help_text="Nội dung đo (điều kiện).")
    period = serializers.ChoiceField(
        choices=["annual", "term"],
        allow_null=True,
        help_text="annual: hằng năm; term: cả nhiệm kỳ, đến hạn; null: không rõ.",
    )
    # DRF takes declared fields off the class, so "parent" does not shadow Field.parent.
    parent = serializers.IntegerField(  # type: ignore[assignment]
        allow_null=True, help_text="Chỉ số (từ 0) của chỉ tiêu cha («trong đó») trong danh sách."
    )
    start = serializers.IntegerField(help_text="Vị trí bắt đầu của câu gốc trong văn bản gửi.")
    end = serializers.IntegerField(help_text="Vị trí kết thúc của câu gốc trong văn bản gửi.")


class ExtractOutput(serializers.Serializer):
    targets = ExtractedTargetOutput(many=True)


class ExtractTargetsView(APIView):
    """Đọc chỉ tiêu từ văn bản tiếng Việt (không lưu gì)."""

    @extend_schema(
        operation_id="targets_extract",
        summary="Đọc chỉ tiêu từ văn bản",
        description=(
            "Gửi nội dung văn bản tiếng Việt, nhận danh sách chỉ tiêu đọc được theo thứ tự "
            "trong văn bản, mỗi chỉ tiêu kèm vị trí câu gốc. Văn bản rỗng hoặc không phải "
            "tiếng Việt cho danh sách rỗng; văn bản dài quá 1 MB bị từ chối (400)."
        ),
        request=ExtractInput,
        responses={
            200: OpenApiResponse(response=ExtractOutput, description="Các chỉ tiêu đọc được."),
            **error_responses(400),
        },
        tags=["targets"],
    )
    def post(self, request: Request) -> Response:
        length = request.META.get("CONTENT_LENGTH") or "0"
        if length.isdecimal() and int(length) > MAX_REQUEST_BYTES:
            return Response({"text": [TOO_BIG]}, status=400)
        form = ExtractInput(data=request.data)
        form.is_valid(raise_exception=True)
        text: str = form.validated_data["text"]
        found = extract_targets(text) if text.strip() and looks_vietnamese(text) else []
        targets = [{**t.as_dict(), "start": t.start, "end": t.end} for t in found]
        return Response({"targets": targets})


extract_targets_view = ExtractTargetsView.as_view()
