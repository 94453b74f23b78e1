"""The commune's own plan for 2026, entered from paper, with its admission target: the page
comparing the admission funnel to targets reads it (unit "đảng viên", metric "kết nạp đảng
viên mới")."""

from __future__ import annotations

from datetime import date

from dangbo.admissions.models import Candidate
from dangbo.demo.party_life.context import Context
from dangbo.documents.models import DocKind, Document
from dangbo.documents.services import register_issued_document
from dangbo.indicators.models import Indicator
from dangbo.targets.models import Period, Target
from dangbo.targets.services import create_target, link_indicator, report_target_progress

SYMBOL = "15-KH/ĐU"
TITLE = "Kế hoạch phát triển đảng viên năm 2026"
ISSUED_ON = date(2026, 1, 15)
TARGET_LINE = "Kết nạp 12 đảng viên mới trong năm 2026"
METRIC = "kết nạp đảng viên mới"
UNIT = "đảng viên"
QUARTERS = (
    ("Quý I/2026", date(2026, 3, 31)),
    ("Quý II/2026", date(2026, 6, 30)),
    ("Quý III/2026", date(2026, 9, 30)),
)


def _body(commune_name: str) -> str:
    return (
        f"ĐẢNG BỘ {commune_name.removeprefix('Đảng bộ ').upper()}\n\n"
        "KẾ HOẠCH\nphát triển đảng viên năm 2026\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\n"
        "Nâng cao chất lượng công tác phát triển đảng viên, chú trọng đoàn viên thanh niên, "
        "người lao động trong các khóm, ấp; bảo đảm đúng nguyên tắc, thủ tục theo Điều lệ Đảng "
        "và Quy định 294-QĐ/TW.\n\n"
        "II. CHỈ TIÊU\n"
        f"{TARGET_LINE}; mỗi chi bộ có ít nhất một quần chúng ưu tú được bồi dưỡng, giới thiệu "
        "học lớp nhận thức về Đảng.\n\n"
        "III. NHIỆM VỤ, GIẢI PHÁP\n"
        "1. Các chi bộ rà soát, lập danh sách quần chúng ưu tú, phân công đảng viên chính thức "
        "giúp đỡ.\n"
        "2. Đảng ủy mở lớp bồi dưỡng nhận thức về Đảng; thẩm tra lý lịch kịp thời.\n"
        "3. Tổ chức lễ kết nạp đúng thời hạn 30 ngày làm việc kể từ ngày nhận quyết định.\n"
    )


def seed_target(ctx: Context) -> tuple[Document, Target]:
    document = register_issued_document(
        actor=ctx.office,
        symbol=SYMBOL,
        kind=DocKind.PLAN,
        issuer=ctx.commune,
        title=TITLE,
        issued_on=ISSUED_ON,
        # Issued on paper before the commune used the software.
        earlier=True,
        body=_body(ctx.commune.name),
        place=ctx.commune.name.removeprefix("Đảng bộ "),
        signer_capacity="T/M ĐẢNG ỦY — BÍ THƯ",
    )
    start = document.body.index(TARGET_LINE)
    end = start + len(TARGET_LINE)
    target = create_target(
        actor=ctx.office,
        document=document,
        value=12,
        unit=UNIT,
        comparator=">=",
        subject="quần chúng ưu tú",
        metric=METRIC,
        period=Period.ANNUAL,
        label=TARGET_LINE,
        deadline=date(2026, 12, 31),
        responsible=ctx.commune,
        baseline=0,
        baseline_on=date(2026, 1, 1),
        source_text=document.body[start:end],
        source_start=start,
        source_end=end,
    )
    # Measured from the data too (issue #9 §3): the members admitted in the commune this year.
    target = link_indicator(
        actor=ctx.office, target=target, indicator=Indicator.objects.get(code="members_admitted")
    )
    _report(ctx, target)
    return document, target


def _report(ctx: Context, target: Target) -> None:
    """The office's quarterly reports: members admitted (ceremonies held) in the commune since
    January, counted from the admission records themselves."""
    admitted = Candidate.objects.filter(
        organization__path__startswith=ctx.commune.path, ceremony_on__year=2026
    )
    for label, as_of in QUARTERS:
        count = admitted.filter(ceremony_on__lte=as_of).count()
        report_target_progress(
            actor=ctx.office,
            target=target,
            period_label=label,
            as_of=as_of,
            value=count,
            unit=UNIT,
            comment=f"Số đảng viên được kết nạp (đã tổ chức lễ) đến {as_of:%d/%m/%Y}.",
        )
