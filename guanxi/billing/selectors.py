"""What other apps read from billing: the payments received in a period (for targets)."""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q

from .models import Payment


def payments_between(who: Q, start: datetime.date, end: datetime.date) -> models.QuerySet[Payment]:
    return Payment.objects.filter(who, received_on__range=(start, end))
