"""Text that no database can store: NUL characters (PostgreSQL rejects them) and unpaired UTF-16
surrogates (not encodable as UTF-8). Writes and filters refuse them with a field-level error instead
of failing in the database driver."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _


def unstorable_text(value: Any) -> str | None:
    """The reason `value` (a string, or a list/dict holding strings) cannot be stored, else None."""
    if isinstance(value, str):
        if "\x00" in value:
            return _("Text must not contain NUL (0x00) characters.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return _("Text must be valid Unicode (it contains an unpaired surrogate).")
        return None
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, list | tuple):
        for item in value:
            reason = unstorable_text(item)
            if reason:
                return reason
    return None


def localized(en: str, zh_hans: str = "", zh_hant: str = "") -> str:
    """The name an administrator gave in the active language, falling back to English."""

    lang = get_language() or "en"
    if lang == "zh-hans" and zh_hans:
        return zh_hans
    if lang == "zh-hant" and zh_hant:
        return zh_hant
    return en


def parse_assignments(text: str) -> dict[str, str]:
    """“region=12” lines into {"region": "12"} (blank and malformed lines are skipped)."""
    out: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip():
            out[key.strip()] = value.strip()
    return out


def plural_slug(key: str) -> str:
    """The English plural of an object key's last word, for API paths: opportunity → opportunities,
    price_book → price_books, address → addresses, booth → booths."""
    head, _sep, word = key.rpartition("_")
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        word = word[:-1] + "ies"
    elif word.endswith(("s", "x", "z", "ch", "sh")):
        word += "es"
    else:
        word += "s"
    return f"{head}_{word}" if head else word
