"""Phone numbers: parsed with `phonenumbers`, stored in E.164, looked up in any format."""

from __future__ import annotations

import re

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PHONE_CHARS = re.compile(r"^[\d\s()+\-./]{5,}$")


def parse(raw: str, region: str | None = None) -> phonenumbers.PhoneNumber | None:
    try:
        number = phonenumbers.parse(raw, region or settings.GUANXI_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def normalize_phone(raw: str, region: str | None = None) -> str:
    """E.164 for a phone in any common format; a clear error otherwise."""
    number = parse(raw.strip(), region)
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(_("“{value}” is not a valid phone number.").format(value=raw))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def looks_like_phone(text: str) -> bool:
    return bool(PHONE_CHARS.match(text.strip())) and sum(c.isdigit() for c in text) >= 5


def search_digits(text: str, region: str | None = None) -> str:
    """The digits to look for in the search index: the national number when it parses, else the digits."""
    number = parse(text, region)
    if number is not None:
        return str(number.national_number)
    return re.sub(r"\D", "", text)


def display(e164: str) -> str:
    number = parse(e164)
    if number is None:
        return e164
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == phonenumbers.country_code_for_region(settings.GUANXI_PHONE_REGION)
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)
