"""The login level of access control: cool-off after failed sign-ins, the sign-in log, session
lifetime, per-role networks and working hours, and the TOTP second factor (RFC 6238).

Cool-off is counted per username *and* client address, so somebody guessing from elsewhere
cannot lock a user out of their own desk (no lock-out denial of service); an address that fails
for many usernames is slowed down as a whole, except for users known there (this browser signed
them in before, or they signed in from this address lately), so guessing at an office's shared
address does not keep its staff out. Both expire by themselves. Behind a reverse proxy the client
address is the one the trusted proxy reports (GUANXI_TRUSTED_PROXIES), not the proxy's own.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import io
import ipaddress
import secrets
import struct
import time
from typing import Any
from urllib.parse import quote

import segno
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from .models import (
    LoginEvent,
    LoginEventKind,
    LoginPolicy,
    OutsideHours,
    RecoveryCode,
    TotpDevice,
    User,
)
from .scoping import _profile

FULL, READ_ONLY, DENY = "full", "read_only", "deny"
SPRAY_FACTOR = 6  # an address may fail this many times the per-user limit, across usernames
FAILURE_KINDS = (LoginEventKind.FAILURE, LoginEventKind.MFA_FAILURE)


def policy() -> LoginPolicy:
    found: LoginPolicy | None = cache.get("access:login_policy")
    if found is None:
        found = LoginPolicy.objects.first() or LoginPolicy()
        cache.set("access:login_policy", found, 300)
    return found


def forget_policy() -> None:
    cache.delete("access:login_policy")


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the peer's, or behind a proxy named in GUANXI_TRUSTED_PROXIES the
    address that proxy saw (TrustedProxyMiddleware puts it in REMOTE_ADDR; a client cannot forge it)."""
    return request.META.get("REMOTE_ADDR") or None


def record(
    kind: str, request: HttpRequest | None, *, username: str, user: User | None = None, detail: str = ""
) -> LoginEvent:
    return LoginEvent.objects.create(
        kind=kind,
        username=username[:150],
        user=user,
        ip=client_ip(request) if request is not None else None,
        user_agent=(request.META.get("HTTP_USER_AGENT", "") if request is not None else "")[:255],
        detail=detail[:255],
    )


KNOWN_DAYS = 90  # a sign-in from an address within this many days makes the user known there
DEVICE_COOKIE = "gx_device"
DEVICE_SALT = "guanxi.access.device"


def locked_until(
    username: str, ip: str | None, now: datetime.datetime | None = None, *, known: bool = False
) -> datetime.datetime | None:
    """When the cool-off for this username from this address ends, or None. An address that failed
    for many usernames (password spraying, invented names) is slowed down as a whole too, but not
    for a user `known` there (see `known_here`): a colleague at the same office address who types
    the right password is never kept out by someone else's guessing."""
    now = now or timezone.now()
    p = policy()
    window = datetime.timedelta(minutes=p.lockout_minutes)
    recent = LoginEvent.objects.filter(kind__in=FAILURE_KINDS, at__gte=now - window)
    mine = list(recent.filter(username=username, ip=ip).order_by("-at").values_list("at", flat=True)[: p.max_failures])
    ends = []
    if len(mine) >= p.max_failures:
        ends.append(mine[-1] + window)
    if ip is not None and not known:
        spray = p.max_failures * SPRAY_FACTOR
        from_ip = list(recent.filter(ip=ip).order_by("-at").values_list("at", flat=True)[:spray])
        if len(from_ip) >= spray:
            ends.append(from_ip[-1] + window)
    return max(ends) if ends else None


def _device_key(username: str) -> str:
    return hashlib.sha256(username.lower().encode()).hexdigest()[:20]


def known_here(request: HttpRequest, username: str, ip: str | None) -> bool:
    """Whether this user is known at this address: this browser signed them in before (a signed
    device cookie, the OWASP "device cookie" defence), or they signed in from this address lately."""
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    if raw:
        try:
            names = signing.loads(raw, salt=DEVICE_SALT, max_age=KNOWN_DAYS * 86400)
        except signing.BadSignature:
            names = []
        if _device_key(username) in names:
            return True
    if ip is None:
        return False
    since = timezone.now() - datetime.timedelta(days=KNOWN_DAYS)
    return LoginEvent.objects.filter(kind=LoginEventKind.SUCCESS, username=username, ip=ip, at__gte=since).exists()


