"""Path converters. `<id:…>` is a row number the database can hold (1 to 18 digits): a longer
number in an address is a page that does not exist (404), not an overflow in the driver."""

from __future__ import annotations

from django.urls import register_converter

MAX_ID = 9_223_372_036_854_775_807  # the largest BIGINT, for the API's numeric path parameters


class RowId:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def register() -> None:
    register_converter(RowId, "id")
