"""The one place that reads the environment: every setting that varies by deployment comes from here."""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("GUANXI_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [part.strip() for part in value.split(",") if part.strip()]


DATABASE_URL = env_str("GUANXI_DATABASE_URL", f"sqlite:///{VAR_DIR / 'guanxi.sqlite3'}")
REDIS_URL = env_str("GUANXI_REDIS_URL", "")
SECRET_KEY = env_str("GUANXI_SECRET_KEY", "")
ALLOWED_HOSTS = env_list("GUANXI_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
PHONE_REGION = env_str("GUANXI_PHONE_REGION", "CN")
COMPANY_CURRENCY = env_str("GUANXI_COMPANY_CURRENCY", "CNY")
COMPANY_NAME = env_str("GUANXI_COMPANY_NAME", "Guanxi")
TAX_RATE = env_str("GUANXI_TAX_RATE", "13")
RECYCLE_RETENTION_DAYS = env_int("GUANXI_RECYCLE_RETENTION_DAYS", 30)
ORDER_WINS_DEAL = env_bool("GUANXI_ORDER_WINS_DEAL", True)
TIME_ZONE = env_str("GUANXI_TIME_ZONE", "Asia/Shanghai")
# Reverse proxies (addresses or networks, e.g. 127.0.0.1,10.0.0.0/8) whose X-Forwarded-For and
# X-Forwarded-Proto are believed: the client's address and HTTPS come from them. From anyone else
# those headers are dropped.
TRUSTED_PROXIES = env_list("GUANXI_TRUSTED_PROXIES", [])
# Origins (scheme://host[:port]) besides the site's own that may send forms, e.g. https://crm.example.com:8443
CSRF_TRUSTED_ORIGINS = env_list("GUANXI_CSRF_TRUSTED_ORIGINS", [])
# Tracebacks in the browser: only when a developer asks for them.
DEBUG = env_bool("GUANXI_DEBUG", False)
