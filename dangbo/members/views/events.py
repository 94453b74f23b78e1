"""One page per kind of event in a member's life ("Cập nhật quá trình" on the profile), and
the correction (đính chính) of an event already recorded.

The events the API records (members.api.events.KINDS) are recorded here by the very same
handlers, from forms with the same field names; re-admission has its own service. The menu
offers what fits the member's status; the services refuse whatever cannot happen then (an
event after death, a second recognition), whichever page it was sent from."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse

from dangbo.access.policy import Action
from dangbo.access.scoping import get_or_404
from dangbo.accounts.models import User
from dangbo.core.clock import today
from dangbo.core.formats import format_date
from dangbo.members import services
from dangbo.members.api.events import KINDS
from dangbo.members.forms.events import (
    BadgeForm,
    CardForm,
    CommendForm,
    ConfirmOfficialForm,
    CorrectionForm,
    DeathForm,
    DisciplineForm,
    EventForm,
    PositionForm,
    ReadmitForm,
    ReasonForm,
)
from dangbo.members.models import EventKind, Member, MemberEvent, MemberStatus
from dangbo.members.views.choosing import editable_units, offered_cells, posted, profile_url
from dangbo.members.views.detail import badges
from dangbo.orgs.services import Decision
from dangbo.orgs.views.common import GET_POST, actor, form_page

READMISSION = "readmitted"
TEMPLATE = "members/event_form.html"

Handler = Callable[[User, Member, EventForm], MemberEvent]


def _api_handler(kind: str) -> Handler:
    """The API's handler of `kind`: the form's cleaned data has the API input's names."""
    record = KINDS[kind][1]
    return lambda actor, member, form: record(actor, member, form.cleaned_data)


def _readmit(actor: User, member: Member, form: EventForm) -> MemberEvent:
    data = form.cleaned_data
    services.readmit_member(
        actor=actor,
        member=member,
        organization=data["organization"],
        decision=Decision(
            effective_on=data["effective_on"],
            number=data["decision_number"],
            decided_on=data["decision_date"],
            note=data["note"],
        ),
        late_ceremony_approval=data["late_ceremony_approval"],
    )
    return member.events.filter(kind=EventKind.ADMITTED).latest("id")


@dataclass(frozen=True)
class EventPage:
    kind: str
    label: str  # the menu entry and the page title
    form: type[EventForm]
    intro: str = ""
    leaves_roll: bool = False  # shown apart in the menu, asked to confirm, a red button
    handler: Handler | None = None  # None: the API's handler of `kind`

    def record(self, actor: User, member: Member, form: EventForm) -> MemberEvent:
        handler = self.handler or _api_handler(self.kind)
        return handler(actor, member, form)


PAGES = {
    page.kind: page
    for page in (
        EventPage(
            EventKind.CONFIRMED_OFFICIAL,
            "Công nhận đảng viên chính thức",
            ConfirmOfficialForm,
            "Chi bộ xét và cấp ủy có thẩm quyền quyết định công nhận khi đảng viên đủ 12 "
            "tháng dự bị.",
        ),
        EventPage(
            EventKind.EXEMPTED,
            "Miễn công tác và sinh hoạt đảng",
            ReasonForm,
            "Đảng viên được miễn vẫn có tên trong danh sách đảng viên của chi bộ.",
        ),
        EventPage(
            EventKind.EXEMPTION_ENDED,
            "Thôi miễn công tác và sinh hoạt đảng",
            ReasonForm,
            "Đảng viên trở lại công tác và sinh hoạt đảng bình thường.",
        ),
        EventPage(EventKind.CARD_ISSUED, "Phát thẻ đảng viên", CardForm),
        EventPage(EventKind.CARD_REISSUED, "Cấp lại thẻ đảng viên", CardForm),
        EventPage(EventKind.BADGE_AWARDED, "Tặng Huy hiệu Đảng", BadgeForm),
        EventPage(
            EventKind.POSITION_CHANGED,
            "Thay đổi chức vụ",
            PositionForm,
            "Ghi chức vụ mới; chức vụ cũ được giữ trong quá trình.",
        ),
        EventPage(EventKind.COMMENDED, "Khen thưởng", CommendForm),
        EventPage(
            EventKind.DISCIPLINED,
            "Kỷ luật",
            DisciplineForm,
            "Khiển trách, cảnh cáo hoặc cách chức; khai trừ ghi bằng mục «Khai trừ». Đảng viên "
            "dự bị chỉ bị khiển trách hoặc cảnh cáo.",
        ),
        EventPage(
            EventKind.REMOVED,
            "Xóa tên",
            ReasonForm,
            "Đảng viên ra khỏi danh sách đảng viên; hồ sơ được giữ lại và có thể kết nạp lại.",
            leaves_roll=True,
        ),
        EventPage(
            EventKind.EXPELLED,
            "Khai trừ",
            ReasonForm,
            "Đảng viên ra khỏi Đảng theo quyết định kỷ luật; hồ sơ được giữ lại.",
            leaves_roll=True,
        ),
        EventPage(EventKind.DIED, "Từ trần", DeathForm, leaves_roll=True),
        EventPage(
            READMISSION,
            "Kết nạp lại",
            ReadmitForm,
            "Kết nạp lại người đã bị xóa tên hoặc khai trừ: một thời gian dự bị mới trên cùng "
            "hồ sơ; tuổi đảng trừ thời gian ở ngoài Đảng.",
            handler=_readmit,
        ),
    )
}

