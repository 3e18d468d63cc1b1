from tests.test_access_matrix import build_county
from django.test import Client
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
def test_dbg(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    ids = build_county().ids
    u = get_user_model().objects.get(username="demo-clerk-1")
    c = Client(); c.force_login(u)
    for p in [f"/admin/pages/21/move/{ids['guide_index']}/confirm/", f"/admin/pages/21/move/3/confirm/",
              "/admin/pages/create/portal/serviceguidepage", f"/admin/pages/workflow/action/{ids['draft']}/approve/{ids['task_state']}/",
              f"/admin/pages/workflow/collect_action_data/{ids['draft']}/approve/{ids['task_state']}/",
              f"/admin/pages/workflow/confirm_cancellation/{ids['draft']}/",
              "/admin/workflows/task_chooser/create/", "/admin/workflows/task_chooser/", f"/admin/workflows/task_chooser/{ids['task']}/",
              "/admin/reports/site-history/", "/admin/pages/21/revisions/", "/admin/bulk/wagtailcore/page/delete/?id=21",
              f"/admin/cases/followup/history/{ids['followup']}/", f"/admin/api/main/documents/{ids['document']}/", "/admin/embeds/chooser/upload/",
              "/admin/snippets/choose/portal/staffprofile/"]:
        r = c.get(p)
        print("PROBE", p, r.status_code, r.get("Location"), [str(m).strip()[:80] for m in get_messages(r.wsgi_request)], r.content[:0])
        if r.status_code == 200 and b"<title" in r.content:
            import re; print("   TITLE", re.search(rb"<title>(.*?)</title>", r.content, re.S).group(1).decode().strip()[:100])
        elif r.status_code == 200: print("   BODY", r.content[:200])
