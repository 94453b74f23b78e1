"""What the buttons of the job page do, each through one service: choose the sheet, confirm the
column mapping, run the dry run or the commit, cancel, revert. A refusal is shown as a
Vietnamese message on the job page, never as an error page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from dangbo.core.formats import format_number
from dangbo.imports import engine, services
from dangbo.imports.forms import SheetForm
from dangbo.imports.models import ImportJob, JobStatus
from dangbo.imports.spec import get_spec
from dangbo.imports.views.detail import job_for, job_url, render_detail
from dangbo.imports.views.screen import (
    header_labels,
    mapping_form_for,
    single_layout,
    visible_sheets,
)
from dangbo.orgs.views.common import actor

ACTIONS = ("check", "commit")


def _refused(request: HttpRequest, error: ValidationError | engine.ImportRefused) -> None:
    texts = error.messages if isinstance(error, ValidationError) else [str(error)]
    for text in texts:
        messages.error(request, text)


def _current_mapping(job: ImportJob) -> dict[int, str]:
    if job.all_sheets:
        return {}
    return {int(c): key for c, key in job.mapping.items() if str(c).isdecimal()}


@login_required
@require_POST
def job_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """Another sheet, or every sheet (one chi bộ each): its columns are guessed afresh."""
    job = job_for(request, pk)
    try:
        workbook = engine.open_workbook(job, head=True)
    except engine.ImportRefused as error:
        _refused(request, error)
        return redirect(job_url(job))
    form = SheetForm(request.POST, sheets=[s.name for s in visible_sheets(workbook)])
    if not form.is_valid():
        return render_detail(request, job, sheet_data=request.POST, status=400)
    try:
        services.set_layout(
            actor=actor(request),
            job=job,
            sheet=form.cleaned_data["sheet"],
            all_sheets=form.cleaned_data["all_sheets"],
            mapping={},
            labels={},
            skip_invalid=job.skip_invalid,
            remember=False,
        )
    except ValidationError as error:
        _refused(request, error)
    return redirect(job_url(job, "ghep-cot"))


@login_required
@require_POST
def job_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    """The columns as the user mapped them, remembered for the unit's next files."""
    job = job_for(request, pk)
    spec = get_spec(job.spec)
    try:
        lay = single_layout(job, spec)
    except engine.ImportRefused as error:
        _refused(request, error)
        return redirect(job_url(job))
    form = mapping_form_for(lay, spec, request.POST)
    if job.all_sheets or lay.guess is None or not form.is_valid():
        if job.all_sheets or lay.guess is None:
            messages.error(request, "Không ghép cột được cho trang tính này.")
            return redirect(job_url(job))
        return render_detail(request, job, mapping_data=request.POST, status=400)
    try:
        job = services.set_layout(
            actor=actor(request),
            job=job,
            sheet=lay.sheet.name,
            all_sheets=False,
            mapping=form.mapping(),
            labels=header_labels(lay),
            skip_invalid=job.skip_invalid,
        )
    except ValidationError as error:
        _refused(request, error)
        return redirect(job_url(job, "ghep-cot"))
    if request.POST.get("then") == "check":
        return _start(request, job, "check")
    messages.success(request, "Đã lưu ghép cột; lần sau tệp có cùng tiêu đề sẽ được ghép như vậy.")
    return redirect(job_url(job, "ghep-cot"))


@login_required
@require_POST
def job_start(request: HttpRequest, pk: int) -> HttpResponse:
    """ "check": the dry run; "commit": write (skipping bad rows only when asked)."""
    job = job_for(request, pk)
    action = request.POST.get("action", "")
    if action not in ACTIONS:
        messages.error(request, "Thao tác không hợp lệ.")
        return redirect(job_url(job))
    if action == "commit":
        skip = request.POST.get("skip_invalid") in ("on", "1", "true")
        if skip != job.skip_invalid:
            try:
                job = services.set_layout(
                    actor=actor(request),
                    job=job,
                    sheet=job.sheet,
                    all_sheets=job.all_sheets,
                    mapping=_current_mapping(job),
                    labels={},
                    skip_invalid=skip,
                    remember=False,
                )
            except ValidationError as error:
                _refused(request, error)
                return redirect(job_url(job))
    return _start(request, job, action)


def _start(request: HttpRequest, job: ImportJob, action: str) -> HttpResponse:
    try:
        job = services.start(actor=actor(request), job=job, action=action)
    except ValidationError as error:
        _refused(request, error)
        return redirect(job_url(job))
    if job.status == JobStatus.DONE:
        counts = job.counts or {}
        messages.success(
            request,
            f"Đã ghi vào CSDL: thêm mới {format_number(counts.get('new', 0))}, "
            f"cập nhật {format_number(counts.get('updated', 0))} hồ sơ.",
        )
    return redirect(job_url(job, "ket-qua"))


@login_required
@require_POST
def job_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for(request, pk)
    services.request_cancel(actor=actor(request), job=job)
    messages.info(request, "Đã yêu cầu dừng: mọi dòng đang ghi dở sẽ được hủy bỏ.")
    return redirect(job_url(job))


@login_required
@require_POST
def job_revert(request: HttpRequest, pk: int) -> HttpResponse:
    job = job_for(request, pk)
    try:
        services.revert_job(actor=actor(request), job=job)
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, "Đã hoàn tác lần nhập: các hồ sơ trở lại như trước khi nhập.")
    return redirect(job_url(job))
