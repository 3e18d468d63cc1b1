"""The demo the browser tests start from, put back from the process's copy
(tests/factories/demo_content.py), is the demo ``seed_demo`` makes."""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from wagtail.models import Page

from cases.models import CaseAttachment
from portal.models import HomePage, Township
from tests.factories import demo_content

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def between_two_tests() -> None:
    """What pytest-django does after one transactional test and before the
    next: flush, then load what the migrations wrote (serialized rollback)."""
    call_command(
        "flush",
        verbosity=0,
        interactive=False,
        reset_sequences=False,
        allow_cascade=False,
        inhibit_post_migrate=True,
    )
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


def _plain(value):
    return bytes(value) if isinstance(value, memoryview) else value


def everything() -> dict:
    """Every row of every table (the shared cache's entries aside), each
    sequence's position, and the bytes of every attachment file."""
    quote = connection.ops.quote_name
    skip = {settings.CACHES["shared"]["LOCATION"]}
    tables = sorted(set(connection.introspection.table_names()) - skip)
    found = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            rows = [tuple(_plain(value) for value in row) for row in cursor]
            found[table] = sorted(rows, key=repr)
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, seq FROM sqlite_sequence")
            found["(sequences)"] = sorted(cursor.fetchall())
        else:
            cursor.execute(
                "SELECT relname FROM pg_class WHERE relkind = 'S' "
                "AND relnamespace = 'public'::regnamespace"
            )
            sequences = {}
            for (name,) in cursor.fetchall():
                cursor.execute(f"SELECT last_value, is_called FROM {quote(name)}")  # noqa: S608
                sequences[name] = cursor.fetchone()
            found["(sequences)"] = sequences
    found["(files)"] = attachment_files()
    return found


def attachment_files() -> dict[str, bytes]:
    storage = CaseAttachment._meta.get_field("file").storage
    files = {}
    for name in CaseAttachment.objects.order_by("pk").values_list("file", flat=True):
        with storage.open(name, "rb") as stored:
            files[name] = stored.read()
    return files


def rows_per_model_table() -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.django_table_names(only_existing=True):
            cursor.execute(f"SELECT count(*) FROM {quote(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def page_tree() -> list[tuple]:
    return [
        (p.url_path, p.title, p.content_type.model, p.live, p.has_unpublished_changes)
        for p in Page.objects.order_by("path").select_related("content_type")
    ]


def test_demo_put_back_is_row_for_row_the_one_seeding_made():
    demo_content.forget()
    assert demo_content.put_demo_in_place() == "seeded"
    seeded = everything()
    assert seeded["(files)"], "the demo has attachment files"
    between_two_tests()

    assert demo_content.put_demo_in_place() == "restored"

    assert everything() == seeded
    # The tree is whole, new rows get new ids, the site answers.
    assert not any(Page.find_problems())
    home = HomePage.objects.get()
    top = max(Page.objects.values_list("pk", flat=True))
    child = home.add_child(instance=Page(title="新栏目", slug="xin-lanmu"))
    assert child.pk > top
    assert Township.objects.create(code="new", name="新乡").pk > max(
        pk for (pk, *_rest) in seeded[Township._meta.db_table]
    )
    assert Client().get("/").status_code == 200


def test_files_removed_after_seeding_are_written_again():
    demo_content.put_demo_in_place()
    files = attachment_files()
    between_two_tests()
    storage = CaseAttachment._meta.get_field("file").storage
    for name in files:
        storage.delete(name)

    assert demo_content.put_demo_in_place() == "restored"

    assert attachment_files() == files


def test_demo_put_back_has_the_rows_and_pages_seeding_makes_now():
    demo_content.put_demo_in_place()
    between_two_tests()
    assert demo_content.put_demo_in_place() == "restored"
    restored, restored_tree = rows_per_model_table(), page_tree()
    restored_files = sorted(attachment_files().values())
    between_two_tests()

    call_command("seed_demo", verbosity=0)

    assert rows_per_model_table() == restored
    assert page_tree() == restored_tree
    assert sorted(attachment_files().values()) == restored_files
