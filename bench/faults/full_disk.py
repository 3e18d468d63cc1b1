"""Fault injection: a media disk that really fills up during document uploads.

    python bench/faults/full_disk.py          # as root: mounts a 1 MiB tmpfs

Mounts a small tmpfs as MEDIA_ROOT, then uploads 200 KiB PDF documents through
the admin (Django's test client, the whole middleware and Wagtail's views) as a
superuser until the disk is full, and a replacement of the first document's file
on the full disk. Checks: every refused upload answered 507 with the Chinese
message, every stored document's file is complete on disk, no file without a
document (no partial file), and the replaced document still has its old file.
The database (--database-url, default the pg_restart one) must be migrated; the
documents made are deleted afterwards and the tmpfs unmounted. ``--smoke`` (make
bench-smoke): 100 KiB files on a 512 KiB tmpfs, its own database (a copy of the
smoke template, or made and migrated), static files from the source folders; not
as root it skips, saying so.
"""

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "bench"))  # common.py
import common  # noqa: E402
from common import add_save_option, save_result  # noqa: E402

MESSAGE = "服务器存储空间已满"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database-url", default="postgres://faults:faults@127.0.0.1:5440/faults"
    )
    parser.add_argument("--size", default="1m", help="tmpfs size")
    parser.add_argument("--file-kib", type=int, default=200)
    add_save_option(parser)
    common.add_smoke_option(parser)
    args = common.parse(parser, argv)
    if args.smoke:
        args.size, args.file_kib = "512k", 100
    return args


def main() -> int:
    args = parse_args()
    if os.geteuid() != 0:
        if not args.smoke:
            sys.exit("this benchmark mounts a tmpfs: run it as root")
        common.skip("full media disk", "mounting a tmpfs needs root")
        common.emit("full_disk", {})
        return 0
    if args.smoke:
        common.fresh_database(args.database_url)
    media = Path(tempfile.mkdtemp(prefix="faults-fulldisk-"))
    mounted = subprocess.run(  # noqa: S603
        ["mount", "-t", "tmpfs", "-o", f"size={args.size}", "tmpfs", str(media)],  # noqa: S607
        check=False,
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        media.rmdir()
        why = f"cannot mount a tmpfs here: {mounted.stderr.strip()[:200]}"
        if not args.smoke:
            sys.exit(why)
        common.skip("full media disk", why)  # a container without CAP_SYS_ADMIN
        common.emit("full_disk", {})
        return 0
    try:
        return run(args, media)
    finally:
        subprocess.run(["umount", str(media)], check=True)  # noqa: S603, S607
        media.rmdir()


def run(args, media: Path) -> int:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="faults-" + uuid.uuid4().hex + uuid.uuid4().hex,
        HISTORY_HMAC_KEYS="faults:" + uuid.uuid4().hex + uuid.uuid4().hex,
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
        SEARCH_BACKEND="database",
        DATABASE_URL=args.database_url,
        MEDIA_ROOT=str(media),
        STATIC_ROOT=str(ROOT / "var" / "faults" / "static"),
        LOG_LEVEL="CRITICAL",
    )
    if args.smoke:  # static files from the source folders: no collectstatic
        os.environ.update(common.smoke_server_env())
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if args.smoke:
        common.migrate_and_seed(seed=False)  # nothing to do on a template's copy
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    from portal.accounts.twofactor import ensure_device

    Document = get_document_model()
    user, _ = get_user_model().objects.get_or_create(
        username="faults-full-disk", defaults={"is_superuser": True, "is_staff": True}
    )
    # A superuser signs in with the second factor: a forced login alone is sent
    # to the code page (HTTP 302, which the upload loop took for a stored file).
    ensure_device(user, key_hex=uuid.uuid4().hex + uuid.uuid4().hex[:8])
    client = Client(raise_request_exception=False, SERVER_NAME="testserver")
    common.login(client, user)
    collection = Collection.get_first_root_node().pk
    body = b"%PDF-1.4\n" + os.urandom(args.file_kib * 1024)
    answers, made = [], []
    try:
        for i in range(1000):
            response = client.post(
                "/admin/documents/add/",
                {
                    "title": f"满盘演练{i}",
                    "file": SimpleUploadedFile(f"full-{i}.pdf", body),
                    "collection": collection,
                },
            )
            answers.append(response.status_code)
            if response.status_code == 302:
                stored = Document.objects.filter(title=f"满盘演练{i}").first()
                if stored is None:
                    sys.exit(
                        f"upload {i}: 302 to {response['Location']}, nothing stored"
                    )
                made.append(stored)
                continue
            refused_cleanly = (
                response.status_code == 507 and MESSAGE in response.content.decode()
            )
            break
        first = made[0]
        old_name = first.file.name
        replace = client.post(
            f"/admin/documents/edit/{first.pk}/",
            {
                "title": first.title,
                "file": SimpleUploadedFile("replacement.pdf", body),
                "collection": collection,
            },
        )
        first.refresh_from_db()
        digest = hashlib.sha256(body).hexdigest()
        on_disk = sorted(
            str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()
        )
        records = sorted(d.file.name for d in made)
        complete = all(
            hashlib.sha256((media / name).read_bytes()).hexdigest() == digest
            for name in records
        )
        figures = {
            "tmpfs": args.size,
            "file_kib": args.file_kib,
            "stored_before_full": len(made),
            "answers": {str(s): answers.count(s) for s in sorted(set(answers))},
            "refused_with_507_and_message": refused_cleanly,
            "replace_on_full_disk": replace.status_code,
            "replaced_document_kept_old_file": first.file.name == old_name
            and (media / old_name).exists(),
            "files_on_disk": len(on_disk),
            "files_without_record": sorted(set(on_disk) - set(records)),
            "stored_files_complete": complete,
        }
    finally:
        Document.objects.filter(title__startswith="满盘演练").delete()
        user.delete()
    common.print_figures(figures)
    common.emit("full_disk", figures)
    save_result("faults", args.save, figures, note="full media disk")
    passed = (
        figures["refused_with_507_and_message"]
        and figures["replace_on_full_disk"] == 507
        and figures["replaced_document_kept_old_file"]
        and not figures["files_without_record"]
        and figures["stored_files_complete"]
    )
    print("PASS" if passed else "FAIL")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
