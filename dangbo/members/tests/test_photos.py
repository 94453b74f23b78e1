"""Ảnh 3x4: only JPEG or PNG up to 2 MB; stored re-encoded (JPEG, at most 600 px, no EXIF or
GPS); a bad file changes nothing. Served only to those who see the record."""

from __future__ import annotations

from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from conftest import Tree, make_user
from dangbo.access.models import Role
from dangbo.accounts.models import User
from dangbo.audit.models import AuditEvent
from dangbo.members import services
from dangbo.members.models import Member
from dangbo.members.tests.factories import MemberFactory
from dangbo.members.tests.helpers import refused

pytestmark = pytest.mark.django_db
ClientFor = Callable[[User], Client]
GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def media_root(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def jpeg_with_gps(size: tuple[int, int] = (1200, 1600)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh kiểm thử"  # Make
    exif.get_ifd(GPS_IFD)[2] = (10.0, 46.0, 30.0)  # GPSLatitude
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def png_with_alpha() -> bytes:
    out = BytesIO()
    Image.new("RGBA", (300, 400), (0, 0, 255, 0)).save(out, format="PNG")
    return out.getvalue()


def upload(data: bytes, name: str = "anh.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def stored(member: Member) -> Image.Image:
    member.refresh_from_db()
    with member.photo.open("rb") as handle:
        image = Image.open(BytesIO(handle.read()))
        image.load()
    return image


def test_a_photo_is_stored_small_upright_and_without_its_metadata(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    assert Image.open(BytesIO(jpeg_with_gps())).getexif().get_ifd(GPS_IFD)

    services.set_member_photo(actor=None, member=member, photo=upload(jpeg_with_gps()))

    image = stored(member)
    assert image.format == "JPEG"
    assert max(image.size) == 600 and image.size == (450, 600)
    assert not image.getexif()
    assert "exif" not in image.info
    assert member.photo.name.startswith("members/photos/")
    assert member.photo.name.endswith(".jpg")
    audit = AuditEvent.objects.get(action="member.set_photo")
    assert audit.after["photo"] == member.photo.name


def test_a_transparent_png_becomes_a_jpeg_on_white(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    services.set_member_photo(actor=None, member=member, photo=upload(png_with_alpha(), "a.png"))

    image = stored(member)
    assert image.format == "JPEG" and image.size == (300, 400)
    pixel = image.getpixel((10, 10))
    assert isinstance(pixel, tuple) and pixel[0] > 240  # white, not black, where transparent


def test_a_new_photo_replaces_the_shown_one(tree: Tree) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.set_member_photo(actor=None, member=member, photo=upload(jpeg_with_gps()))
    first = Member.objects.get(pk=member.pk).photo.name

    services.set_member_photo(actor=None, member=member, photo=upload(png_with_alpha(), "b.png"))

    assert Member.objects.get(pk=member.pk).photo.name != first


def _gif() -> bytes:
    out = BytesIO()
    Image.new("P", (30, 40)).save(out, format="GIF")
    return out.getvalue()


def _huge_png() -> bytes:
    out = BytesIO()
    Image.new("1", (8000, 8000)).save(out, format="PNG")  # 64 MP in a few kB
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"MZ\x90\x00\x03" + b"\x00" * 500, "không phải ảnh JPEG hoặc PNG"),  # a .exe named .jpg
        (b"", "rỗng"),
        (jpeg_with_gps()[:400], "không phải ảnh JPEG hoặc PNG"),  # cut short
        (_gif(), "Chỉ nhận ảnh JPEG hoặc PNG"),
        (b"\xff\xd8\xff" + b"\x00" * (2 * 1024 * 1024), "2 MB"),
        (_huge_png(), "kích thước"),
    ],
)
def test_bad_files_are_refused_and_nothing_changes(
    tree: Tree, data: bytes, words: str, media_root: Path
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    with refused("photo", words):
        services.set_member_photo(actor=None, member=member, photo=upload(data))

    assert not Member.objects.get(pk=member.pk).photo
    assert not media_root.exists() or not any(media_root.rglob("*.jpg"))


# --- Pages ------------------------------------------------------------------------------------


def test_the_photo_is_served_to_those_who_see_the_record_and_no_one_else(
    tree: Tree, secretary_a: User, outsider: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.set_member_photo(actor=None, member=member, photo=upload(jpeg_with_gps()))
    secretary_b = make_user("secretary_b", "Đỗ Văn Bê", tree.cell_b, Role.SECRETARY)
    url = reverse("members:member-photo", args=[member.pk])

    response = client_for(secretary_a).get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"  # type: ignore[attr-defined]
    assert client_for(secretary_b).get(url).status_code == 404
    assert client_for(outsider).get(url).status_code == 404


def test_no_photo_reads_as_not_found(tree: Tree, secretary_a: User, client_for: ClientFor) -> None:
    member = MemberFactory.create(organization=tree.cell_a)

    response = client_for(secretary_a).get(reverse("members:member-photo", args=[member.pk]))

    assert response.status_code == 404


def test_media_files_are_not_served_by_their_path(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.set_member_photo(actor=None, member=member, photo=upload(jpeg_with_gps()))
    member.refresh_from_db()

    response = client_for(secretary_a).get(f"/media/{member.photo.name}")

    assert response.status_code == 404


def test_staff_upload_a_photo_from_the_profile(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    client = client_for(secretary_a)
    url = reverse("members:member-photo-upload", args=[member.pk])
    profile = reverse("members:member-detail", args=[member.pk])
    assert url in client.get(profile).content.decode()

    response = client.post(url, {"photo": upload(jpeg_with_gps())})

    assert response.status_code == 302
    page = client.get(profile).content.decode()
    assert reverse("members:member-photo", args=[member.pk]) in page


def test_a_bad_upload_shows_the_error_in_vietnamese(
    tree: Tree, secretary_a: User, client_for: ClientFor
) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    url = reverse("members:member-photo-upload", args=[member.pk])
    client = client_for(secretary_a)

    bad = client.post(url, {"photo": upload(b"MZ not really a photo", "virus.jpg")})
    empty = client.post(url, {})

    assert bad.status_code == 400
    assert "Tệp không phải ảnh JPEG hoặc PNG" in bad.content.decode()
    assert empty.status_code == 400
    assert "Chọn tệp ảnh." in empty.content.decode()
    assert not Member.objects.get(pk=member.pk).photo


def test_only_those_who_may_edit_upload(tree: Tree, member_a: User, client_for: ClientFor) -> None:
    member = MemberFactory.create(organization=tree.cell_a)
    services.link_member_user(actor=None, member=member, user=member_a)
    url = reverse("members:member-photo-upload", args=[member.pk])
    client = client_for(member_a)

    assert client.get(url).status_code == 403
    assert client.post(url, {"photo": upload(jpeg_with_gps())}).status_code == 403
    assert not Member.objects.get(pk=member.pk).photo
