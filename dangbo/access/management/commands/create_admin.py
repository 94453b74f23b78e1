"""The first quản trị of a new installation (there is no sign-up), through the services so that
it stands in the audit log. Creates the root organisation too when the tree is empty."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from dangbo.access.models import Role
from dangbo.access.services import add_grant, create_user
from dangbo.core.clock import today
from dangbo.core.formats import parse_date
from dangbo.orgs.models import ROOT_KINDS, Organization, OrgKind
from dangbo.orgs.services import Decision, create_organization


class Command(BaseCommand):
    help = (
        "Tạo tài khoản quản trị đầu tiên (và tổ chức gốc nếu cây tổ chức còn trống). "
        "Mật khẩu tạm được in ra một lần và phải đổi khi đăng nhập."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--username", required=True, help="tên đăng nhập")
        parser.add_argument("--full-name", required=True, help="họ và tên")
        parser.add_argument("--org-code", required=True, help="mã tổ chức gốc, ví dụ CM")
        parser.add_argument("--org-name", help="tên tổ chức gốc, khi cây tổ chức còn trống")
        parser.add_argument(
            "--org-kind",
            default=OrgKind.PROVINCE,
            choices=sorted(ROOT_KINDS),
            help="loại tổ chức gốc (mặc định: đảng bộ tỉnh)",
        )
        parser.add_argument("--founded", help="ngày thành lập tổ chức gốc, dd/mm/yyyy")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with transaction.atomic():
                root = self._root(options)
                user, password = create_user(
                    actor=None,
                    username=options["username"],
                    full_name=options["full_name"],
                    organization=root,
                )
                add_grant(
                    actor=None, user=user, organization=root, role=Role.ADMIN, valid_from=today()
                )
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(f"Đã tạo quản trị «{user.username}» tại {root.name}.")
        self.stdout.write(f"Mật khẩu tạm (đổi khi đăng nhập lần đầu): {password}")
        self.stdout.write("Lần đăng nhập đầu tiên sẽ yêu cầu cài đặt xác thực hai lớp (TOTP).")

    def _root(self, options: dict[str, Any]) -> Organization:
        code = options["org_code"].strip().upper()
        existing = Organization.objects.filter(code=code).first()
        if existing is not None:
            if existing.depth != 1:
                raise CommandError(f"Tổ chức mã {code} không phải tổ chức gốc.")
            return existing
        if Organization.objects.exists():
            raise CommandError(f"Không có tổ chức gốc mã {code}.")
        if not options["org_name"] or not options["founded"]:
            raise CommandError("Cây tổ chức còn trống: cần --org-name và --founded để tạo gốc.")
        try:
            founded = parse_date(options["founded"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        return create_organization(
            actor=None,
            parent=None,
            kind=options["org_kind"],
            name=options["org_name"],
            code=code,
            decision=Decision(effective_on=founded),
        )
