"""Settings for `guanxi demo` / `guanxi serve` on one machine."""

from . import env
from .base import *  # noqa: F403

# The served product never shows tracebacks unless a developer asks (GUANXI_DEBUG=1 or
# `guanxi serve --debug`).
DEBUG = env.DEBUG

# Serve static files straight from the app folders: no collectstatic needed on one machine.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
