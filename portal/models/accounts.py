"""工作人员账号安全：访问记录（登录、退出、锁定、查看完整身份证号码……）与密码历史。

The access log is append-only: rows are written by ``portal.accounts.log`` and
read by auditors; nothing in the application changes one or deletes one, and the
model refuses to (a row that could be edited would prove nothing). The one
exception is the retention purge (``manage.py purge_access_log``), which removes
rows past the retention period through ``purge_before`` only, and that refuses
any row younger than the legal floor of six months.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import staff_field

# 网络安全法第二十一条: six months, rounded up: the law's floor, which no setting
# or option lowers (``ACCOUNTS["ACCESS_LOG_RETENTION_DAYS"]`` is checked against it).
MIN_RETENTION_DAYS = 183


class AppendOnlyError(Exception):
    """访问记录只能追加，不能修改或删除。"""


class AccessEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("access events cannot be changed")

    def delete(self):
        raise AppendOnlyError("access events cannot be deleted")

    def purge_before(self, cutoff: datetime) -> int:
        """Delete the rows of this queryset older than ``cutoff`` (the retention
        purge). A cutoff within six months of now is refused whatever asked."""
        floor = timezone.now() - timedelta(days=MIN_RETENTION_DAYS)
        if cutoff > floor:
            raise AppendOnlyError(
                f"access events younger than {MIN_RETENTION_DAYS} days are kept"
            )
        count, _ = models.QuerySet.delete(self.filter(at__lt=cutoff))
        return count


class AccessEvent(models.Model):
    """访问记录：每一次登录、退出、锁定、解锁、动态口令、修改密码和查看完整身份证号码。

    ``user`` is the person acting (who logged in, who unlocked); ``username`` is
    the account concerned as it was typed or named, kept as text so that a failed
    login for an unknown name, or a deleted account, is still on record.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("登录")
        LOGIN_FAILED = "login_failed", _("登录失败")
        LOGOUT = "logout", _("退出")
        LOCKOUT = "lockout", _("锁定")
        UNLOCK = "unlock", _("解除锁定")
        OTP_VERIFIED = "otp_verified", _("动态口令验证通过")
        OTP_FAILED = "otp_failed", _("动态口令错误")
        OTP_ENROLLED = "otp_enrolled", _("绑定动态口令")
        OTP_RESET = "otp_reset", _("重置动态口令")
        SESSION_EXPIRED = "session_expired", _("会话超时退出")
        ID_REVEAL = "id_reveal", _("查看完整身份证号码")
        PASSWORD_CHANGED = "password_changed", _("修改密码")
        PASSWORD_FORCED = "password_forced", _("须修改密码")
        PURGED = "purged", _("清理过期记录")

    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    user = staff_field(_("操作人"), optional=True, on_delete=models.SET_NULL)
    username = models.CharField(_("账号"), max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(_("地址"), null=True, blank=True)
    user_agent = models.CharField(_("浏览器"), max_length=255, blank=True)
    detail = models.CharField(_("说明"), max_length=500, blank=True)
    case_number = models.CharField(_("案件编号"), max_length=40, blank=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("访问记录")
        verbose_name_plural = _("访问记录")
        indexes = [
            models.Index(fields=["kind", "at"], name="accessevent_kind_at"),
            models.Index(fields=["username", "at"], name="accessevent_username_at"),
            models.Index(fields=["ip_address", "at"], name="accessevent_ip_at"),
        ]
        permissions = [
            (
                "manage_account_security",
                _("解除登录锁定、重置工作人员的动态口令设备"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.username} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("access events cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("access events cannot be deleted")


class PasswordHistory(models.Model):
    """密码历史：最近几次密码的哈希（不是密码本身），用来拒绝重复使用。"""

    user = staff_field(
        _("用户"), related_name="password_history", on_delete=models.CASCADE
    )
    password = models.CharField(_("密码哈希"), max_length=128)
    set_at = models.DateTimeField(_("设置时间"), default=timezone.now)

    class Meta:
        ordering = ["-set_at", "-pk"]
        verbose_name = _("密码历史")
        verbose_name_plural = _("密码历史")

    def __str__(self) -> str:
        return f"{self.user} {self.set_at:%Y-%m-%d}"


class PasswordState(models.Model):
    """密码状态：上次设置密码的时间，以及是否须在下次登录时修改。

    Written by ``portal.accounts.password_age`` whenever a password is set:
    by an administrator in the admin (``must_change``), by the person
    themself (cleared), or on the server (neither). Read on every admin request
    by the password-change gate.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="password_state",
        verbose_name=_("用户"),
    )
    password_changed_at = models.DateTimeField(_("密码设置时间"), default=timezone.now)
    must_change = models.BooleanField(_("下次登录须修改密码"), default=False)

    class Meta:
        verbose_name = _("密码状态")
        verbose_name_plural = _("密码状态")

    def __str__(self) -> str:
        return f"{self.user} {self.password_changed_at:%Y-%m-%d}"
