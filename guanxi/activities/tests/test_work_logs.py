"""Daily work logs (工作日程): written through the day, submitted and then locked for everyone,
deleted only by an administrator, read by the managers of the team."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from guanxi.access.scoping import scope
from guanxi.activities.models import WorkLog, WorkLogEntry
from guanxi.activities.worklogs import add_entry, remove_entry, submit
from guanxi.core import registry
from guanxi.core.actor import Actor
from guanxi.core.choices import Source
from guanxi.core.errors import PermissionDenied
from guanxi.core.testing import make

pytestmark = pytest.mark.django_db


def ui(user: Any) -> Actor:
    return Actor(user, Source.UI)


def test_a_submitted_work_log_is_locked_and_only_an_administrator_deletes_one(org: Any) -> None:
    logs = registry.get("work_log").service
    today = timezone.localdate()
    log = logs.create({"day": today, "summary": "拜访两家客户"}, actor=ui(org.rep))
    assert log.owner == org.rep and log.status == "draft"
    with pytest.raises(ValidationError) as exc:
        logs.create({"day": today, "summary": "又一份"}, actor=ui(org.rep))
    assert "day" in exc.value.message_dict
    with pytest.raises(ValidationError):
        logs.create({"day": today + datetime.timedelta(days=1), "summary": "明天的"}, actor=ui(org.rep))
    with pytest.raises(ValidationError) as exc:
        submit(log, actor=ui(org.rep))  # nothing written down yet
    assert "entries" in exc.value.message_dict

    mine = make("account", org.rep, name="合肥新桥电子有限公司")
    theirs = make("account", org.other_rep, name="别人的客户有限公司")
    first = add_entry(
        log,
        {
            "starts": datetime.time(9),
            "ends": datetime.time(11),
            "content": "拜访采购部，演示移动端",
            "account": mine.pk,
        },
        actor=ui(org.rep),
    )
    with pytest.raises(ValidationError):  # a customer the author may not see
        add_entry(log, {"content": "顺路拜访", "account": theirs.pk}, actor=ui(org.rep))
    with pytest.raises(ValidationError):
        add_entry(log, {"starts": datetime.time(15), "ends": datetime.time(14), "content": "倒流"}, actor=ui(org.rep))
    add_entry(log, {"starts": datetime.time(14), "content": "整理报价单"}, actor=ui(org.rep))
    log = submit(log, actor=ui(org.rep))
    assert log.status == "submitted" and log.submitted_at is not None

    for attempt in (
        lambda: logs.update(log, {"summary": "改一下"}, actor=ui(org.rep)),
        lambda: logs.update(log, {"summary": "管理员也不能改"}, actor=ui(org.admin)),
        lambda: add_entry(log, {"content": "补一条"}, actor=ui(org.rep)),
        lambda: remove_entry(log, first.pk, actor=ui(org.rep)),
        lambda: submit(log, actor=ui(org.rep)),
    ):
        with pytest.raises(ValidationError):
            attempt()
    assert WorkLogEntry.objects.filter(log=log).count() == 2

    with pytest.raises(PermissionDenied):
        logs.delete(log, actor=ui(org.rep))
    with pytest.raises(PermissionDenied):
        logs.delete(log, actor=ui(org.manager))
    logs.delete(log, actor=ui(org.admin))
    assert not WorkLog.objects.filter(pk=log.pk).exists()


def test_managers_read_their_teams_logs_on_the_page(org: Any, browser_client: Any, api: Any) -> None:
    logs = registry.get("work_log").service
    today = timezone.localdate()
    rep_log = logs.create({"day": today, "summary": "电话回访五家客户"}, actor=ui(org.rep))
    east_log = logs.create({"day": today, "summary": "华东区展会筹备"}, actor=ui(org.rep2))
    south_log = logs.create({"day": today, "summary": "华南区客户拜访"}, actor=ui(org.other_rep))
    visible = set(scope(org.manager, "work_log").values_list("pk", flat=True))
    assert {rep_log.pk, east_log.pk} <= visible and south_log.pk not in visible
    assert set(scope(org.rep, "work_log").values_list("pk", flat=True)) == {rep_log.pk}
    r = api(org.manager).patch(f"/api/v1/work_logs/{rep_log.pk}", {"plan": "x"}, **{"If-Match": '"1"'})
    assert r.status_code == 403  # reads the team's, writes only their own

    client = browser_client(org.rep)
    r = client.post(f"/app/work_log/{rep_log.pk}/add_entry/", {"starts": "09:30", "content": "回访宁波甬江"})
    assert r.status_code == 302
    client.post(f"/app/work_log/{rep_log.pk}/submit/")
    rep_log.refresh_from_db()
    assert rep_log.status == "submitted"
    page = browser_client(org.manager).get(f"/app/work_log/{rep_log.pk}/").content.decode()
    assert "回访宁波甬江" in page and "locked" in page and "Submit the day" not in page
    assert browser_client(org.other_rep).get(f"/app/work_log/{rep_log.pk}/").status_code == 404


def test_a_work_logs_lines_are_written_and_removed_through_the_api_too(org: Any, api: Any) -> None:
    log = registry.get("work_log").service.create({"day": timezone.localdate(), "summary": "拜访"}, actor=ui(org.rep))
    account = make("account", org.rep, name="宁波甬江港务有限公司")
    theirs = make("account", org.other_rep, name="深圳南山电子有限公司")
    rest = api(org.rep)
    base = f"/api/v1/work_logs/{log.pk}/actions"

    r = rest.post(f"{base}/add_entry", {"starts": "09:30", "ends": "08:00", "content": "回访"})
    assert r.status_code == 422 and "ends" in r.json()["errors"]
    r = rest.post(f"{base}/add_entry", {"starts": "09:30", "content": "  "})
    assert r.status_code == 422 and "content" in r.json()["errors"]
    r = rest.post(f"{base}/add_entry", {"content": "看货", "account": str(theirs.pk)})
    assert r.status_code == 422 and "account" in r.json()["errors"]  # not a customer they may see
    assert not log.entries.exists()

    r = rest.post(
        f"{base}/add_entry", {"starts": "09:30", "ends": "11:00", "content": "回访", "account": str(account.pk)}
    )
    assert r.status_code == 200, r.content
    entry = log.entries.get()
    assert (entry.starts.isoformat(), entry.account_id) == ("09:30:00", account.pk)

    assert rest.post(f"{base}/remove_entry", {"entry": entry.pk + 1000}).json()["errors"]["entry"]
    assert rest.post(f"{base}/remove_entry", {"entry": entry.pk}).status_code == 200
    assert not log.entries.exists()
    log.entries.create(content="写报告", sort=0)
    rest.post(f"{base}/submit", {})
    r = rest.post(f"{base}/add_entry", {"content": "补记"})
    assert r.status_code == 422 and "status" in r.json()["errors"]