_CARD = (EventKind.CARD_ISSUED, EventKind.CARD_REISSUED)
_LEAVING = (EventKind.REMOVED, EventKind.EXPELLED, EventKind.DIED)
_CONDUCT = (EventKind.COMMENDED, EventKind.DISCIPLINED)  # khen thưởng, kỷ luật
# What the menu offers for each status. Recording a past event of another kind is still
# possible (the URL of its page): the services judge it against the member's history.
MENU = {
    MemberStatus.PROBATIONARY: (
        EventKind.CONFIRMED_OFFICIAL,
        EventKind.POSITION_CHANGED,
        *_CONDUCT,
        EventKind.EXEMPTED,
        *_LEAVING,
    ),
    MemberStatus.OFFICIAL: (
        *_CARD,
        EventKind.BADGE_AWARDED,
        EventKind.POSITION_CHANGED,
        *_CONDUCT,
        EventKind.EXEMPTED,
        *_LEAVING,
    ),
    MemberStatus.EXEMPT: (
        EventKind.EXEMPTION_ENDED,
        *_CARD,
        EventKind.BADGE_AWARDED,
        EventKind.POSITION_CHANGED,
        *_CONDUCT,
        *_LEAVING,
    ),
    MemberStatus.REMOVED: (READMISSION,),
    MemberStatus.EXPELLED: (READMISSION,),
    MemberStatus.DIED: (EventKind.BADGE_AWARDED,),  # truy tặng
    MemberStatus.TRANSFERRED_OUT: (),
}


def event_menu(member: Member) -> list[dict[str, Any]]:
    """Entries of "Cập nhật quá trình" for the member's status: label, url, and whether the
    entry takes the member off the roll (shown apart, in red)."""
    entries = []
    for kind in MENU.get(MemberStatus(member.status), ()):
        if kind in _CARD and (kind == EventKind.CARD_REISSUED) != bool(member.card_number):
            continue  # one card entry: issue the first, or reissue
        page = PAGES[kind]
        label = "Truy tặng Huy hiệu Đảng" if member.status == MemberStatus.DIED else page.label
        entries.append(
            {
                "label": label,
                "url": reverse("members:event-create", args=[member.pk, kind]),
                "leaves_roll": page.leaves_roll,
            }
        )
    return entries


def _form(request: HttpRequest, page: EventPage, member: Member) -> EventForm:
    data = posted(request)
    if page.form is ReadmitForm:
        return ReadmitForm(
            data,
            member=member,
            cells=editable_units(request.user),
            offered=offered_cells(request),
        )
    if page.form is BadgeForm:
        events = list(member.events.order_by("effective_on", "id"))
        due = [b["years"] for b in badges(events, member.status, today()) if b["due"]]
        return BadgeForm(data, member=member, due_years=due[0] if due else None)
    return page.form(data, member=member)


@login_required
@GET_POST
def event_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    member = get_or_404(request.user, Member, Action.EDIT, pk=pk)
    page = PAGES.get(kind)
    if page is None:
        raise Http404("Không có loại sự kiện này.")
    form = _form(request, page, member)

    def submit() -> tuple[str, str]:
        event = page.record(actor(request), member, form)
        return (
            f"Đã ghi «{event.get_kind_display()}» ngày {format_date(event.effective_on)} vào "
            f"quá trình của {member.full_name}.",
            profile_url(member),
        )

    return form_page(
        request,
        form,
        org=member.organization,
        action=page.label,
        submit=submit,
        template=TEMPLATE,
        title=page.label,
        intro=page.intro,
        member=member,
        danger=page.leaves_roll,
        confirm=(
            f"{page.label}: {member.full_name} sẽ ra khỏi danh sách đảng viên. Tiếp tục?"
            if page.leaves_roll
            else ""
        ),
        submit_label="Ghi vào quá trình",
    )


def describe(event: MemberEvent) -> str:
    """The event in one line, as the timeline reads it."""
    text = f"{event.get_kind_display()} ngày {format_date(event.effective_on)}"
    if event.decision_number:
        text += f", quyết định {event.decision_number}"
        if event.decision_date:
            text += f" ngày {format_date(event.decision_date)}"
    return f"{text}, tại {event.organization.name}."


@login_required
@GET_POST
def event_correct(request: HttpRequest, event_pk: int) -> HttpResponse:
    """Đính chính: a new event replaces this one (right date or decision) or voids it; the
    old one stays in the history, struck through (DESIGN rule 3)."""
    event = get_or_404(request.user, MemberEvent, Action.EDIT, pk=event_pk)
    member = Member.objects.select_related("organization").get(pk=event.member_id)
    form = CorrectionForm(posted(request), event=event)
    described = describe(event)

    def submit() -> tuple[str, str]:
        data = form.cleaned_data
        services.correct_event(
            actor=actor(request), event=event, reason=data["reason"], **form.corrections()
        )
        return f"Đã đính chính: {described}", profile_url(member)

    settled = event.superseded or event.kind == EventKind.VOIDED
    return form_page(
        request,
        form,
        org=member.organization,
        action="Đính chính",
        submit=submit,
        template=TEMPLATE,
        title="Đính chính sự kiện",
        intro=described,
        member=member,
        settled=settled,
        submit_label="Ghi đính chính",
    )
