"""Request bodies are JSON, said so by their Content-Type (415 otherwise).

django-ninja reads any body as JSON whatever it is labelled, so a form post or
``text/plain`` was accepted when its bytes happened to parse, and answered
"cannot parse" (400) when they did not. A client generated from the document
sends the media type the document names; one that sends another gets 415 and
knows which header to fix, before anything in the body is looked at.

Only bodies a JSON parameter reads pass through here: an endpoint taking
multipart files reads them through Django's own parser and is not affected.
"""

from ninja.parser import Parser

JSON = "application/json"


class UnsupportedMediaType(Exception):
    """The body is labelled as something other than JSON (HTTP 415)."""

    def __init__(self, content_type: str):
        super().__init__(content_type)
        self.content_type = content_type


class JSONBodyParser(Parser):
    def parse_body(self, request):
        # request.content_type is the media type alone, parameters (charset)
        # stripped and lower-cased by Django; "" when the header is missing.
        if request.content_type != JSON:
            raise UnsupportedMediaType(request.content_type)
        return super().parse_body(request)


def unsupported_media_type(error: BaseException) -> UnsupportedMediaType | None:
    """The 415 behind django-ninja's 400, which wraps whatever the parser raises."""
    cause = error.__cause__
    return cause if isinstance(cause, UnsupportedMediaType) else None
