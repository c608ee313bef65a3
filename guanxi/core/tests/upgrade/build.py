"""Build a stored database for the upgrade test (test_upgrade.py), at the commit it is named after.

Run at that commit, once per backend, with a throw-away GUANXI_VAR_DIR and GUANXI_DATABASE_URL:

    GUANXI_VAR_DIR=/tmp/fx GUANXI_DATABASE_URL=sqlite:////tmp/fx/db.sqlite3 \
        .venv/bin/python guanxi/core/tests/upgrade/build.py guanxi/core/tests/upgrade/<name>/sqlite

It loads a small demo, then adds what the demo lacks — attachments, notes, tags, edits that leave
history, a deleted record in the recycle bin — and writes a manifest of every table: its row count
and a digest of its rows, and each attachment's checksum. The database itself is stored by
`scripts/upgrade_fixture.sh` (an SQLite file or a PostgreSQL dump, xz-compressed). This file is kept
for the record: it runs against the code of the commit it was made at, not against today's.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "guanxi.settings.dev")
django.setup()

from django.apps import apps  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from manifest import manifest  # noqa: E402


def build() -> None:
    from guanxi.access.models import User
    from guanxi.core import registry
    from guanxi.core.actor import Actor, acting_as
    from guanxi.core.choices import Source
    from guanxi.demo import load_demo
    from guanxi.records import services

    call_command("migrate", verbosity=0)
    load_demo(accounts=40, contacts=80, leads=20, interactions=150, opportunities=60, orders=150, quotes=30, booths=10)
    admin = User.objects.get(username="admin")
    actor = Actor(admin, Source.UI)
    with acting_as(actor), transaction.atomic():
        keys = ("account", "opportunity", "order", "quote", "contract", "activity", "product", "expense_report")
        keys += ("booth",)
        for key in keys:
            ot = registry.get(key)
            records = list(ot.model._default_manager.order_by("pk")[:3])
            for n, obj in enumerate(records):
                body = f"Upgrade fixture file {key} {obj.pk} {n}\n".encode() * (n + 1)
                services.save_attachment(key, obj, SimpleUploadedFile(f"合同-{key}-{n}.txt", body), user=admin)
                services.add_note(key, obj, f"备注 / note {n} on {key}", actor=actor)
            services.tag_records(key, [o.pk for o in records], "升级 upgrade", actor=actor)
        account_ot = registry.get("account")
        first, second = account_ot.model._default_manager.order_by("pk")[3:5]
        account_ot.service.update(first, {"website": "https://upgrade.example.cn"}, actor=actor)
        account_ot.service.delete(second, actor=actor)


if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    build()
    (out / "manifest.json").write_text(
        json.dumps(manifest(apps, connection), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    )
    print(f"manifest written to {out / 'manifest.json'} ({connection.vendor})")
