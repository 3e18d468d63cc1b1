"""The base of every case-module form: free text without control characters.

Django's own NUL check answers "不允许是用空字符串" (a poor translation that names
the wrong thing) and lets other controls and right-to-left overrides through.
Forms built on ``PlainTextForm`` refuse the characters the services and the API
refuse (``core.text``: one rule for all typed text) with a message that says
what to fix, before anything reaches the database (PostgreSQL cannot store NUL at all).
Markup is not a control character: it is kept as typed and shown escaped.
"""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from core.text import quiet_clean, validate_text


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
                ] + [validate_text]

    def clean(self):
        """Text in NFC without invisible characters, whatever sent it."""
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = quiet_clean(value)
        return cleaned
