"""Every user-facing string has a Simplified and a Traditional Chinese translation, the compiled
catalogues match the sources, and the pages come out in the user's language."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "scripts"))
import po  # noqa: E402

LANGS = {"zh_Hans": "zh-hans", "zh_Hant": "zh-hant"}
PLACEHOLDER = re.compile(r"\{\w*\}|%\(\w+\)[sd]|%[sd]")
CJK = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")
SAME_IN_CHINESE = {"API", "QQ", "WhatsApp", "Guanxi"}


@pytest.mark.parametrize("lang", LANGS)
def test_catalogue_is_complete_and_placeholders_match(lang: str) -> None:
    entries = [e for e in po.parse(po.catalogue(lang)) if e["msgid"]]
    assert len(entries) > 400
    untranslated = [e["msgid"] for e in entries if not all(e["msgstr"])]
    fuzzy = [e["msgid"] for e in entries if any(c.startswith("#,") and "fuzzy" in c for c in e["comments"])]
    assert not untranslated, f"{len(untranslated)} untranslated, e.g. {untranslated[:5]}"
    assert not fuzzy, f"fuzzy entries: {fuzzy[:5]}"
    for e in entries:
        expected = sorted(PLACEHOLDER.findall(e["msgid"]))
        for form in e["msgstr"]:
            assert sorted(PLACEHOLDER.findall(form)) == expected, (e["msgid"], form)
            # Chinese, except for names that stay as they are.
            assert CJK.search(form) or e["msgid"] in SAME_IN_CHINESE, (e["msgid"], form)


@pytest.mark.parametrize(("lang", "code"), LANGS.items())
def test_compiled_catalogue_matches_the_source(lang: str, code: str) -> None:
    # A stale .mo would show English (or old wording) although the .po is translated.
    entries = [e for e in po.parse(po.catalogue(lang)) if e["msgid"] and "msgid_plural" not in e and "msgctxt" not in e]
    with translation.override(code):
        stale = [e["msgid"] for e in entries if translation.gettext(e["msgid"]) != e["msgstr"][0]]
    assert not stale, f"run compilemessages: {stale[:5]}"


def test_every_string_in_the_code_is_in_the_catalogues(tmp_path: Path) -> None:
    # Extract the messages from a copy of the code and compare with what the catalogues hold.
    copy = tmp_path / "guanxi"
    shutil.copytree(ROOT / "guanxi", copy, ignore=shutil.ignore_patterns("*.mo", "__pycache__", "vendor"))
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "DJANGO_SETTINGS_MODULE": "guanxi.settings.test"}
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-obsolete"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    extracted = {e["msgid"] for e in po.parse(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po") if e["msgid"]}
    assert len(extracted) > 400
    for lang in LANGS:
        have = {e["msgid"] for e in po.parse(po.catalogue(lang)) if e["msgid"]}
        missing = sorted(extracted - have)
        assert not missing, f"{lang}: run makemessages and translate: {missing[:10]}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("code", "words"), [("zh-hans", ["客户", "联系人", "回收站"]), ("zh-hant", ["客戶", "聯絡人", "資源回收筒"])]
)
def test_pages_come_out_in_the_users_language(code: str, words: list[str], org: Any, browser_client: Any) -> None:
    org.rep.language = code
    org.rep.save(update_fields=["language"])
    client = browser_client(org.rep)
    html = client.get("/app/account/").content.decode()
    for word in words:
        assert word in html
    assert f'<html lang="{code}"' in html
