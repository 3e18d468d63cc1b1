"""Forms of the 2FA and account-security pages. Field names are part of the
pages' contract (browser tests type into ``otp_token``)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm

from ..stewards import MAX_REASON


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form with the autocomplete its fields lost when Wagtail
    redeclared them: a password manager then fills the right account
    (WAGTAILADMIN_USER_LOGIN_FORM)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        # Wagtail's field has no label: Django's default was "Password".
        self.fields["password"].label = _("密码")


class TokenForm(forms.Form):
    otp_token = forms.CharField(
        label=_("验证码"),
        max_length=16,
        help_text=_("动态口令应用中显示的6位数字，每30秒更换一次。"),
        error_messages={
            "required": _("请输入验证码。"),
            "max_length": _("验证码是6位数字。"),
        },
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "size": 8,
            }
        ),
    )


class _ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        max_length=MAX_REASON,
        error_messages={
            "required": _("须写明理由。"),
            "max_length": _("理由不能超过%(limit_value)d个字。"),
        },
    )


class UnlockForm(_ReasonForm):
    parameter = forms.ChoiceField(
        choices=[("username", _("账号")), ("ip_address", _("地址"))],
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("请指明要解除锁定的账号或地址。")},
    )
    value = forms.CharField(
        max_length=150,
        widget=forms.HiddenInput,
        error_messages={"required": _("请指明要解除锁定的账号或地址。")},
    )


class ResetDeviceForm(_ReasonForm):
    username = forms.CharField(
        label=_("账号"),
        max_length=150,
        error_messages={"required": _("请填写要重置的账号。")},
    )
