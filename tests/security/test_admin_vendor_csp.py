"""Wagtail's image screens load static/js/admin_vendor_csp.js after the
libraries it keeps from inline handlers (see also tests/portal/test_admin_init.py)."""

import re

import pytest
from django.contrib.auth import get_user_model

EXECUTABLE_INLINE_SCRIPT = re.compile(
    r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>"
)


@pytest.mark.django_db
def test_image_screens_load_the_vendor_fix_after_the_libraries_it_fixes(
    client, settings, tmp_path
):
    """static/js/admin_vendor_csp.js sets options of Jcrop and load-image, so it
    must come after them; the e2e check sees what happens without it."""
    import io

    from django.core.files.base import ContentFile
    from PIL import Image as PILImage
    from wagtail.images import get_image_model

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    PILImage.new("RGB", (40, 30), "red").save(buffer, "PNG")
    image = get_image_model().objects.create(
        title="窗口照片", file=ContentFile(buffer.getvalue(), name="red.png")
    )
    user = get_user_model().objects.create_superuser(
        "images-admin", "i@example.gov.cn", "Images-Admin-2026!"
    )
    client.force_login(user)
    for url, library in [
        (f"/admin/images/{image.pk}/", "wagtailimages/js/vendor/jquery.Jcrop.min.js"),
        ("/admin/images/multiple/add/", "wagtailimages/js/vendor/load-image.min.js"),
    ]:
        html = client.get(url).content.decode()
        fix = html.find("js/admin_vendor_csp.js")
        assert html.find(library) != -1 and fix > html.find(library), url
        assert not EXECUTABLE_INLINE_SCRIPT.search(html), url
