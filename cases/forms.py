"""The base of every case-module form: free text without control characters.

Django's own NUL check answers "不允许是用空字符串" (a poor translation that names
the wrong thing) and lets other controls and right-to-left overrides through.
Forms built on ``PlainTextForm`` refuse the characters the services and the API
refuse (``portal.text``: one rule for all typed text) with a message that says
what to fix, before anything reaches the database (PostgreSQL cannot store NUL at all).
Markup is not a control character: it is kept as typed and shown escaped.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator

from portal.text import MESSAGE, has_unsafe_characters


def validate_plain_text(value) -> None:
    if has_unsafe_characters(value):
        raise ValidationError(MESSAGE, code="control_characters")


class PlainTextForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            checks = field.validators
            if any(isinstance(v, ProhibitNullCharactersValidator) for v in checks):
                field.validators = [
                    v
                    for v in checks
                    if not isinstance(v, ProhibitNullCharactersValidator)
                ] + [validate_plain_text]
