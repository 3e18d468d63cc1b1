"""拼音网址: pages whose slug is Chinese get the pinyin one new pages get
(portal/slugs.py), and their old addresses, and those of the pages below them,
redirect permanently (301) to the page through Wagtail's redirects.

Pages are taken parents first, so a child's new url_path is built on its
parent's new one. The page's revisions carry the new slug too: publishing an
older draft later must not bring the Chinese address back. The page cache
starts a new generation. Going back leaves the pinyin addresses (and the
redirects) in place.
"""

from django.db import migrations

from portal.slugs import pinyin_slug, unique_slug

STEPLEN = 4  # treebeard's path step, as Wagtail's Page uses it
OLD_PATH_MAX = 255  # Redirect.old_path


def _old_path(url_path: str, root_url_path: str) -> str | None:
    """The path a visitor typed on that site, as Redirect.normalise_path keeps it
    (no trailing slash, characters unescaped)."""
    if not url_path.startswith(root_url_path):
        return None
    path = "/" + url_path[len(root_url_path) :]
    return path.rstrip("/") or "/"


def forwards(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Revision = apps.get_model("wagtailcore", "Revision")
    Redirect = apps.get_model("wagtailredirects", "Redirect")
    ContentType = apps.get_model("contenttypes", "ContentType")

    new_url_paths: dict[str, str] = {}  # tree path -> new url_path
    moved: list[tuple[object, str]] = []  # (page, old url_path)
    renamed: list[tuple[int, str, str]] = []  # (page id, old slug, new slug)
    for page in Page.objects.order_by("path").only("id", "path", "depth", "slug", "title", "url_path"):
        parent_path = page.path[:-STEPLEN]
        parent_url = new_url_paths.get(parent_path)
        slug = page.slug
        if page.depth > 1 and not slug.isascii():
            taken = set(
                Page.objects.filter(depth=page.depth, path__startswith=parent_path)
                .exclude(pk=page.pk)
                .values_list("slug", flat=True)
            )
            base = pinyin_slug(slug) or pinyin_slug(page.title) or f"page-{page.pk}"
            slug = unique_slug(base, taken)
            renamed.append((page.pk, page.slug, slug))
        if page.depth == 1:
            url_path = "/"
        elif parent_url is not None:
            url_path = parent_url + slug + "/"
        else:
            url_path = page.url_path
        new_url_paths[page.path] = url_path
        if slug != page.slug or url_path != page.url_path:
            moved.append((page, page.url_path))
            Page.objects.filter(pk=page.pk).update(slug=slug, url_path=url_path)

    if not moved:
        return
    # Pages kept by the page cache under their old addresses are stale now.
    from portal.page_cache import new_generation

    new_generation()

    page_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    for pk, old_slug, new_slug in renamed:
        for revision in Revision.objects.filter(
            base_content_type=page_type, object_id=str(pk)
        ):
            content = revision.content or {}
            if content.get("slug") == old_slug:
                content["slug"] = new_slug
                Revision.objects.filter(pk=revision.pk).update(content=content)

    sites = [
        (site, Page.objects.get(pk=site.root_page_id)) for site in Site.objects.all()
    ]
    for page, old_url_path in moved:
        for site, root in sites:
            # The root's own url_path may have changed: compare with the old one.
            root_old = next(
                (old for moved_page, old in moved if moved_page.pk == root.pk),
                root.url_path,
            )
            old_path = _old_path(old_url_path, root_old)
            if old_path is None or old_path == "/" or len(old_path) > OLD_PATH_MAX:
                continue
            Redirect.objects.get_or_create(
                site=site,
                old_path=old_path,
                defaults={
                    "redirect_page_id": page.pk,
                    "is_permanent": True,
                    "automatically_created": True,
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0010_search_synonyms"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
