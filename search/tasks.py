"""Background work of the archive index, through Django's task framework."""

from django_tasks import task


@task()
def apply_index_outbox() -> int:
    """Apply the waiting index updates; returns how many entries were taken."""
    from .indexing import apply_outbox

    return apply_outbox().entries
