"""账号安全 (for administrators): current lockouts with an unlock button each,
and the reset of a person's 2FA device. Every change is a POST with its reason,
and goes on the access log."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ...admin_input import message_page
from ...admin_pages import AdminPage
from .. import lockout, stewards, twofactor
from .forms import ResetDeviceForm, UnlockForm


def denied(request, message: str):
    return message_page(request, message, title=_("无权操作"), status=403)


class AccountSecurityView(AdminPage):
    template_name = "portal/accounts/security.html"
    page_title = gettext_lazy("账号安全")
    header_icon = "lock"
    http_method_names = ["get", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not stewards.may_manage_security(request.user):
            return denied(request, _("只有系统管理员可以管理账号锁定和动态口令。"))
        return super().dispatch(request, *args, **kwargs)

    def page(self, status=200, **forms):
        context = self.get_context_data(
            lockouts=lockout.current_lockouts(),
            reset_form=forms.get("reset_form") or ResetDeviceForm(),
            unlock_errors=forms.get("unlock_errors", []),
        )
        return self.render_to_response(context, status=status)

    def carry_out(self, change, arguments: dict, *, refused, done: str):
        """Make ``change(**arguments)`` as this request's user (for the access log),
        then show ``done`` and go back to the page. Its PermissionDenied is a 403
        page, its ValidationError ``refused(error)``."""
        try:
            change(by=self.request.user, request=self.request, **arguments)
        except PermissionDenied as error:
            return denied(self.request, str(error))
        except ValidationError as error:
            return refused(error)
        messages.success(self.request, done)
        return redirect("accounts_security")

    def get(self, request, *args, **kwargs):
        return self.page()

    def post(self, request, *args, **kwargs):
        return self.page(status=405)


class UnlockView(AccountSecurityView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = UnlockForm(request.POST)
        if not form.is_valid():
            errors = [e for field in form.errors.values() for e in field]
            return self.page(status=400, unlock_errors=errors)
        data = form.cleaned_data
        return self.carry_out(
            lockout.unlock,
            {name: data[name] for name in ("parameter", "value", "reason")},
            refused=lambda error: self.page(status=400, unlock_errors=error.messages),
            done=_("已解除 %(value)s 的锁定。") % {"value": data["value"]},
        )


class ResetDeviceView(AccountSecurityView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = ResetDeviceForm(request.POST)
        if not form.is_valid():
            return self.page(status=400, reset_form=form)

        def refused(error):
            field = "username" if error.code == "username" else "reason"
            form.add_error(field, error.messages)
            return self.page(status=400, reset_form=form)

        data = form.cleaned_data
        return self.carry_out(
            twofactor.reset_devices,
            {"username": data["username"], "reason": data["reason"]},
            refused=refused,
            done=_("已重置 %(username)s 的动态口令设备，其下次登录时须重新绑定。")
            % {"username": data["username"]},
        )
