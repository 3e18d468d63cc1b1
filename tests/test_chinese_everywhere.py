"""Chinese everywhere: the main public and admin screens, as each role sees them
on the demo county, show no stray English and no untranslated placeholder.

What a person sees or hears is scanned: the text of the page and the attributes
that are read out or shown (title, placeholder, aria-label, alt, a button's
value, a tooltip), never scripts, styles or addresses. A word of Latin letters
is allowed only when it is a genuine term (API, PDF, XLSX …) or the county's own
data (a username, a code, an address's slug). Placeholders left unfilled (None,
%(name)s, {name}) fail whatever the word.
"""

import re
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

# Terms a Chinese government site writes in Latin letters.
TERMS = {
    "api",
    "pdf",
    "xlsx",
    "csv",
    "excel",
    "id",
    "url",
    "qr",
    "json",
    "openapi",
    "http",
    "https",
    "www",
    "a4",
    "ab",
    "ofd",
    "doc",
    "docx",
    "xls",
    "txt",
    "rtf",
    "jpg",
    "png",
    "gif",
    # Image and table formats Wagtail's upload forms name (支持的格式：AVIF, JPEG …).
    "jpeg",
    "avif",
    "tsv",
    "svg",
    "webp",
    "mb",
    "kb",
    "gb",
    "utf",
    "totp",
    "otp",
    "app",
    "wi",
    "fi",
    "ok",
    "sms",
    "email",
    "ip",
    "ca",
    "cjk",
    "noto",
    "sans",
    "sc",
    "gb18030",
    # Standard names: a character encoding (GBK) and a digest (SHA-256).
    "gbk",
    "sha",
    "ems",
    "localhost",
    # Product names, printed as themselves (archive_index status: 后端：Elasticsearch).
    "elasticsearch",
    "postgresql",
    # The framework, named with its version when the development server starts.
    "django",
    # Keys as printed on a keyboard (the admin's shortcuts dialog).
    "ctrl",
    "alt",
    "shift",
    "esc",
    "cmd",
    "enter",
    "tab",
}
# A run of letters and digits; one with a digit is a number or a code
# (JZ2026000123, a 核验码), not a word.
TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’]*")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
ADDRESS = re.compile(r"\S*[/@]\S*|\S+\.(?:pdf|xlsx|csv|docx?|png|jpe?g)\b", re.I)
PLACEHOLDERS = re.compile(
    r"\bNone\b|%\(\w+\)[sd]|%[sd]\b|\{\{|\{%|\{\w+\}|\bundefined\b|\bNaN\b"
)
SHOWN_ATTRIBUTES = {
    "title",
    "placeholder",
    "aria-label",
    "alt",
    "aria-description",
    "data-w-tooltip-content-value",
}
SILENT = {"script", "style", "noscript", "svg", "code", "pre", "textarea"}

User = get_user_model()


class _Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.silent = 0

    def handle_starttag(self, tag, attrs):
        if tag in SILENT:
            self.silent += 1
        attrs = dict(attrs)
        for name in SHOWN_ATTRIBUTES:
            if attrs.get(name):
                self.parts.append(attrs[name])
        if tag == "input" and attrs.get("type") in {"submit", "button"}:
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in SILENT and self.silent:
            self.silent -= 1

    def handle_data(self, data):
        if not self.silent:
            self.parts.append(data)


def visible_text(html: str) -> list[str]:
    parser = _Visible()
    parser.feed(html)
    return [part.strip() for part in parser.parts if part.strip()]


LINK = re.compile(
    r"""\b(?:href|src|action|formaction)\s*=\s*["']?((?:https?:)?//[^/"'\s>]+)""", re.I
)
OWN_HOSTS = {"testserver", "localhost", "127.0.0.1"}
# Any address in the page, scripts' data included (the admin's menus are JSON).
ANY_URL = re.compile(r"""https?:(?:\\?/){2}([A-Za-z0-9.-]+)""")
NAMESPACES = {"www.w3.org"}  # XML namespaces (SVG), never fetched


def outside_links(html: str) -> list[str]:
    """Links and resources on another host: an intranet site names none."""
    found = []
    for match in LINK.finditer(html):
        host = match.group(1).split("//", 1)[1].split(":")[0].lower()
        if host not in OWN_HOSTS:
            found.append(f"link to {match.group(1)}")
    for match in ANY_URL.finditer(html):
        host = match.group(1).lower()
        if host not in OWN_HOSTS | NAMESPACES:
            found.append(f"address of {host}")
    return found


