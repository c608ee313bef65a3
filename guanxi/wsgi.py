"""WSGI entry point for waitress (`guanxi serve`) or gunicorn in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanxi.settings.dev")
application = get_wsgi_application()
