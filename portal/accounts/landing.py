"""登录后的首页：办案岗位登录后直接进入“我的待办”，其他岗位进入管理首页。

Where a person lands is asked of the apps through the Wagtail hook
``staff_landing_url`` (a function of the user returning a path, or None): the
case module answers with 我的待办 for those who have one, so the accounts code
knows nothing of cases. Only the first admin page after signing in (and after
the second factor) is turned: a link followed later, or a ``next`` the sign-in
carried, goes where it was going.
"""

from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks

from .twofactor import requires_two_factor

PENDING = "accounts_landing_pending"


def mark_landing(request) -> None:
    """Signed in through the sign-in page (not a test's or a script's login)."""
    if request.path != reverse("wagtailadmin_login"):
        return
    home = reverse("wagtailadmin_home")
    if (request.POST.get("next") or request.GET.get("next") or home) == home:
        request.session[PENDING] = True


def cancel(request) -> None:
    """The sign-in carried an address of its own: no landing page then."""
    request.session.pop(PENDING, None)


def landing_url(user) -> str | None:
    for answer in hooks.get_hooks("staff_landing_url"):
        url = answer(user)
        if url:
            return url
    return None


def _through_sign_in(request) -> bool:
    user = request.user
    if not user.is_authenticated:
        return False
    return not requires_two_factor(user) or user.is_verified()


class LandingMiddleware:
    """After the second factor: the first admin home page becomes the landing."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.get(PENDING)
            and request.method == "GET"
            and _through_sign_in(request)
        ):
            del session[PENDING]
            if request.path == reverse("wagtailadmin_home"):
                url = landing_url(request.user)
                if url:
                    return redirect(url)
        return self.get_response(request)