def strays(html: str, allowed: set[str]) -> list[str]:
    found = outside_links(html)
    for text in visible_text(html):
        for match in PLACEHOLDERS.finditer(text):
            found.append(f"{match.group(0)!r} in {text[:80]!r}")
        bare = ADDRESS.sub(" ", text)
        for word in TOKEN.findall(bare):
            if len(word) < 2 or any(c.isdigit() for c in word):
                continue
            if word.lower().strip("'’") not in allowed:
                found.append(f"{word!r} in {text[:80]!r}")
    return found


@pytest.fixture(scope="module")
def county(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield _allowed_data()
        transaction.set_rollback(True)
    cache.clear()


def _allowed_data() -> set[str]:
    """The county's own data written in Latin letters: usernames, codes, slugs."""
    from wagtail.models import Page

    from cases.models import ArchiveCategory
    from portal.models import (
        AssistanceType,
        Department,
        PrintEdition,
        ServicePoint,
        Township,
        Village,
    )

    words = set()
    values = [
        *User.objects.values_list("username", flat=True),
        *Page.objects.values_list("slug", flat=True),
        # 核验码: random letters (and digits) printed beside the QR code.
        *PrintEdition.objects.values_list("code", flat=True),
        *(
            code
            for model in (
                AssistanceType,
                Department,
                ServicePoint,
                Township,
                Village,
                # 档案类别代码 (YW, RC, CW): written into every archive number.
                ArchiveCategory,
            )
            for code in model.objects.values_list("code", flat=True)
        ),
    ]
    for value in values:
        words.update(w.lower() for w in WORD.findall(value))
    return words | TERMS


def _client(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def _get(client: Client, path: str) -> str:
    response = client.get(path, follow=True)
    assert response.status_code in {200, 403, 404}, (path, response.status_code)
    content_type = response.get("Content-Type", "")
    if not content_type.startswith("text/html"):
        return ""
    return response.content.decode()


def _public_paths() -> list[str]:
    from portal.models import PolicyPage, ServiceGuidePage

    policy = PolicyPage.objects.live().order_by("pk").first()
    guide = ServiceGuidePage.objects.live().order_by("pk").first()
    return [
        "/",
        "/policies/",
        policy.url,
        policy.url + "print/",
        "/guides/",
        guide.url,
        guide.url + "print/",
        "/complaints/",
        "/service-points/",
        "/search/?q=低保",
        "/progress/",
        "/no-such-page/",
        "/admin/login/",
        reverse("wagtailadmin_password_reset"),
    ]


def _admin_paths() -> list[str]:
    from wagtail.models import Page

    from portal.models import PolicyPage

    policy = PolicyPage.objects.live().order_by("pk").first()
    root = Page.objects.get(depth=2)
    return [
        reverse("wagtailadmin_home"),
        reverse("wagtailadmin_explore", args=[root.pk]),
        reverse("wagtailadmin_explore", args=[root.pk]) + "?q=低保",
        reverse("wagtailadmin_explore", args=[root.pk]) + "?q=低保&search_all=1",
        reverse("wagtailadmin_pages:search") + "?q=低保",
        reverse("wagtailadmin_pages:edit", args=[policy.pk]),
        reverse("wagtailadmin_pages:history", args=[policy.pk]),
        reverse("wagtailadmin_account"),
        reverse("wagtailadmin_reports:workflow"),
        reverse("wagtailadmin_reports:workflow_tasks"),
        reverse("wagtailadmin_reports:site_history"),
        reverse("wagtailadmin_reports:aging_pages"),
        reverse("wagtailusers_users:index"),
        reverse("wagtailusers_groups:index"),
        reverse("wagtailsites:index"),
        reverse("wagtailredirects:index"),
        reverse("wagtailsnippets:index"),
        reverse("wagtailsnippets_portal_township:list"),
        reverse("wagtailsnippets_portal_servicepoint:list"),
        reverse("wagtaildocs:index"),
        reverse("wagtailimages:index"),
        reverse("cases_case_modeladmin_index"),
        reverse("cases_complaint_modeladmin_index"),
        reverse("cases_referral_modeladmin_index"),
        reverse("cases_my_work"),
        reverse("cases_stats"),
        reverse("archive_search") + "?q=低保",
        reverse("offline_dashboard"),
    ]


ROLES = {
    "editor": "demo-editor",
    "moderator": "demo-moderator",
    "clerk": "demo-clerk-1",
    "reviewer": "demo-reviewer",
    "auditor": "demo-auditor",
    "superuser": "admin",
}


@pytest.mark.django_db
def test_public_pages_speak_only_chinese(county):
    client = _client(None)
    found = {path: strays(_get(client, path), county) for path in _public_paths()}
    found = {path: words for path, words in found.items() if words}
    assert not found, _report(found)


@pytest.mark.django_db
@pytest.mark.parametrize("role", list(ROLES))
def test_admin_screens_speak_only_chinese(county, role):
    client = _client(ROLES[role])
    found = {path: strays(_get(client, path), county) for path in _admin_paths()}
    found = {path: words for path, words in found.items() if words}
    assert not found, _report(found)


def _report(found: dict[str, list[str]]) -> str:
    lines = []
    for path, words in found.items():
        lines.append(path)
        lines.extend(f"    {word}" for word in sorted(set(words))[:40])
    return "\n".join(lines)


# In plain text, what is quoted in backticks is typed, not read (a command, a
# setting's name, a module path): like <code> in a page, it is not scanned.
LITERAL = re.compile(r"`([^`\n]+)`")


def text_strays(text: str, allowed: set[str]) -> list[str]:
    """The same check over plain text (an e-mail, a PDF, a command's output)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;")
    html = "<p>" + LITERAL.sub(r"<code>\1</code>", escaped) + "</p>"
    return strays(html, allowed)


@pytest.mark.django_db
def test_password_reset_email_is_in_chinese(county, client, mailoutbox):
    user = User.objects.get(username="demo-editor")
    user.email = "editor@example.gov.cn"
    user.save(update_fields=["email"])
    response = client.post(
        reverse("wagtailadmin_password_reset"), {"email": user.email}
    )
    assert response.status_code == 302
    (message,) = mailoutbox
    found = _mail_strays(message, county)
    assert not found, found


@pytest.mark.django_db
def test_workflow_notification_emails_are_in_chinese(county, mailoutbox):
    from portal.models import PolicyPage

    editor = User.objects.get(username="demo-editor")
    moderators = User.objects.filter(username="demo-moderator")
    moderators.update(email="moderator@example.gov.cn")
    page = PolicyPage.objects.live().order_by("pk").first()
    page.title = page.title + "（修订）"
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    assert mailoutbox, "no notification sent"
    for message in mailoutbox:
        found = _mail_strays(message, county)
        assert not found, found


@pytest.mark.django_db
def test_poster_pdf_text_is_in_chinese(county):
    from io import BytesIO

    import pypdf

    from portal.models import ServiceGuidePage
    from tests.portal.printing import require_pdf_renderer

    require_pdf_renderer()
    guide = ServiceGuidePage.objects.live().order_by("pk").first()
    response = Client().get(guide.url + "poster.pdf")
    assert response.status_code == 200
    reader = pypdf.PdfReader(BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    found = text_strays(text, county)
    assert not found, found


@pytest.mark.django_db
def test_commands_speak_chinese(county, capsys):
    """What the project's own commands print for an operator."""
    for name, args in (
        ("check_posters", []),
        ("check_windows", []),
        ("check_deadlines", []),
        ("verify_history", []),
        ("archive_index", ["status"]),
        ("offline_sync_report", []),
    ):
        try:
            call_command(name, *args)
        except SystemExit:
            pass
        out = capsys.readouterr()
        found = text_strays(out.out + "\n" + out.err, county)
        assert not found, (name, found)


def _mail_strays(message, allowed: set[str]) -> list[str]:
    """The subject and text of an e-mail, and its HTML part when it has one."""
    found = text_strays(message.subject + "\n" + message.body, allowed)
    for content, mimetype in getattr(message, "alternatives", []):
        if mimetype == "text/html":
            found += strays(content, allowed)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_workflow_decision_emails_are_in_chinese(county, mailoutbox, decision):
    """What the editor is sent when the moderator approves or rejects (text and
    HTML parts), and what the other reviewers are told."""
    from portal.models import PolicyPage

    editor = User.objects.get(username="demo-editor")
    User.objects.filter(username="demo-editor").update(email="editor@example.gov.cn")
    moderator = User.objects.get(username="demo-moderator")
    User.objects.filter(username="demo-moderator").update(
        email="moderator@example.gov.cn"
    )
    editor.refresh_from_db()
    page = PolicyPage.objects.live().order_by("pk").first()
    page.title = page.title + "（修订）"
    page.save_revision(user=editor)
    workflow_state = page.get_workflow().start(page, editor)
    mailoutbox.clear()
    task_state = workflow_state.current_task_state.specific
    task_state.task.specific.on_action(
        task_state, moderator, decision, comment="请按规定办理。"
    )
    assert mailoutbox, f"no e-mail on {decision}"
    for message in mailoutbox:
        found = _mail_strays(message, county)
        assert not found, (message.subject, found)
