"""/media/: uploaded images served by Django (so with the security headers),
never a document's file, which only Wagtail's checked document view serves."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "hall.png").write_bytes(b"\x89PNG image")
    (tmp_path / "documents").mkdir()
    (tmp_path / "documents" / "draft.pdf").write_bytes(b"%PDF-1.4 draft")
    return tmp_path


def test_uploaded_image_is_served_from_media(client, media):
    response = client.get("/media/images/hall.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"\x89PNG image"


@pytest.mark.parametrize(
    "path",
    [
        "/media/documents/draft.pdf",
        "/media/images/../documents/draft.pdf",
        "/media//documents/draft.pdf",
        "/media/./documents/draft.pdf",
        "/media/documents/",
    ],
)
def test_document_files_are_never_served_from_media(client, media, path):
    assert client.get(path).status_code == 404


def test_nothing_outside_media_root_is_served(client, media):
    (media.parent / "secret.txt").write_text("not for the web")
    for path in ("/media/../secret.txt", "/media/%2e%2e/secret.txt"):
        assert client.get(path).status_code in (400, 404), path
