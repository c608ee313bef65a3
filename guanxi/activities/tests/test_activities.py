"""Activities: plan and log, the customers' timelines, repeats, reminders, links, the calendar and
the private iCalendar feed (parsed back with `icalendar`, as a phone would)."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from icalendar import Calendar

from guanxi.activities.models import Activity, ActivityLink
from guanxi.activities.services import link, next_start, send_due_reminders
from guanxi.core import registry
from guanxi.core.actor import SYSTEM, Actor
from guanxi.core.choices import Source
from guanxi.core.models import Notification
from guanxi.core.testing import make
from guanxi.customers.models import Interaction

pytestmark = pytest.mark.django_db
TZ = timezone.get_default_timezone()


def plan(owner: Any, **data: Any) -> Activity:
    data.setdefault("subject", "拜访采购部王经理")
    data.setdefault("kind", "visit")
    data.setdefault("starts_at", timezone.now() + datetime.timedelta(days=1))
    return registry.get("activity").service.create(data, actor=Actor(owner, Source.UI))


def update(obj: Activity, user: Any, **data: Any) -> Activity:
    return registry.get("activity").service.update(obj, data, actor=Actor(user, Source.UI))


def test_done_needs_its_outcome_and_goes_on_every_customers_timeline(org: Any) -> None:
    main = make("account", org.rep, name="杭州远景能源有限公司")
    other = make("account", org.rep, name="宁波舟山港集团有限公司")
    deal_account = make("account", org.rep, name="绍兴纺织城有限公司")
    deal = registry.get("opportunity").service.create(
        {"name": "纺织城 CRM", "account": deal_account}, actor=Actor(org.rep, Source.UI)
    )
    visit = plan(org.rep, account=main)
    link(visit, "account", other.pk, actor=Actor(org.rep, Source.UI))
    link(visit, "opportunity", deal.pk, actor=Actor(org.rep, Source.UI))
    with pytest.raises(ValidationError) as exc:
        update(visit, org.rep, status="done")
    assert list(exc.value.message_dict) == ["outcome"]
    assert not Interaction.objects.exists()

    visit = update(visit, org.rep, status="done", outcome="客户同意下月签约")
    assert visit.done_at is not None
    logged = Interaction.objects.filter(related_type="activity", related_id=visit.pk)
    assert {i.account_id for i in logged} == {main.pk, other.pk, deal_account.pk}
    assert {i.channel for i in logged} == {"visit"} and {i.body for i in logged} == {"客户同意下月签约"}


def test_a_repeating_activity_plans_its_next_occurrence_until_its_end(org: Any) -> None:
    start = datetime.datetime(2027, 1, 31, 9, 0, tzinfo=TZ)
    assert next_start(start, "monthly") == datetime.datetime(2027, 2, 28, 9, 0, tzinfo=TZ)
    assert next_start(start, "daily") == datetime.datetime(2027, 2, 1, 9, 0, tzinfo=TZ)
    account = make("account", org.rep)
    weekly = plan(
        org.rep,
        subject="周例会",
        kind="meeting",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=1),
        recurrence="weekly",
        recurrence_until=datetime.date(2027, 2, 16),
        account=account,
    )
    link(weekly, "account", make("account", org.rep, name="第二客户有限公司").pk, actor=SYSTEM)
    update(weekly, org.rep, status="done", outcome="进度正常")
    second = Activity.objects.get(subject="周例会", status="planned")
    assert second.starts_at == start + datetime.timedelta(weeks=1)
    assert second.ends_at == second.starts_at + datetime.timedelta(hours=1)
    assert ActivityLink.objects.filter(activity=second).count() == 1
    update(second, org.rep, status="cancelled")  # skipped: the series still goes on
    third = Activity.objects.get(subject="周例会", status="planned")
    assert third.starts_at == start + datetime.timedelta(weeks=2)
    update(third, org.rep, status="done", outcome="完成")  # 2027-02-21 would pass the end date
    assert not Activity.objects.filter(subject="周例会", status="planned").exists()
    with pytest.raises(ValidationError) as exc:
        plan(org.rep, starts_at=None, recurrence="daily")
    assert "starts_at" in exc.value.message_dict


def test_reminders_notify_the_owner_once_when_due(org: Any) -> None:
    now = timezone.now()
    soon = plan(
        org.rep, subject="电话回访", kind="call", starts_at=now + datetime.timedelta(minutes=20), reminder_minutes=30
    )
    plan(org.rep, subject="下周拜访", starts_at=now + datetime.timedelta(days=7), reminder_minutes=60)
    assert send_due_reminders(now) == 1
    assert send_due_reminders(now) == 0
    note = Notification.objects.get(recipient=org.rep)
    assert "电话回访" in note.message and note.url == f"/app/activity/{soon.pk}/"


def test_links_go_through_the_access_layer(org: Any) -> None:
    visit = plan(org.rep)
    theirs = make("account", org.other_rep)
    with pytest.raises(ValidationError):
        link(visit, "account", theirs.pk, actor=Actor(org.rep, Source.UI))
    with pytest.raises(ValidationError):
        link(visit, "lead", make("lead", org.rep).pk, actor=Actor(org.rep, Source.UI))


def test_the_calendar_shows_mine_or_my_teams_as_the_access_layer_allows(org: Any, browser_client: Any) -> None:
    day = timezone.localdate() + datetime.timedelta(days=1)
    at = datetime.datetime.combine(day, datetime.time(10, 0), tzinfo=TZ)
    plan(org.rep, subject="我的拜访", starts_at=at)
    plan(org.rep2, subject="同事的拜访", starts_at=at)
    plan(org.other_rep, subject="别的部门的拜访", starts_at=at)
    rep = browser_client(org.rep).get("/app/calendar/", {"date": day.isoformat()}).content.decode()
    assert "我的拜访" in rep and "同事的拜访" not in rep
    team = browser_client(org.rep).get("/app/calendar/", {"date": day.isoformat(), "who": "team"}).content.decode()
    assert "同事的拜访" not in team  # a representative's team view is still their own records
    manager = browser_client(org.manager)
    page = manager.get("/app/calendar/", {"date": day.isoformat(), "who": "team", "view": "week"}).content.decode()
    assert "我的拜访" in page and "同事的拜访" in page and "别的部门的拜访" not in page
    day_view = manager.get("/app/calendar/", {"date": day.isoformat(), "who": "team", "view": "day"}).content.decode()
    assert "rep2" in day_view and "10:00" in day_view


def test_the_private_ical_feed_parses_and_holds_only_the_users_activities(
    org: Any, browser_client: Any, client: Any
) -> None:
    start = timezone.now() + datetime.timedelta(days=3)
    plan(org.rep, subject="技术交流会", kind="meeting", starts_at=start, location="上海张江")
    plan(org.rep, subject="提交报价", kind="task", starts_at=start)
    plan(org.other_rep, subject="别人的会", kind="meeting", starts_at=start)
    web = browser_client(org.rep)
    page = web.post("/app/calendar/", {"feed": "new"}).content.decode()
    url = re.search(r"http://testserver(/ical/[A-Za-z0-9_-]+\.ics)", page)
    assert url is not None
    response = client.get(url.group(1))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in cal.walk("VEVENT")}
    todos = {str(t["summary"]) for t in cal.walk("VTODO")}
    assert set(events) == {"技术交流会"} and todos == {"提交报价"}
    assert str(events["技术交流会"]["location"]) == "上海张江"
    assert events["技术交流会"].decoded("dtstart") == start.replace(microsecond=0) or events["技术交流会"].decoded(
        "dtstart"
    ).replace(microsecond=0) == start.replace(microsecond=0)
    assert client.get("/ical/not-a-secret.ics").status_code == 404
    web.post("/app/calendar/", {"feed": "new"})  # a new address: the old one stops working
    assert client.get(url.group(1)).status_code == 404


def test_the_activity_page_links_more_records_by_searching_them(org: Any, browser_client: Any) -> None:
    visit = plan(org.rep)
    extra = make("account", org.rep, name="嘉善县电子元件厂")
    theirs = make("account", org.other_rep, name="别人的客户")
    web = browser_client(org.rep)
    page = web.get(f"/app/activity/{visit.pk}/").content.decode()
    assert "Also concerns" in page and 'data-url="/app/account/autocomplete/"' in page
    web.post(f"/app/activity/{visit.pk}/link/", {"account": str(extra.pk)})
    web.post(f"/app/activity/{visit.pk}/link/", {"account": str(theirs.pk)})
    assert list(ActivityLink.objects.filter(activity=visit).values_list("object_id", flat=True)) == [extra.pk]
    assert "嘉善县电子元件厂" in web.get(f"/app/activity/{visit.pk}/").content.decode()
