"""archive_index rebuild|sync|status|snapshot — keep the archive index in step.

- rebuild: build every document from the database into a fresh index and swap it
  in (Elasticsearch: new versioned index behind the alias; database: one
  transaction), with a progress bar. Outbox entries written before the rebuild
  began are covered by it and removed.
- sync: apply every waiting outbox entry now (after Elasticsearch was down),
  without waiting for the jobs' next try. Entries are otherwise applied by a
  background job that ``manage.py db_worker`` runs (search/tasks.py).
- status: the backlog, the number of documents in the index and in the database.
  Exits 1 when they differ or updates are waiting, so scripts can alert on it.
- snapshot: JSON of what a backup drill compares (scripts/backup_drill.sh): rows
  per table of the case module, documents in the index and expected, and the
  answers (total, facets, newest keys) to a few searches.
"""

import json
import sys
import time

from django.apps import apps
from django.core.management import CommandError

from core.commands import ChineseCommand
from search import parallel, sources
from search.backends import BackendUnavailable, get_search_backend
from search.indexing import backlog, drain
from search.models import OutboxEntry
from search.query import SearchQuery

# Searches a drill repeats on both copies when none are given: everything (with
# every facet), and words from nearly every case's text.
DRILL_QUERIES = ["", "救助", "申请", "受理", "困难"]


# What an operator reads: the backend in words (Elasticsearch is its own name).
BACKEND_LABELS = {"database": "数据库内置检索", "elasticsearch": "Elasticsearch"}


def _label(backend) -> str:
    return BACKEND_LABELS.get(backend.name, backend.name)


class Progress:
    """A one-line progress bar on stderr: done / total, rate, time left."""

    def __init__(self, label: str, total: int, stream=sys.stderr):
        self.label, self.total, self.stream = label, max(total, 1), stream
        self.done, self.started, self.shown = 0, time.monotonic(), 0.0

    def __call__(self, step: int) -> None:
        self.done += step
        now = time.monotonic()
        if now - self.shown < 0.2 and self.done < self.total:
            return
        self.shown = now
        rate = self.done / max(now - self.started, 1e-6)
        share = min(self.done / self.total, 1.0)
        bar = "#" * int(share * 30)
        left = (self.total - self.done) / rate if rate else 0
        self.stream.write(
            f"\r{self.label} [{bar:<30}] {self.done:,}/{self.total:,} "
            f"{share:6.1%} {rate:,.0f}/s 剩余 {left:,.0f}s "
        )
        self.stream.flush()

    def finish(self) -> float:
        self.stream.write("\n")
        return time.monotonic() - self.started


class Command(ChineseCommand):
    help = "档案检索索引：重建、补同步、查看状态或输出演练快照。"

    def add_arguments(self, parser):
        parser.add_argument(
            "action",
            choices=["rebuild", "sync", "status", "snapshot"],
            metavar="操作",
            help=(
                "rebuild 重建整个索引；sync 立即应用待更新的条目；"
                "status 报告待更新条数和索引、数据库的文档数；"
                "snapshot 输出备份演练比对用的 JSON"
            ),
        )
        parser.add_argument(
            "--batch", type=int, default=2000, metavar="条数", help="每批处理的文档数"
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=0,
            metavar="进程数",
            help=(
                "rebuild：并行生成文档的进程数（仅 PostgreSQL 数据库；默认："
                f"文档不少于 {parallel.MIN_DOCUMENTS:,} 条时按处理器核数，否则 1）"
            ),
        )
        parser.add_argument(
            "--query",
            action="append",
            default=None,
            metavar="检索词",
            help="snapshot：要回答的检索（可给多个；默认几个常用词）",
        )
        parser.add_argument(
            "--top",
            type=int,
            default=20,
            metavar="条数",
            help="snapshot：列出最新命中的前几条的编号",
        )

    def handle(self, *args, action, batch, **options):
        backend = get_search_backend()
        self.options = options
        try:
            getattr(self, action)(backend, batch)
        except BackendUnavailable as error:
            raise CommandError(
                f"检索后端（{_label(backend)}）无法连接：{error}"
            ) from error

    def rebuild(self, backend, batch):
        # Entries up to here are reflected in what the rebuild reads.
        covered = (
            OutboxEntry.objects.order_by("-pk").values_list("pk", flat=True).first()
        )
        expected = sources.count()
        workers = self.options["workers"] or (
            parallel.default_workers() if expected >= parallel.MIN_DOCUMENTS else 1
        )
        if not parallel.usable(workers):
            workers = 1
        label = f"重建索引（{_label(backend)}" + (
            f"，{workers} 个进程）" if workers > 1 else "）"
        )
        progress = Progress(label, expected, self.stderr._out)
        done = backend.rebuild(sources.all_docs(batch), progress, workers=workers)
        seconds = progress.finish()
        if covered:
            OutboxEntry.objects.filter(pk__lte=covered).delete()
        self.stdout.write(
            f"已重建 {done:,} 条，用时 {seconds:.1f} 秒"
            f"（{done / max(seconds, 1e-6):,.0f} 条/秒）。"
        )

    def sync(self, backend, batch):
        waiting = backlog()
        progress = Progress(f"同步索引（{_label(backend)}）", waiting, self.stderr._out)
        result = drain(backend=backend, progress=progress)
        progress.finish()
        if result.error:
            raise CommandError(f"同步中断，尚有 {backlog():,} 条待更新：{result.error}")
        self.stdout.write(
            f"已应用 {result.entries:,} 条待更新"
            f"（写入 {result.indexed:,} 条，删除 {result.deleted:,} 条）。"
        )

    def status(self, backend, batch):
        waiting = backlog()
        expected = sources.count()
        try:
            indexed = backend.count()
        except BackendUnavailable as error:
            indexed = None
            unreachable = str(error)[:200]
        oldest = OutboxEntry.objects.order_by("pk").first()
        self.stdout.write(f"后端：{_label(backend)}")
        self.stdout.write(f"数据库应有文档：{expected:,}")
        if indexed is None:
            self.stdout.write(f"索引中文档：无法连接检索后端（{unreachable}）")
        else:
            self.stdout.write(f"索引中文档：{indexed:,}")
        self.stdout.write(f"待更新（积压）：{waiting:,}")
        if oldest is not None:
            self.stdout.write(
                f"最早一条登记于 {oldest.created_at:%Y-%m-%d %H:%M:%S}，"
                f"已尝试 {oldest.attempts} 次：{oldest.last_error[:200] or '—'}"
            )
        if waiting or expected != indexed:
            sys.exit(1)

    def snapshot(self, backend, batch):
        """Facts two copies of the database and their indexes must share.

        Answers are newest first, an order every backend gives alike, so a copy
        indexed by another backend is compared too. The backend's name and the
        backlog go to stderr: they may differ without anything being wrong.
        """
        records = {
            model._meta.db_table: model._default_manager.count()
            for model in apps.get_app_config("cases").get_models(
                include_auto_created=True
            )
        }
        answers = {}
        for text in self.options["query"] or DRILL_QUERIES:
            found = backend.search(
                SearchQuery(text=text, sort="newest", page_size=self.options["top"])
            )
            answers[text] = {
                "total": found.total,
                "newest": [hit.key for hit in found.hits],
                "facets": found.facets,
            }
        facts = {
            "records": records,
            "documents": backend.count(),
            "expected": sources.count(),
            "answers": answers,
        }
        self.stderr.write(f"后端：{_label(backend)}；待更新（积压）：{backlog():,}")
        self.stdout.write(
            json.dumps(facts, ensure_ascii=False, indent=1, sort_keys=True)
        )
