"""Re-tokenise the database backend's archive index: 繁体 is now indexed as 简体.

The tokenizer (core.cjk) folds traditional characters into simplified ones
before cutting bigrams, for stored text and queries alike. Tokens written by
the earlier rule would keep a record written in 繁体 out of reach of every
query, so they are written again from the stored rows, in batches, with a
progress line per batch. Elasticsearch keeps its own index: rebuild it with
``manage.py archive_index rebuild`` (docs/search.md).
"""

import sys

from django.db import migrations

BATCH = 2000


def retokenise(apps, schema_editor):
    from search.backends.database import DIALECTS, retokenise as rewrite

    if schema_editor.connection.vendor not in DIALECTS:
        return
    documents = apps.get_model("archive_search", "SearchDocument").objects
    total = documents.count()
    if not total:
        return
    done = 0

    def progress(step):
        nonlocal done
        done += step
        sys.stdout.write(f"\n  Re-tokenising the archive index: {done}/{total}")
        sys.stdout.flush()

    rewrite(documents.all(), batch_size=BATCH, progress=progress)


class Migration(migrations.Migration):
    dependencies = [
        ("archive_search", "0002_searchdocument_as_of"),
    ]

    # Backwards: the tokens stay simplified; `archive_index rebuild` under the
    # earlier code writes them by its own rule.
    operations = [migrations.RunPython(retokenise, migrations.RunPython.noop)]
