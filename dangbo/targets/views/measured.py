"""The measured part of a target's page (issue #9 §3): its value from the linked indicator,
the targets cascaded from it, the form linking the indicator and the form cascading the
target to the units below (their POST views are in views/targets.py)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dangbo.core.clock import today
from dangbo.core.formats import format_figure
from dangbo.targets import measured
from dangbo.targets.forms import CascadeForm, IndicatorLinkForm, cascade_units
from dangbo.targets.models import Target
from dangbo.targets.views.common import can_edit


def measured_context(
    request: HttpRequest,
    target: Target,
    *,
    link_form: IndicatorLinkForm | None = None,
    cascade_form: CascadeForm | None = None,
) -> dict[str, Any]:
    """The measure of the target and of the targets cascaded from it (one measure_all), and
    the two forms for those who may edit the target."""
    cascaded = list(target.cascaded.select_related("responsible").order_by("position", "pk"))
    found = measured.measure_all([target, *cascaded], today())
    editor = can_edit(request.user, target.document)
    if editor and cascade_form is None:
        current = {c.responsible_id: format_figure(c.value) for c in cascaded if c.responsible_id}
        cascade_form = CascadeForm(units=cascade_units(request.user, target), current=current)
    if editor and link_form is None:
        link_form = IndicatorLinkForm(initial={"indicator": target.indicator_id})
    return {
        "measured": found.get(target.pk),
        "measured_rule": measured.RULE,
        "cascaded": [
            (child, measured.figure(child.value, child.unit), found.get(child.pk))
            for child in cascaded
        ],
        "link_form": link_form if editor else None,
        "cascade_form": cascade_form if editor else None,
    }
