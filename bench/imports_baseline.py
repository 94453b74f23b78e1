"""The baseline of bench/imports.py: the same member file through django-import-export 4.4.3.

Imported only in the baseline's child process, after bench/imports.py has put
var/bench/baseline-packages on sys.path and set Django up. `MemberResource` maps the file's
headers to Member the way a developer would with the library's documented widgets: units by
code, ethnicity and religion by name (ForeignKeyWidget), dates as date cells or dd/mm/yyyy
(DateWidget), matching by card number. What Member needs and the file does not say (status,
decision date, the folded and sortable names) is filled in `before_save_instance`, because
bulk mode never calls Member.save().

It writes less than dangbo's import: the member rows only, no MemberEvent history, no
per-row import records and no audit event. Two configurations, each in a fresh database:
- "default": what `import_data` does out of the box (one transaction, a savepoint, an
  instance lookup and save() per row, the diff kept for the preview);
- "bulk": its bulk mode (use_bulk, batch_size 1000, skip_diff, force_init_instance since the
  roll holds none of these members);
- "tuned": bulk mode with the foreign-key lookups cached per value, which the documentation
  leaves to the user (shown for information; the aims compare with the two above).
"""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

from import_export import fields, resources, widgets
from tablib import Dataset

from dangbo.core.text import fold
from dangbo.members.models import Ethnicity, Member, Religion
from dangbo.members.models.sorting import name_sort_string
from dangbo.orgs.models import Organization

THEORY = {
    "Chưa qua đào tạo": "none",
    "Sơ cấp": "elementary",
    "Trung cấp": "intermediate",
    "Cao cấp": "advanced",
    "Cử nhân": "bachelor",
}
SEXES = {"Nam": "male", "Nữ": "female"}
DATE_FORMAT = "%d/%m/%Y"


class ChoiceWidget(widgets.Widget):
    """A Vietnamese label ("Nữ", "Sơ cấp") to the stored value; the library has none."""

    def __init__(self, choices: dict[str, str]) -> None:
        super().__init__()
        self.choices = choices

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        if value in (None, ""):
            return ""
        try:
            return self.choices[str(value).strip()]
        except KeyError:
            raise ValueError(f"«{value}» không hợp lệ") from None


class CachedForeignKeyWidget(widgets.ForeignKeyWidget):
    """The same lookup, remembered per value: the tuning the library leaves to its users
    (a third, informative configuration; the aims compare with the two documented ones)."""

    def __init__(self, model: Any, field: str) -> None:
        super().__init__(model, field)
        self.cache: dict[Any, Any] = {}

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        if value not in self.cache:
            self.cache[value] = super().clean(value, row, **kwargs)
        return self.cache[value]


def _field(attribute: str, header: str, widget: Any = None) -> Any:
    return fields.Field(attribute=attribute, column_name=header, widget=widget)


class MemberResource(resources.ModelResource):
    full_name = _field("full_name", "Họ và tên")
    birth_date = _field("birth_date", "Ngày sinh", widgets.DateWidget(DATE_FORMAT))
    sex = _field("sex", "Giới tính", ChoiceWidget(SEXES))
    ethnicity = _field("ethnicity", "Dân tộc", widgets.ForeignKeyWidget(Ethnicity, "name"))
    religion = _field("religion", "Tôn giáo", widgets.ForeignKeyWidget(Religion, "name"))
    hometown = _field("hometown", "Quê quán")
    national_id = _field("national_id", "Số CCCD", widgets.CharWidget())
    card_number = _field("card_number", "Số thẻ đảng viên", widgets.CharWidget())
    organization = _field(
        "organization", "Mã chi bộ", widgets.ForeignKeyWidget(Organization, "code")
    )
    admitted_on = _field("admitted_on", "Ngày vào Đảng", widgets.DateWidget(DATE_FORMAT))
    official_on = _field("official_on", "Ngày chính thức", widgets.DateWidget(DATE_FORMAT))
    theory_level = _field("theory_level", "Lý luận chính trị", ChoiceWidget(THEORY))
    party_position = _field("party_position", "Chức vụ Đảng")
    occupation = _field("occupation", "Nghề nghiệp")
    phone = _field("phone", "Điện thoại", widgets.CharWidget())

    class Meta:
        model = Member
        import_id_fields = ("card_number",)
        fields = (
            "full_name", "birth_date", "sex", "ethnicity", "religion", "hometown",
            "national_id", "card_number", "organization", "admitted_on", "official_on",
            "theory_level", "party_position", "occupation", "phone",
        )  # fmt: skip

    def before_save_instance(self, instance: Member, row: Any, **kwargs: Any) -> None:
        for name in ("birth_date", "admitted_on", "official_on"):
            value = getattr(instance, name)
            if isinstance(value, datetime):  # openpyxl reads date cells as datetimes
                setattr(instance, name, value.date())
        instance.decision_date = instance.admitted_on
        instance.status = "official" if instance.official_on else "probationary"
        instance.theory_level = instance.theory_level or "none"
        instance.name_folded = fold(f"{instance.full_name} {instance.other_name}")[:128]
        instance.name_sort = name_sort_string(instance.full_name)


class BulkMemberResource(MemberResource):
    class Meta(MemberResource.Meta):
        use_bulk = True
        batch_size = 1000
        skip_diff = True
        force_init_instance = True


class TunedMemberResource(BulkMemberResource):
    ethnicity = _field("ethnicity", "Dân tộc", CachedForeignKeyWidget(Ethnicity, "name"))
    religion = _field("religion", "Tôn giáo", CachedForeignKeyWidget(Religion, "name"))
    organization = _field("organization", "Mã chi bộ", CachedForeignKeyWidget(Organization, "code"))


RESOURCES = {"default": MemberResource, "bulk": BulkMemberResource, "tuned": TunedMemberResource}


def measure(path: Path, mode: str) -> dict[str, Any]:
    """Load the xlsx with tablib and import it; seconds from the file's bytes."""
    data = path.read_bytes()
    resource = RESOURCES[mode]()
    before = Member.objects.count()
    started = time.perf_counter()
    dataset = Dataset().load(data, format="xlsx")
    loaded = time.perf_counter()
    result = resource.import_data(dataset, dry_run=False)
    finished = time.perf_counter()
    totals = {str(k): int(v) for k, v in result.totals.items()}
    errors = [str(e.error) for _, row_errors in result.row_errors()[:3] for e in row_errors[:1]]
    errors += [str(e.error) for e in result.base_errors[:3]]
    invalid = [f"dòng {r.number}: {r.error_dict}" for r in result.invalid_rows[:3]]
    return {
        "rows": len(dataset),
        "seconds": finished - started,
        "load_seconds": loaded - started,
        "import_seconds": finished - loaded,
        "totals": totals,
        "has_errors": bool(result.has_errors() or result.has_validation_errors()),
        "errors": errors + invalid,
        "members_written": Member.objects.count() - before,
    }


__all__ = ["BulkMemberResource", "MemberResource", "TunedMemberResource", "measure"]
