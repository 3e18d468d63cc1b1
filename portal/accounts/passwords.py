"""密码策略：字符种类与不得重复使用最近几次的密码（AUTH_PASSWORD_VALIDATORS）。

The length, similarity, common-password and all-digits rules are Django's own;
these two add what a government system is expected to ask (等保: 复杂度,
定期更换不得重复). History keeps hashes only, written by
``PasswordHistoryValidator.password_changed``, which Django calls after every
``set_password`` + ``save``, whichever form or command changed the password.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password, is_password_usable
from django.contrib.auth.password_validation import (
    MinimumLengthValidator as DjangoMinimumLengthValidator,
)
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from portal.models import PasswordHistory

from . import conf

CLASSES = (
    ("upper", lambda c: c.isascii() and c.isupper()),
    ("lower", lambda c: c.isascii() and c.islower()),
    ("digit", lambda c: c.isascii() and c.isdigit()),
    # Anything else that is visible: punctuation, spaces between words, 汉字.
    ("symbol", lambda c: not (c.isascii() and c.isalnum())),
)


def character_classes(password: str) -> set[str]:
    return {name for name, test in CLASSES if any(test(c) for c in password)}


class MinimumLengthValidator(DjangoMinimumLengthValidator):
    """Django's length rule, with its message in Chinese (Django's own zh_Hans
    catalogue lacks the current wording, so the page would show English)."""

    def get_error_message(self):
        return _("密码太短，至少要%(n)d个字符。") % {"n": self.min_length}

    def get_help_text(self):
        return _("密码至少要%(n)d个字符。") % {"n": self.min_length}


class CharacterClassesValidator:
    """大写字母、小写字母、数字、符号四类中至少包含三类。"""

    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        if len(character_classes(password)) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self):
        return _("密码须包含大写字母、小写字母、数字、符号四类中的至少%(n)d类。") % {
            "n": self.min_classes
        }


class PasswordHistoryValidator:
    """不得与当前密码或最近几次使用过的密码相同。"""

    def __init__(self, remember: int | None = None):
        self._remember = remember

    @property
    def remember(self) -> int:
        return self._remember or conf.get("PASSWORD_HISTORY")

    def _current_hash(self, user) -> str | None:
        # As stored, before this change: the instance may already hold the new one.
        return (
            get_user_model()
            .objects.filter(pk=user.pk)
            .values_list("password", flat=True)
            .first()
        )

    def _recent_hashes(self, user) -> list[str]:
        return list(
            PasswordHistory.objects.filter(user=user).values_list(
                "password", flat=True
            )[: self.remember]
        )

    def validate(self, password, user=None):
        if user is None or user.pk is None:
            return
        # The current password first, with its own message: a forced change
        # must not be satisfied by typing the same password again. Accounts
        # created before the history existed, or given a hash directly, have
        # no history row for it.
        current = self._current_hash(user)
        if (
            current
            and is_password_usable(current)
            and check_password(password, current)
        ):
            raise ValidationError(
                _("新密码不能与当前密码相同。"), code="password_unchanged"
            )
        for encoded in self._recent_hashes(user):
            if is_password_usable(encoded) and check_password(password, encoded):
                raise ValidationError(self.get_help_text(), code="password_reused")

    def password_changed(self, password, user=None):
        if user is None or user.pk is None or not is_password_usable(user.password):
            return
        PasswordHistory.objects.create(user=user, password=user.password)
        keep = PasswordHistory.objects.filter(user=user).values_list("pk", flat=True)[
            : self.remember
        ]
        PasswordHistory.objects.filter(user=user).exclude(pk__in=list(keep)).delete()

    def get_help_text(self):
        return _("新密码不能与最近%(n)d次使用过的密码相同。") % {"n": self.remember}
