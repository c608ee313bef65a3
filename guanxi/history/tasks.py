"""Background jobs of the history app."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from guanxi.core import registry
from guanxi.core.actor import SYSTEM


def purge_recycle_bin(days: int | None = None) -> int:
    """Remove for good the records that sat in the recycle bin longer than the retention."""
    cutoff = timezone.now() - datetime.timedelta(
        days=days if days is not None else settings.GUANXI_RECYCLE_RETENTION_DAYS
    )
    purged = 0
    registry.sync()  # outside a request: load the custom objects another process defined
    for ot in registry.all_types():
        for obj in ot.all_records().filter(deleted_at__lt=cutoff).iterator():
            ot.service.purge(obj, actor=SYSTEM)
            purged += 1
    return purged


@task()
def purge_recycle_bin_task() -> int:
    return purge_recycle_bin()
