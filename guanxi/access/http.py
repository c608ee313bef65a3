"""The request a signed-in page receives: its `user` is a Guanxi user, never anonymous (the view is
behind `login_required` or `admin_required`, or is a panel of a record page), so the access layer's
functions take it without a cast."""

from __future__ import annotations

from django.http import HttpRequest

from .models import User


class AuthedRequest(HttpRequest):
    user: User  # narrower than HttpRequest's AbstractBaseUser | AnonymousUser
