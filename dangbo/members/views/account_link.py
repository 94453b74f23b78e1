"""Tài khoản của đảng viên: link the login through which a member reads their own record, or
unlink it. Only staff who may change the record or manage accounts at the member's unit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from dangbo.access.models import Grant, valid_on
from dangbo.access.scoping import get_or_404
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.core.errors import field_error
from dangbo.members import services
from dangbo.members.forms.self_service import AccountLinkForm
from dangbo.members.models import Member
from dangbo.members.services.accounts import USER_NOT_FOUND, may_link
from dangbo.members.views.choosing import posted, profile_url
from dangbo.orgs.views.common import GET_POST, actor, form_page

SUGGESTED = 30


def suggested_accounts(member: Member) -> list[str]:
    """Accounts with a grant valid today at the member's own unit and no record yet: most
    often the one to link (the member's "Đảng viên" login)."""
    holders = Grant.objects.filter(valid_on(today()), organization=member.organization_id)
    rows = (
        User.objects.filter(pk__in=holders.values("user_id"), is_active=True, member__isnull=True)
        .order_by("username")
        .values_list("username", flat=True)
    )
    return list(rows[:SUGGESTED])


@login_required
@GET_POST
def member_account(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_or_404(request.user, Member, pk=pk)
    if not may_link(actor(request), member):
        raise PermissionDenied("Bạn không có quyền gắn tài khoản cho hồ sơ này.")
    member = Member.objects.select_related("user", "organization").get(pk=member.pk)
    if request.method == "POST" and "unlink" in request.POST:
        try:
            services.unlink_member_user(actor=actor(request), member=member)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            return redirect(request.path)
        messages.success(request, f"Đã gỡ tài khoản khỏi hồ sơ của {member.full_name}.")
        return redirect(profile_url(member, ""))
    form = AccountLinkForm(posted(request))

    def submit() -> tuple[str, str]:
        username = form.cleaned_data["user"]
        user = User.objects.filter(username=username).first()
        if user is None:
            raise field_error("user", USER_NOT_FOUND)
        services.link_member_user(actor=actor(request), member=member, user=user)
        return (
            f"Đã gắn tài khoản {user.username} với hồ sơ của {member.full_name}.",
            profile_url(member, ""),
        )

    return form_page(
        request,
        form,
        org=member.organization,
        action="Tài khoản đăng nhập",
        submit=submit,
        template="members/member_action_form.html",
        title="Tài khoản đăng nhập của đảng viên",
        intro="Đảng viên đăng nhập bằng tài khoản gắn với hồ sơ để tự xem hồ sơ của mình và "
        "đề nghị đính chính. Tài khoản cần có vai trò Đảng viên tại chi bộ.",
        member=member,
        linked=member.user,
        suggestions=suggested_accounts(member),
        cancel_anchor="",
        submit_label="Gắn tài khoản",
    )