def remember_device(request: HttpRequest, response: Any, username: str) -> None:
    """After a sign-in: this browser now knows the user (a few users per browser at most)."""
    names: list[str] = []
    raw = request.COOKIES.get(DEVICE_COOKIE, "")
    if raw:
        try:
            names = list(signing.loads(raw, salt=DEVICE_SALT, max_age=KNOWN_DAYS * 86400))
        except signing.BadSignature:
            names = []
    key = _device_key(username)
    names = [key, *(n for n in names if n != key)][:5]
    response.set_cookie(
        DEVICE_COOKIE,
        signing.dumps(names, salt=DEVICE_SALT),
        max_age=KNOWN_DAYS * 86400,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


# --- networks and hours ------------------------------------------------------------------------


def _in_networks(ip: str | None, text: str) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return True
    if ip is None:
        return False
    try:
        addr = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for line in lines:
        try:
            if addr in ipaddress.ip_network(line, strict=False):
                return True
        except ValueError:
            continue
    return False


def _in_hours(weekdays: str, start: datetime.time | None, end: datetime.time | None, now: datetime.datetime) -> bool:
    local = timezone.localtime(now)
    if str(local.isoweekday()) not in (weekdays or "1234567"):
        return False
    if start is None or end is None:
        return True
    t = local.time()
    if start <= end:
        return start <= t < end
    return t >= start or t < end  # overnight shift


def access_window(user: User, ip: str | None, now: datetime.datetime | None = None) -> str:
    """full, read_only or deny for this user from this address now: the most generous of their
    roles (a role outside its network denies; outside its hours, it follows `outside_hours`)."""

    if user.is_superuser:
        return FULL
    now = now or timezone.now()
    roles = _profile(user)["login"]
    if not roles:
        return FULL
    rank = {DENY: 0, READ_ONLY: 1, FULL: 2}
    best = DENY
    for networks, start, end, weekdays, outside in roles:
        if not _in_networks(ip, networks):
            result = DENY
        elif not _in_hours(weekdays, start, end, now):
            result = READ_ONLY if outside == OutsideHours.READ_ONLY else DENY
        else:
            result = FULL
        if rank[result] > rank[best]:
            best = result
    return best


def requires_2fa(user: User) -> bool:

    return bool(_profile(user)["require_2fa"])


# --- TOTP --------------------------------------------------------------------------------------

STEP = 30
DIGITS = 6


def new_secret() -> str:
    return base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")


def hotp(secret: str, counter: int, digits: int = DIGITS, algorithm: str = "sha1") -> str:
    """RFC 4226 HOTP; TOTP is HOTP of the 30-second counter."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    mac = hmac.new(key, struct.pack(">Q", counter), algorithm).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF) % (10**digits)
    return str(code).zfill(digits)


def totp(secret: str, at: float | None = None) -> str:
    return hotp(secret, int((time.time() if at is None else at) // STEP))


def provisioning_uri(user: User, secret: str) -> str:

    label = quote(f"Guanxi:{user.username}")
    return f"otpauth://totp/{label}?secret={secret}&issuer=Guanxi&digits={DIGITS}&period={STEP}"


def qr_svg(uri: str) -> str:

    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="svg", scale=5, border=2, xmldecl=False, svgns=True)
    return out.getvalue().decode()


def _match(secret: str, code: str, after: int, at: float | None = None) -> int | None:
    """The counter a code belongs to (one step of clock drift either way), if newer than `after`."""
    code = "".join(ch for ch in code if ch.isdigit())
    if len(code) != DIGITS:
        return None
    now = int((time.time() if at is None else at) // STEP)
    for counter in (now - 1, now, now + 1):
        if counter > after and hmac.compare_digest(hotp(secret, counter), code):
            return counter
    return None


@transaction.atomic
def verify_totp(user: User, code: str, at: float | None = None) -> bool:
    """A current code that was not used before (a replayed code is refused)."""
    device = TotpDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        return False
    counter = _match(device.secret, code, device.last_counter, at)
    if counter is None:
        return False
    device.last_counter = counter
    device.save(update_fields=["last_counter"])
    return True


@transaction.atomic
def use_recovery_code(user: User, code: str) -> bool:
    digest = hashlib.sha256(code.strip().replace("-", "").lower().encode()).hexdigest()
    row = RecoveryCode.objects.select_for_update().filter(user=user, digest=digest, used_at__isnull=True).first()
    if row is None:
        return False
    row.used_at = timezone.now()
    row.save(update_fields=["used_at"])
    return True


@transaction.atomic
def enrol(user: User, secret: str, code: str, at: float | None = None) -> list[str] | None:
    """Confirm a new authenticator with a code from it; returns ten one-time recovery codes
    (shown once), or None when the code is wrong."""
    counter = _match(secret, code, 0, at)
    if counter is None:
        return None
    TotpDevice.objects.update_or_create(
        user=user, defaults={"secret": secret, "last_counter": counter, "confirmed_at": timezone.now()}
    )
    RecoveryCode.objects.filter(user=user).delete()
    codes = [secrets.token_hex(5) for _ in range(10)]
    RecoveryCode.objects.bulk_create(
        [RecoveryCode(user=user, digest=hashlib.sha256(c.encode()).hexdigest()) for c in codes]
    )
    record(LoginEventKind.MFA_ENROLLED, None, username=user.username, user=user)
    return [f"{c[:5]}-{c[5:]}" for c in codes]


def has_2fa(user: User) -> bool:
    return TotpDevice.objects.filter(user=user).exists()


def session_expired(session: Any, now: float | None = None) -> bool:
    """Idle longer than the policy allows, or signed in longer than its absolute limit."""
    now = time.time() if now is None else now
    p = policy()
    started = session.get("gx_started")
    seen = session.get("gx_seen")
    if started is None or seen is None:
        return False
    return bool(now - seen > p.idle_minutes * 60 or now - started > p.absolute_hours * 3600)
