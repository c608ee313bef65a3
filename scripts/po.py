"""Minimal reader/writer for the project's gettext catalogues (no third-party dependency).

    python scripts/po.py untranslated LANG          # list msgids still missing a translation (JSON)
    python scripts/po.py fill LANG FILE.json        # set translations from {"msgid": "msgstr" | [forms]}
                                                    # ("context\u0004msgid" for an entry with a context)
    python scripts/po.py hant                       # derive zh_Hant from zh_Hans (all of it, every time)

zh_Hant is derived with zhconv (Taiwan usage) and then the overrides below, so translators maintain
one Chinese catalogue and review the Traditional one.
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "guanxi" / "locale"
# zhconv converts characters; these are the words where Traditional-Chinese software (Taiwan usage)
# says it differently. Reviewed by hand; longer entries apply first.
HANT_OVERRIDES = {
    "退出登錄": "登出",
    "審批": "簽核",
    "駁回": "退回",
    "審計日誌": "稽核日誌",
    "審計記錄": "稽核紀錄",
    "登錄": "登入",
    "用戶名": "使用者名稱",
    "用戶": "使用者",
    "聯繫": "聯絡",
    "回收站": "資源回收筒",
    "導出": "匯出",
    "導入": "匯入",
    "令牌": "權杖",
    "自定義": "自訂",
    "文本": "文字",
    "對象": "物件",
    "菜單": "選單",
    "列表": "清單",
    "時間線": "時間軸",
    "默認": "預設",
    "郵箱": "電子郵件",
    "郵件": "電子郵件",
    "文件": "檔案",
    "發送": "傳送",
    "請求頭": "請求標頭",
    "設置": "設定",
    "批量": "批次",
    "查找": "查閱",
    "數據": "資料",
    "獲取": "取得",
    "支持": "支援",
    "信息": "資訊",
    "搜索": "搜尋",
    "視圖": "檢視",
    "保存": "儲存",
    "創建": "建立",
    "新建": "新增",
    "恢復": "還原",
    "添加": "新增",
    "訪問控制": "存取控制",
}
# Applied after the overrides, to undo what two of them do to each other.
HANT_CLEANUP = {"電子電子郵件": "電子郵件"}
# Whole messages whose Taiwan wording is not a word-for-word change.
HANT_EXACT = {"Columns": "欄位", "Column": "欄位"}


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def parse(path: Path) -> list[dict]:
    """Entries as dicts: comments (list of raw lines), msgctxt, msgid, msgid_plural, msgstr (list)."""
    entries: list[dict] = []
    cur: dict = {"comments": [], "msgstr": {}}
    key: tuple[str, int] | None = None

    def flush() -> None:
        nonlocal cur
        if "msgid" in cur:
            n = max(cur["msgstr"]) + 1 if cur["msgstr"] else 1
            cur["msgstr"] = [cur["msgstr"].get(i, "") for i in range(n)]
            entries.append(cur)
        cur = {"comments": [], "msgstr": {}}

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            flush()
            key = None
        elif line.startswith("#"):
            if "msgid" in cur:
                flush()
            cur["comments"].append(raw)
        elif line.startswith("msgctxt "):
            cur["msgctxt"] = _unquote(line[8:])
            key = ("msgctxt", 0)
        elif line.startswith("msgid_plural "):
            cur["msgid_plural"] = _unquote(line[13:])
            key = ("msgid_plural", 0)
        elif line.startswith("msgid "):
            cur["msgid"] = _unquote(line[6:])
            key = ("msgid", 0)
        elif line.startswith("msgstr["):
            idx = int(line[7 : line.index("]")])
            cur["msgstr"][idx] = _unquote(line[line.index("]") + 2 :])
            key = ("msgstr", idx)
        elif line.startswith("msgstr "):
            cur["msgstr"][0] = _unquote(line[7:])
            key = ("msgstr", 0)
        elif line.startswith('"') and key:
            name, idx = key
            if name == "msgstr":
                cur["msgstr"][idx] += _unquote(line)
            else:
                cur[name] += _unquote(line)
    flush()
    return entries


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write(path: Path, entries: list[dict]) -> None:
    out: list[str] = []
    for e in entries:
        out.extend(e["comments"])
        if "msgctxt" in e:
            out.append(f"msgctxt {_quote(e['msgctxt'])}")
        if e["msgid"] == "" and "\n" in e["msgstr"][0]:
            out.append('msgid ""')
            out.append('msgstr ""')
            out.extend(_quote(part) for part in e["msgstr"][0].splitlines(keepends=True))
        else:
            out.append(f"msgid {_quote(e['msgid'])}")
            if "msgid_plural" in e:
                out.append(f"msgid_plural {_quote(e['msgid_plural'])}")
                out.extend(f"msgstr[{i}] {_quote(s)}" for i, s in enumerate(e["msgstr"]))
            else:
                out.append(f"msgstr {_quote(e['msgstr'][0])}")
        out.append("")
    path.write_text("\n".join(out), encoding="utf-8")


def catalogue(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "django.po"


def _is_fuzzy(e: dict) -> bool:
    return any(c.startswith("#,") and "fuzzy" in c for c in e["comments"])


def _clear_fuzzy(e: dict) -> None:
    e["comments"] = [c for c in e["comments"] if not c.startswith("#, fuzzy") and not c.startswith("#| ")]


def _fix_header(entries: list[dict], lang: str) -> None:
    """A real header: not fuzzy (msgfmt would ignore it), with the project and the language."""
    for e in entries:
        if e["msgid"] == "":
            _clear_fuzzy(e)
            header = e["msgstr"][0]
            header = header.replace("Language: \n", f"Language: {lang}\n")
            header = header.replace("Project-Id-Version: PACKAGE VERSION", "Project-Id-Version: Guanxi")
            e["msgstr"][0] = header


def main(argv: list[str]) -> int:
    cmd = argv[0] if argv else "help"
    if cmd == "untranslated":
        entries = parse(catalogue(argv[1]))
        todo = [e["msgid"] for e in entries if e["msgid"] and (not all(e["msgstr"]) or _is_fuzzy(e))]
        print(json.dumps(todo, ensure_ascii=False, indent=1))
    elif cmd == "fill":
        path = catalogue(argv[1])
        entries = parse(path)
        table = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        for e in entries:
            # An entry with a context is keyed "context\u0004msgid", gettext's own way.
            key = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
            if key in table:
                value = table[key]
                e["msgstr"] = value if isinstance(value, list) else [value] * len(e["msgstr"])
                _clear_fuzzy(e)
        _fix_header(entries, argv[1])
        write(path, entries)
    elif cmd == "hant":
        import zhconv

        # Keyed by context and id: "Approve" the operation and "Approve" the button differ.
        hans = {(e.get("msgctxt"), e["msgid"]): e for e in parse(catalogue("zh_Hans")) if e["msgid"]}
        path = catalogue("zh_Hant")
        entries = parse(path)
        for e in entries:
            source = hans.get((e.get("msgctxt"), e["msgid"]))
            if not e["msgid"] or source is None or not all(source["msgstr"]):
                continue
            forms = [zhconv.convert(s, "zh-tw") for s in source["msgstr"]]
            for wrong, right in sorted(HANT_OVERRIDES.items(), key=lambda kv: -len(kv[0])):
                forms = [f.replace(wrong, right) for f in forms]
            for wrong, right in HANT_CLEANUP.items():
                forms = [f.replace(wrong, right) for f in forms]
            if e["msgid"] in HANT_EXACT:
                forms = [HANT_EXACT[e["msgid"]]] * len(forms)
            e["msgstr"] = forms
            _clear_fuzzy(e)
        _fix_header(entries, "zh_Hant")
        write(path, entries)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
