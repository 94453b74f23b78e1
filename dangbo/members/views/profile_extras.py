"""What the profile shows beyond the record and its timeline: the photo, the "Khen thưởng /
kỷ luật" tab, the member's correction requests (and their own form to make one), and the
account linked to the record."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from dangbo.access.policy import Action
from dangbo.access.scoping import can
from dangbo.core.formats import format_date
from dangbo.members.correctable import record_label
from dangbo.members.forms.self_service import CorrectionRequestForm
from dangbo.members.models import EventKind, Member, MemberEvent, Sanction
from dangbo.members.services.accounts import may_link
from dangbo.members.views.corrections import correction_row, corrections_for

REWARD_KINDS = (EventKind.BADGE_AWARDED, EventKind.COMMENDED)
SANCTION_KINDS = (EventKind.DISCIPLINED, EventKind.EXPELLED)
SANCTION_LABELS = dict(Sanction.choices)
SHOWN_REQUESTS = 20


def _decision(event: MemberEvent) -> str:
    if not event.decision_number:
        return "—"
    if event.decision_date:
        return f"{event.decision_number} ngày {format_date(event.decision_date)}"
    return event.decision_number


def conduct_row(event: MemberEvent) -> dict[str, str]:
    details = event.details or {}
    if event.kind == EventKind.BADGE_AWARDED:
        form, authority, content = f"Huy hiệu {details.get('years', '')} năm tuổi Đảng", "", ""
    elif event.kind == EventKind.COMMENDED:
        form = str(details.get("form", ""))
        authority = str(details.get("authority", ""))
        content = str(details.get("achievement", ""))
    elif event.kind == EventKind.DISCIPLINED:
        form = SANCTION_LABELS.get(details.get("sanction", ""), "")
        if details.get("position"):
            form = f"{form} ({details['position']})"
        authority = str(details.get("authority", ""))
        content = str(details.get("reason", ""))
    else:  # khai trừ
        form, authority, content = "Khai trừ", "", str(details.get("reason", ""))
    return {
        "effective_on": format_date(event.effective_on),
        "form": form,
        "authority": authority or "—",
        "decision": _decision(event),
        "content": content,
    }


def conduct(events: list[MemberEvent]) -> dict[str, list[dict[str, str]]]:
    """Rewards (badges, commendations) and sanctions that count, newest first."""
    live = [e for e in reversed(events) if not e.superseded and e.kind != EventKind.VOIDED]
    return {
        "rewards": [conduct_row(e) for e in live if e.kind in REWARD_KINDS],
        "sanctions": [conduct_row(e) for e in live if e.kind in SANCTION_KINDS],
    }


def conduct_detail(event: MemberEvent) -> list[str]:
    """The timeline's note for the kinds added with this tab, and for record corrections."""
    details = event.details or {}
    if event.kind == EventKind.COMMENDED:
        parts = [f"{details.get('form', '')}, {details.get('authority', '')}".strip(", ")]
        if details.get("achievement"):
            parts.append(f"Thành tích: {details['achievement']}")
        return parts
    if event.kind == EventKind.DISCIPLINED:
        return [f"{conduct_row(event)['form']}, {details.get('authority', '')}".strip(", ")]
    if event.kind == EventKind.RECORD_CORRECTED:
        label = details.get("label") or record_label(str(details.get("field", "")))
        return [f"{label}: {details.get('before') or '(trống)'} → {details.get('after', '')}"]
    return []


def profile_extras(user: Any, member: Member, events: list[MemberEvent]) -> dict[str, Any]:
    is_self = member.user_id is not None and member.user_id == user.pk
    may_edit = can(user, Action.EDIT, member.organization)
    linking = may_link(user, member)
    requests = list(corrections_for(user).filter(member=member)[:SHOWN_REQUESTS])
    photo_url = ""
    if member.photo:
        # The file name changes with each upload: a new photo is never hidden by a cache.
        version = member.photo.name.rsplit("/", 1)[-1].split(".")[0]
        photo_url = f"{reverse('members:member-photo', args=[member.pk])}?v={version}"
    return {
        "is_self": is_self,
        "photo_url": photo_url,
        "photo_upload_url": (
            reverse("members:member-photo-upload", args=[member.pk]) if may_edit else ""
        ),
        "account_url": reverse("members:member-account", args=[member.pk]) if linking else "",
        "linked_username": member.user.username if linking and member.user else "",
        "conduct": conduct(events),
        "corrections": [correction_row(user, c) for c in requests],
        "correction_form": CorrectionRequestForm(member=member) if is_self else None,
        "correction_url": (
            reverse("members:correction-create", args=[member.pk]) if is_self else ""
        ),
    }
