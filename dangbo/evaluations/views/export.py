"""The round's results as a spreadsheet, for the committee's decision and its annex: one line
per member the user may see, with the score, the proposal, the decision and why. The export is
audited, as every export of members' records is."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from dangbo.access.scoping import get_or_404, scope
from dangbo.audit.services import record
from dangbo.core.xlsx import CellKind, SheetColumn, write_xlsx
from dangbo.evaluations.models import SHORT, EvaluationRound, MemberEvaluation, Rating
from dangbo.orgs.views.common import actor

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS = (
    SheetColumn("STT", CellKind.NUMBER, 6),
    SheetColumn("Họ và tên", width=28),
    SheetColumn("Chi bộ", width=30),
    SheetColumn("Điểm tự chấm", CellKind.NUMBER, 10),
    SheetColumn("Điểm chi bộ thống nhất", CellKind.NUMBER, 12),
    SheetColumn("Mức theo quy định", width=12),
    SheetColumn("Chi bộ đề xuất", width=12),
    SheetColumn("Cấp ủy quyết định", width=12),
    SheetColumn("Kết quả", width=30),
    SheetColumn("Căn cứ, lý do", width=60),
    SheetColumn("Chi bộ biểu quyết (tán thành/biểu quyết)", width=14),
)


def _short(value: str) -> str:
    return SHORT[Rating(value)] if value else ""


def result_rows(evaluations: Sequence[MemberEvaluation]) -> Iterator[list[Any]]:
    for number, e in enumerate(evaluations, start=1):
        final = e.rating or e.proposed_rating
        outcome = "Không xếp loại" if e.not_rated else (Rating(final).label if final else "")
        reasons = " ".join([*e.rule_reasons, e.override_reason]).strip()
        yield [
            number,
            e.member.full_name,
            e.organization.name,
            e.self_score,
            e.score,
            _short(e.rule_rating),
            _short(e.proposed_rating),
            _short(e.rating),
            outcome,
            reasons,
            f"{e.votes_for}/{e.votes_cast}" if e.votes_cast is not None else "",
        ]


@login_required
@require_GET
def round_export(request: HttpRequest, pk: int) -> FileResponse:
    round_: EvaluationRound = get_or_404(request.user, EvaluationRound, pk=pk)
    rows = list(
        scope(request.user, MemberEvaluation)
        .filter(round=round_, current=True)
        .select_related("member", "organization")
        .order_by("organization__path", "member__name_sort", "id")
    )
    user = actor(request)
    record(
        actor=user,
        action="evaluation.export",
        target=round_,
        organization=round_.organization,
        after={"year": round_.year, "rows": len(rows)},
    )
    # On disk, not in memory: FileResponse closes (and so deletes) the file once sent.
    target = tempfile.TemporaryFile()  # noqa: SIM115
    write_xlsx(
        target,
        title=f"Xếp loại năm {round_.year}",
        columns=COLUMNS,
        rows=result_rows(rows),
    )
    target.seek(0)
    name = f"xep-loai-{round_.year}-{slugify(round_.organization.code)}.xlsx"
    return FileResponse(target, as_attachment=True, filename=name, content_type=XLSX)
