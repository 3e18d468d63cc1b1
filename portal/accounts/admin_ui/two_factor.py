"""The second step of signing in: 验证 (a code from the enrolled device) and
绑定 (enrol a device: QR code and key, confirmed by one code).

Both pages need a password login first. A wrong code is logged and counts
towards the account's and the address's lockout like a wrong password; when
that locks, the half-signed-in session ends.
"""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from .. import landing, lockout, log, twofactor
from .forms import TokenForm

WRONG_CODE = gettext_lazy("验证码不正确或已过期，请输入应用中当前显示的6位数字。")


def next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    home = reverse("wagtailadmin_home")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        if target != home:
            landing.cancel(request)  # going somewhere on purpose
        return target
    return home


def _step(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': next_url(request)})}"


class _SecondStep(View):
    template_name = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(
                request.get_full_path(), reverse("wagtailadmin_login")
            )
        return super().dispatch(request, *args, **kwargs)

    def render(self, form, status=200, **context):
        return TemplateResponse(
            self.request,
            self.template_name,
            {"form": form, "next": next_url(self.request), **context},
            status=status,
        )

    def throttled(self, form, wait: int, **context):
        form.add_error(None, _("输入错误次数较多，请等几秒钟后再试。"))
        response = self.render(form, status=429, **context)
        response["Retry-After"] = str(wait)
        return response

    def refuse_if_locked(self):
        username = self.request.user.get_username()
        if lockout.is_locked(self.request, username):
            logout(self.request)
            return lockout.lockout_response(self.request, None, {"username": username})
        return None

    def wrong_code(self, form, detail: str, **context):
        request = self.request
        username = request.user.get_username()
        log.record(
            log.Kind.OTP_FAILED, request=request, user=request.user, detail=detail
        )
        if lockout.count_failure(request, username):
            logout(request)
            return lockout.lockout_response(request, None, {"username": username})
        form.add_error("otp_token", WRONG_CODE)
        return self.render(form, status=400, **context)


class VerifyView(_SecondStep):
    template_name = "portal/accounts/verify.html"

    def get(self, request):
        device = twofactor.confirmed_device(request.user)
        if device is None:
            return redirect(_step("accounts_2fa_setup", request))
        if request.user.is_verified():
            return redirect(next_url(request))
        return self.render(TokenForm())

    def post(self, request):
        device = twofactor.confirmed_device(request.user)
        if device is None:
            return redirect(reverse("accounts_2fa_setup"))
        refused = self.refuse_if_locked()
        if refused is not None:
            return refused
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400)
        wait = twofactor.throttle_wait(device)
        if wait:
            return self.throttled(form, wait)
        if not twofactor.verify(request, device, form.cleaned_data["otp_token"]):
            return self.wrong_code(form, _("登录时验证码错误"))
        log.record(log.Kind.OTP_VERIFIED, request=request, user=request.user)
        lockout.reset_account_failures(request.user.get_username())
        return redirect(next_url(request))


class SetupView(_SecondStep):
    template_name = "portal/accounts/setup.html"

    def device_context(self, device):
        return {
            "qr_svg": twofactor.qr_svg(device),
            "key": twofactor.base32_key(device),
            "required": twofactor.requires_two_factor(self.request.user),
        }

    def get(self, request):
        if twofactor.has_confirmed_device(request.user):
            return redirect(_step("accounts_2fa_verify", request))
        device = twofactor.pending_device(request.user)
        return self.render(TokenForm(), **self.device_context(device))

    def post(self, request):
        if twofactor.has_confirmed_device(request.user):
            return redirect(reverse("accounts_2fa_verify"))
        refused = self.refuse_if_locked()
        if refused is not None:
            return refused
        device = twofactor.pending_device(request.user)
        context = self.device_context(device)
        form = TokenForm(request.POST)
        if not form.is_valid():
            return self.render(form, status=400, **context)
        wait = twofactor.throttle_wait(device)
        if wait:
            return self.throttled(form, wait, **context)
        if not twofactor.confirm(request, device, form.cleaned_data["otp_token"]):
            return self.wrong_code(form, _("绑定时验证码错误"), **context)
        lockout.reset_account_failures(request.user.get_username())
        messages.success(request, _("动态口令已绑定。以后每次登录都要输入验证码。"))
        return redirect(next_url(request))
