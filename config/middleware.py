"""Security headers that Django does not send by itself.

Content-Security-Policy comes from django-csp, configured in settings
(CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_ADMIN); this module applies
the admin's one relaxation, lets frame-ancestors follow a view's own
X-Frame-Options decision, and adds Permissions-Policy.
"""

from csp.constants import HEADER, SELF
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with two adjustments.

    Under /admin/ the directives of CONTENT_SECURITY_POLICY_ADMIN replace the
    general ones (Wagtail's editor needs <style> elements; see settings).

    The policy says frame-ancestors 'none' (as X-Frame-Options: DENY). Wagtail's
    preview views answer X-Frame-Options: SAMEORIGIN because the page editor
    shows them in an iframe of the admin; a browser obeys frame-ancestors over
    X-Frame-Options, so those responses get frame-ancestors 'self' to match.
    Wagtail renders a preview by running a fake request through the whole
    middleware stack, so the response arrives with that inner request's header
    (frame-ancestors 'none'); it is replaced by this request's policy.
    """

    def process_response(self, request, response):
        if _frameable_by_same_origin(response) and HEADER in response:
            del response[HEADER]
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(ADMIN_PREFIX):
            admin = getattr(settings, "CONTENT_SECURITY_POLICY_ADMIN", None) or {}
            parts.replace = {**(parts.replace or {}), **admin}
        if _frameable_by_same_origin(response):
            parts.replace = {**(parts.replace or {}), "frame-ancestors": [SELF]}
        return parts


def _frameable_by_same_origin(response) -> bool:
    return response.get("X-Frame-Options", "").upper() == "SAMEORIGIN"


class PermissionsPolicyMiddleware:
    """Permissions-Policy: switch off browser features no page here uses."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "PERMISSIONS_POLICY", "")

    def __call__(self, request):
        response = self.get_response(request)
        if self.policy:
            response.headers.setdefault("Permissions-Policy", self.policy)
        return response
