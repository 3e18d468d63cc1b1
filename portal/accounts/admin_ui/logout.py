"""退出登录: only by POST.

Django 5 already refuses a GET to Wagtail's logout view (405). A GET here now
answers with a page that asks, holding the form that posts (with its CSRF
token), so a link from a bookmark or a mistyped address leads somewhere
useful, and a link or image on another page still cannot sign anyone out.
"""

from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from wagtail.admin.views import account


class LogoutView(account.LogoutView):
    http_method_names = ["get", "post", "options"]

    def dispatch(self, request, *args, **kwargs):
        if request.method == "GET":
            return self.confirm(request)
        return super().dispatch(request, *args, **kwargs)

    def confirm(self, request):
        if not request.user.is_authenticated:
            return redirect("wagtailadmin_login")
        response = TemplateResponse(request, "portal/accounts/logout.html", {})
        add_never_cache_headers(response)
        return response
