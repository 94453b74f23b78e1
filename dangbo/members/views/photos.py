"""Ảnh 3x4: served only to those who may see the record (MEDIA_ROOT is never served as a
directory), and uploaded by those who may change it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404
from dangbo.members import services
from dangbo.members.forms.self_service import PhotoForm
from dangbo.members.models import Member
from dangbo.members.views.choosing import posted, profile_url
from dangbo.orgs.views.common import GET_POST, actor, form_page

NO_PHOTO = "Đảng viên chưa có ảnh."


@login_required
@require_GET
def member_photo(request: HttpRequest, pk: int) -> FileResponse:
    member = get_or_404(request.user, Member, pk=pk)
    if not member.photo:
        raise Http404(NO_PHOTO)
    try:
        handle = member.photo.open("rb")
    except FileNotFoundError:
        raise Http404(NO_PHOTO) from None
    # Every stored photo was re-encoded as JPEG by set_member_photo.
    response = FileResponse(handle, content_type="image/jpeg")
    # Private: a shared cache must never keep one user's view of a record for another.
    response["Cache-Control"] = "private, max-age=3600"
    return response


@login_required
@GET_POST
def member_photo_upload(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_or_404(request.user, Member, Action.EDIT, pk=pk)
    form = PhotoForm(posted(request), request.FILES or None)

    def submit() -> tuple[str, str]:
        services.set_member_photo(
            actor=actor(request), member=member, photo=form.cleaned_data["photo"]
        )
        return f"Đã cập nhật ảnh của {member.full_name}.", profile_url(member, "")

    return form_page(
        request,
        form,
        org=member.organization,
        action="Cập nhật ảnh",
        submit=submit,
        template="members/member_action_form.html",
        title="Cập nhật ảnh 3x4",
        member=member,
        multipart=True,
        cancel_anchor="",
        submit_label="Tải ảnh lên",
    )
