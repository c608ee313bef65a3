"""Settings for the test suite: fast hashing, tasks run immediately, database from GUANXI_DATABASE_URL."""

from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES, VAR_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
MEDIA_ROOT = VAR_DIR / "test-media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file beside the database the URL names, so that two runs with two URLs do not share one.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{Path(DATABASES['default']['NAME']).stem}.sqlite3")}
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A test database needs no durability: commits need not wait for the disk (the suite commits
    # often — transactional tests, live servers).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c synchronous_commit=off"

# Serve static files straight from the app folders: no collectstatic needed on one machine.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
