"""The one rule for typed text (输入文本规范化), applied at every text input.

Names, addresses and descriptions come from forms, the admin, the API, imported
notices and search boxes. Whatever the door, the text is brought to one shape:

- NFC, so that 'é' typed as one character or as 'e' plus an accent is one
  string, and a search for a name finds it whichever way it was typed;
- invisible characters removed: zero-width spaces and joiners, direction marks,
  embeddings, overrides and isolates, the Arabic letter mark, the byte-order
  mark, the soft hyphen and the word joiner. They print as nothing, so a name
  with one inside looks like a name without it, while no search finds it, and an
  override makes ``申请表\u202egpj.exe`` read as 申请表exe.jpg. Removing them
  changes nothing a reader sees;
- Unicode line and paragraph separators become ordinary line breaks;
- any other control character (C0 other than tab and line breaks, DEL, C1) and
  any lone surrogate is refused with a message naming it: those are not typing
  mistakes that can be fixed silently, and PostgreSQL cannot store NUL at all.

Passwords are never passed through here (a password is compared byte for byte).
"""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

# U+00AD soft hyphen, U+061C Arabic letter mark, U+180E Mongolian vowel
# separator, U+200B–U+200F zero-width space/joiners and LTR/RTL marks,
# U+202A–U+202E embeddings and overrides, U+2060–U+2064 word joiner and
# invisible operators, U+2066–U+2069 isolates, U+FEFF byte-order mark.
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)
LINE_SEPARATORS = re.compile("[\u2028\u2029]")
# Tab, line feed and carriage return are typed text; every other C0 and C1
# control, DEL and lone surrogates are not.
REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

MESSAGE = _("含有不可见的控制字符（%(code)s），请删除后重新填写。")

# Django refuses NUL in every form field; its zh-hans catalogue words this as
# "empty strings are not allowed", which sends people looking for an empty box.
# Listed here so the project catalogue (which takes precedence) words it clearly.
gettext_noop("Null characters are not allowed.")


class RefusedCharacter(ValueError):
    """Text holding a control character that cannot be cleaned silently."""

    def __init__(self, char: str, position: int):
        self.char = char
        self.position = position
        self.code = f"U+{ord(char):04X}"
        super().__init__(str(self.message))

    @property
    def message(self):
        return MESSAGE % {"code": self.code}


def refused_character(value) -> RefusedCharacter | None:
    """The first refused character of ``value``, or None."""
    if not isinstance(value, str):
        return None
    found = REFUSED.search(value)
    return RefusedCharacter(found.group(), found.start()) if found else None


def clean_text(value: str) -> str:
    """``value`` in NFC without invisible characters; RefusedCharacter if it
    holds a control character."""
    problem = refused_character(value)
    if problem is not None:
        raise problem
    return quiet_clean(value)


def quiet_clean(value: str) -> str:
    """The cleaning part alone: NFC, invisible characters removed, separators
    made line breaks. Control characters are left for a validator to name."""
    if value.isascii():
        return value
    # Removed first: an accent after a zero-width space composes only once
    # the space is gone.
    value = LINE_SEPARATORS.sub("\n", INVISIBLE.sub("", value))
    return unicodedata.normalize("NFC", value)


def clean_data(data):
    """Every string inside decoded JSON cleaned quietly, keys included."""
    if isinstance(data, str):
        return quiet_clean(data)
    if isinstance(data, list):
        return [clean_data(item) for item in data]
    if isinstance(data, dict):
        return {clean_data(key): clean_data(item) for key, item in data.items()}
    return data


def find_refused(data, path=()):
    """(path, RefusedCharacter) for the first refused character inside decoded
    JSON or a list of pairs, or None."""
    if isinstance(data, str):
        problem = refused_character(data)
        return (path, problem) if problem else None
    items = (
        data.items()
        if isinstance(data, dict)
        else enumerate(data)
        if isinstance(data, list)
        else ()
    )
    for key, item in items:
        found = find_refused(key, path) if isinstance(key, str) else None
        found = found or find_refused(item, (*path, key))
        if found:
            return found
    return None


def validate_text(value) -> None:
    """Django validator: refuse control characters with a message naming them."""
    problem = refused_character(value)
    if problem is not None:
        raise ValidationError(problem.message, code="control_characters")


def text_fields(instance, *, skip_inherited_from=None):
    """The editable text fields of a model instance: (name, value) pairs.

    ``skip_inherited_from`` leaves out the fields of a base model (Wagtail's
    Page keeps tree paths and cached titles that no form shows).
    """
    for field in instance._meta.concrete_fields:
        if not field.editable or not isinstance(
            field, models.CharField | models.TextField
        ):
            continue
        if skip_inherited_from is not None and field.model is skip_inherited_from:
            continue
        yield field.name, getattr(instance, field.name)


def clean_fields_quietly(instance, names) -> None:
    """Clean the named text attributes of ``instance`` in place."""
    for name in names:
        value = getattr(instance, name)
        if isinstance(value, str):
            setattr(instance, name, quiet_clean(value))


def check_text(values) -> None:
    """Raise a ValidationError naming every (name, text) pair that holds a
    refused character."""
    problems = {}
    for name, value in values:
        problem = refused_character(value)
        if problem is not None and name not in problems:
            problems[name] = problem.message
    if problems:
        raise ValidationError(problems)


class CheckedText:
    """Mixin for models the admin edits: text cleaned, control characters refused."""

    def clean(self):
        super().clean()
        fields = list(text_fields(self))
        clean_fields_quietly(self, [name for name, _value in fields])
        check_text(text_fields(self))
