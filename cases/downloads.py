"""案件附件 as an HTTP answer: one shape for the API and the admin.

The bytes go out as a download (Content-Disposition: attachment, the display
name as the filename), with the type the content was recognised as, never
sniffed by the browser, never run as a page (sandbox), and never cached by a
shared cache. The caller has checked who may read it.
"""

from django.http import FileResponse


def attachment_response(attachment) -> FileResponse:
    """The file of ``attachment``; FileNotFoundError if the storage lost it."""
    handle = attachment.file.open("rb")
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
