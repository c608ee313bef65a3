"""The history app's periodic job: records in the recycle bin longer than the retention go for good."""

import datetime

from django.utils.translation import gettext_lazy as _

from guanxi.core.registry import Job, add_job

from .tasks import purge_recycle_bin

add_job(
    Job(
        "recycle_bin_purge",
        _("Empty the recycle bin of records past the retention"),
        purge_recycle_bin,
        datetime.timedelta(hours=24),
    )
)
