"""Settings for `guanxi demo` / `guanxi serve` on one machine."""

from .base import *  # noqa: F403

DEBUG = True

# Serve static files straight from the app folders: no collectstatic needed on one machine.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
