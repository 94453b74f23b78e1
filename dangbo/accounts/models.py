"""Accounts: the custom user from day one. Who may see what lives in `access` (grants)."""

from django.contrib.auth.models import AbstractUser
from django.db import models

from dangbo.core.text import fold


class User(AbstractUser):
    """A person who logs in. Names are stored whole, the Vietnamese way ("Nguyễn Văn An")."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    phone = models.CharField("số điện thoại", max_length=20, blank=True)
    must_change_password = models.BooleanField("phải đổi mật khẩu", default=False)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"
        ordering = ["username"]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    @property
    def search_text(self) -> str:
        return fold(f"{self.full_name} {self.username} {self.email}")
