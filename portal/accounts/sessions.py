"""Two session cookies: the admin's, sent only to /admin/, and a visitor's.

The admin's session cookie (``SESSION_COOKIE_NAME``) carries Path=/admin/
(``SESSION_COOKIE_PATH``): a browser never sends it to the public site, so no
public page, document, file or error page can see, log, cache or leak a staff
session, and staff read the public site as anyone does (and from the page
cache). A cookie has one path, so what the public site itself needs a session
for — a page or collection password once given, the login of a page private to
signed-in users (``WAGTAIL_FRONTEND_LOGIN_URL``) — lives in a second cookie,
``VISITOR_SESSION_COOKIE_NAME``, Path=/, which the admin never reads. Ordinary
public pages, the complaint form and the progress check use no session at
all (the form's CSRF token is a cookie of its own), so they set none.

The server chooses the cookie by the path as well: a client that sends the
admin cookie everywhere (a test client, a careless proxy) still gets no admin
session outside /admin/.

``process_response`` is Django's own, with the cookie's name and path chosen
per request instead of read from settings.
"""

import time

from django.conf import settings
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.contrib.sessions.middleware import SessionMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date

VISITOR_PATH = "/"


def visitor_cookie_name() -> str:
    return settings.VISITOR_SESSION_COOKIE_NAME


def session_cookie(path: str) -> tuple[str, str]:
    """The name and path of the session cookie that a request to ``path`` uses."""
    if path.startswith(settings.SESSION_COOKIE_PATH):
        return settings.SESSION_COOKIE_NAME, settings.SESSION_COOKIE_PATH
    return visitor_cookie_name(), VISITOR_PATH


class SplitSessionMiddleware(SessionMiddleware):
    def process_request(self, request):
        name, _path = session_cookie(request.path)
        request.session = self.SessionStore(request.COOKIES.get(name))

    def process_response(self, request, response):
        try:
            accessed = request.session.accessed
            modified = request.session.modified
            empty = request.session.is_empty()
        except AttributeError:
            return response
        name, path = session_cookie(request.path)
        if name in request.COOKIES and empty:
            response.delete_cookie(
                name,
                path=path,
                domain=settings.SESSION_COOKIE_DOMAIN,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
            need_vary_cookie = True
        else:
            need_vary_cookie = accessed
            if (modified or settings.SESSION_SAVE_EVERY_REQUEST) and not empty:
                if request.session.get_expire_at_browser_close():
                    max_age = None
                    expires = None
                else:
                    max_age = request.session.get_expiry_age()
                    expires = http_date(time.time() + max_age)
                if response.status_code < 500:
                    try:
                        request.session.save()
                    except UpdateError as error:
                        raise SessionInterrupted(
                            "The request's session was deleted before the "
                            "request completed."
                        ) from error
                    response.set_cookie(
                        name,
                        request.session.session_key,
                        max_age=max_age,
                        expires=expires,
                        domain=settings.SESSION_COOKIE_DOMAIN,
                        path=path,
                        secure=settings.SESSION_COOKIE_SECURE or None,
                        httponly=settings.SESSION_COOKIE_HTTPONLY or None,
                        samesite=settings.SESSION_COOKIE_SAMESITE,
                    )
                    need_vary_cookie = True
        if need_vary_cookie:
            patch_vary_headers(response, ("Cookie",))
        return response
