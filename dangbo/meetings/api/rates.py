"""/api/v1/meetings/attendance-rates/: the attendance rates of a unit for a year, as the page
shows them (meetings.rates): the unit's total and one row per direct child unit (its
subtree), or one row per cell of the subtree with `rows=cells`."""

from __future__ import annotations

from typing import Any

from django.db import models
from rest_framework import serializers

from dangbo.access.scoping import root_units
from dangbo.access.viewsets import IndexField, InputSerializer, ScopedObjectField, enum_field
from dangbo.core.clock import today
from dangbo.meetings.rates import (
    Figures,
    Period,
    UnitRates,
    Visible,
    cell_rates,
    subtree_rates,
)
from dangbo.orgs.models import Organization

UNIT_NOT_FOUND = "Không tìm thấy đơn vị này, hoặc đơn vị nằm ngoài phạm vi bạn được xem."


class RateRows(models.TextChoices):
    CHILDREN = "children", "Mỗi đơn vị trực thuộc một dòng (cả cấp dưới của nó)"
    CELLS = "cells", "Mỗi chi bộ trong đơn vị một dòng"


class AttendanceRatesQuery(InputSerializer):
    organization = ScopedObjectField(
        Organization,
        required=False,
        not_found=UNIT_NOT_FOUND,
        help_text="Đơn vị (gồm cả cấp dưới); mặc định đơn vị cao nhất bạn được xem.",
    )
    year = IndexField(
        required=False, min_value=1945, max_value=2200, help_text="Năm; mặc định năm nay."
    )
    rows = enum_field(RateRows, "AttendanceRateRowsEnum", required=False)


class FiguresSerializer(serializers.Serializer):
    cells = serializers.IntegerField(help_text="Số chi bộ hoạt động trong năm")
    planned = serializers.IntegerField(help_text="Số buổi sinh hoạt đã lên lịch trong năm")
    due = serializers.IntegerField(help_text="Số buổi theo lịch đã đến hạn (không sau hôm nay)")
    held = serializers.IntegerField(help_text="Số buổi đã họp")
    held_share = serializers.FloatField(
        allow_null=True, help_text="% đã họp = đã họp ÷ đến hạn × 100"
    )
    present = serializers.IntegerField(help_text="Lượt có mặt (trừ miễn sinh hoạt)")
    excused = serializers.IntegerField(help_text="Lượt vắng có lý do (trừ miễn sinh hoạt)")
    unexcused = serializers.IntegerField(help_text="Lượt vắng không lý do (trừ miễn sinh hoạt)")
    exempt = serializers.IntegerField(help_text="Lượt điểm danh của đảng viên miễn sinh hoạt")
    rate = serializers.FloatField(
        allow_null=True,
        help_text="Tỷ lệ dự họp = có mặt ÷ (có mặt + vắng có lý do + vắng không lý do) × 100",
    )


class UnitRatesSerializer(FiguresSerializer):
    organization = serializers.IntegerField()
    organization_name = serializers.CharField()
    own = serializers.BooleanField(help_text="Các buổi của chính đơn vị (là chi bộ)")
    lowest = serializers.BooleanField(help_text="Trong nhóm tỷ lệ dự họp thấp nhất")


class AttendanceRatesSerializer(serializers.Serializer):
    organization = serializers.IntegerField()
    organization_name = serializers.CharField()
    year = serializers.IntegerField()
    total = FiguresSerializer()
    rows = UnitRatesSerializer(many=True)


def _figures(figures: Figures) -> dict[str, Any]:
    return {
        "cells": figures.cells,
        "planned": figures.planned,
        "due": figures.due,
        "held": figures.held,
        "held_share": None if figures.held_share is None else round(figures.held_share, 2),
        "present": figures.present,
        "excused": figures.excused,
        "unexcused": figures.unexcused,
        "exempt": figures.exempt,
        "rate": None if figures.rate is None else round(figures.rate, 2),
    }


def _row(row: UnitRates) -> dict[str, Any]:
    return {
        "organization": row.organization.pk,
        "organization_name": row.organization.name,
        "own": row.own,
        "lowest": row.lowest,
        **_figures(row.figures),
    }


def attendance_rates_data(user: Any, params: dict[str, Any]) -> dict[str, Any] | None:
    """The answer for validated query parameters; None when the user sees no unit at all."""
    unit: Organization | None = params.get("organization")
    if unit is None:
        roots = root_units(user)
        unit = roots[0] if roots else None
    if unit is None:
        return None
    year = params.get("year") or today().year
    visible, period = Visible.of(user), Period.year(year)
    if params.get("rows") == RateRows.CELLS:
        rows = cell_rates(visible, unit, period)
        total = Figures()
        for row in rows:
            total.add(row.figures)
    else:
        table = subtree_rates(visible, unit, period)
        rows, total = table.rows, table.total
    return {
        "organization": unit.pk,
        "organization_name": unit.name,
        "year": year,
        "total": _figures(total),
        "rows": [_row(row) for row in rows],
    }
