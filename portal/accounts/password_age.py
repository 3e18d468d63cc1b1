"""须修改密码：管理员设置的密码在下次登录时必须改掉，过期的密码也一样。

Every saved ``set_password`` (Django's ``AbstractBaseUser.save`` still holds
the raw password while ``post_save`` runs) stamps the account's
``PasswordState``. Who set it decides the rest, read from the request being
served (``PasswordChangeMiddleware`` keeps it in a context variable):

* another signed-in person (an administrator in Wagtail's user views, or any
  other admin screen that sets a password) → the owner must change it at the
  next admin request: ``must_change``;
* the owner (the account page, their own user form, a reset link) → cleared;
* no request at all (``createsuperuser``, ``changepassword``, ``seed_demo``,
  the shell, test fixtures) → not forced: whoever is at the server's console
  is trusted to hand the password on, and the demo must stay usable.

A password older than ``ACCOUNTS["PASSWORD_MAX_AGE_DAYS"]`` (0: never) is
treated the same way, with its own message.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import PasswordState

from . import conf, log

_serving: ContextVar = ContextVar("accounts_request", default=None)

MUST_CHANGE = "must_change"
EXPIRED = "expired"


@contextmanager
def serving(request):
    """The request on whose behalf passwords set now are set."""
    token = _serving.set(request)
    try:
        yield
    finally:
        _serving.reset(token)


def state_for(user) -> PasswordState:
    """The account's state; an account from before the state existed starts
    its clock now rather than being expired at once."""
    state, _created = PasswordState.objects.get_or_create(user=user)
    return state


def reason_to_change(user) -> str | None:
    """MUST_CHANGE, EXPIRED, or None when the password may stay."""
    state = state_for(user)
    if state.must_change:
        return MUST_CHANGE
    max_age = conf.password_max_age()
    if max_age is not None and state.password_changed_at <= timezone.now() - max_age:
        return EXPIRED
    return None


def password_set(user, *, created: bool) -> None:
    """Stamp a new password and put who set it on the access log."""
    request = _serving.get()
    actor = getattr(request, "user", None) if request is not None else None
    by_other = bool(
        actor is not None and actor.is_authenticated and actor.pk != user.pk
    )
    PasswordState.objects.update_or_create(
        user=user,
        defaults={"password_changed_at": timezone.now(), "must_change": by_other},
    )
    if by_other:
        detail = (
            _("管理员新建账号并设置了初始密码，本人下次登录时须先修改密码")
            if created
            else _("管理员重设了密码，本人下次登录时须先修改密码")
        )
        log.record(
            log.Kind.PASSWORD_FORCED,
            request=request,
            user=actor,
            username=user.get_username(),
            detail=detail,
        )
    elif request is not None:
        log.record(
            log.Kind.PASSWORD_CHANGED,
            request=request,
            user=user,
            detail=_("本人修改了密码"),
        )
    else:
        log.record(
            log.Kind.PASSWORD_CHANGED,
            username=user.get_username(),
            detail=_("在服务器上设置了密码（命令行或初始化数据）"),
        )


def on_user_saved(sender, instance, created, raw=False, update_fields=None, **kw):
    if raw:
        return  # loaddata: no password was chosen, the state comes with the data
    new_password = getattr(instance, "_password", None) is not None
    if new_password and (update_fields is None or "password" in update_fields):
        password_set(instance, created=created)
    elif created:
        PasswordState.objects.get_or_create(user=instance)


def connect() -> None:
    post_save.connect(
        on_user_saved,
        sender=get_user_model(),
        dispatch_uid="portal.accounts.password_set",
    )
