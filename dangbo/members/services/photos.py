"""Ảnh 3x4 of the member record. Whatever was uploaded is decoded and drawn again as a small
JPEG: what is stored is only pixels, never the sender's file, so metadata (EXIF, the GPS
position of the phone that took it) and anything hidden in the file are dropped."""

from __future__ import annotations

import secrets
from io import BytesIO
from typing import IO

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps, UnidentifiedImageError

from dangbo.accounts.models import User
from dangbo.core.errors import field_error
from dangbo.members.models import Member
from dangbo.members.services.base import audit

MAX_BYTES = 2 * 1024 * 1024
MAX_SIDE = 600  # pixels of the longer side once stored: a 3x4 photo printed at 4 cm is ~470
# Refuse before decoding anything larger: a tiny file can claim a huge image (a "bomb").
MAX_PIXELS = 40_000_000
ACCEPTED = {"JPEG", "PNG"}
NOT_AN_IMAGE = "Tệp không phải ảnh JPEG hoặc PNG, hoặc ảnh bị hỏng."


def _read(photo: IO[bytes]) -> bytes:
    data = photo.read(MAX_BYTES + 1)
    if not data:
        raise field_error("photo", "Tệp ảnh rỗng.")
    if len(data) > MAX_BYTES:
        raise field_error("photo", "Ảnh không được lớn quá 2 MB.")
    return data


def _decode(data: bytes) -> Image.Image:
    try:
        with Image.open(BytesIO(data)) as probe:
            kind, (width, height) = probe.format, probe.size
        if kind not in ACCEPTED:
            raise field_error("photo", f"Chỉ nhận ảnh JPEG hoặc PNG (tệp này là ảnh {kind}).")
        if width * height > MAX_PIXELS:
            raise field_error("photo", "Ảnh quá lớn về kích thước điểm ảnh.")
        image = Image.open(BytesIO(data))
        image.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError):
        raise field_error("photo", NOT_AN_IMAGE) from None
    return image


def _reencoded(image: Image.Image) -> bytes:
    # Turn the pixels upright first: the orientation lives in the EXIF we are about to drop.
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, "white")
        background.paste(image, mask=image.getchannel("A"))
        image = background
    else:
        image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    out = BytesIO()
    image.save(out, format="JPEG", quality=85, optimize=True)
    return out.getvalue()


@transaction.atomic
def set_member_photo(*, actor: User | None, member: Member, photo: IO[bytes]) -> Member:
    """Store `photo` (JPEG or PNG, at most 2 MB) as the member's 3x4 photo, re-encoded as a
    JPEG of at most 600 px. A bad file is refused and nothing changes. The earlier photo's
    file is kept: like the rest of the record, a replaced photo stays on file."""
    image = _decode(_read(photo))
    try:
        content = _reencoded(image)
    except (OSError, ValueError):  # an odd pixel format Pillow cannot turn into RGB
        raise field_error("photo", NOT_AN_IMAGE) from None
    member = Member.objects.select_for_update().get(pk=member.pk)
    before = member.photo.name
    # A random name: a file's name tells nothing and cannot be guessed from the member's id.
    name = f"{member.pk}-{secrets.token_hex(8)}.jpg"
    member.photo.save(name, ContentFile(content), save=False)
    member.save(update_fields=["photo"])
    audit(
        actor,
        "member.set_photo",
        member,
        member,
        before={"photo": before},
        after={"photo": member.photo.name, "bytes": len(content)},
    )
    return member
