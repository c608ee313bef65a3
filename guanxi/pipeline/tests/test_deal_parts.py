"""An opportunity's competitors and the people in it are record actions: the deal's page and the API
(POST /api/v1/opportunities/{id}/actions/<name>) name and remove them with the same rules."""

from __future__ import annotations

from typing import Any

import pytest

from guanxi.core.testing import make
from guanxi.pipeline.models import OpportunityCompetitor, OpportunityContact

pytestmark = pytest.mark.django_db


def test_a_deals_competitors_and_people_are_named_and_removed_through_the_api(org: Any, api: Any) -> None:
    rest = api(org.rep)
    deal = make("opportunity", org.rep)
    rival = make("account", org.rep, name="某竞争对手科技有限公司", account_type="competitor")
    customer = make("account", org.rep, name="不是竞争对手的客户")
    hidden_rival = make("account", org.other_rep, name="别人的竞争对手", account_type="competitor")
    base = f"/api/v1/opportunities/{deal.pk}/actions"

    r = rest.post(f"{base}/add_competitor", {"strengths": "价格低"})
    assert r.status_code == 422 and "competitor" in r.json()["errors"]  # which one?
    r = rest.post(f"{base}/add_competitor", {"competitor": str(customer.pk)})
    assert r.status_code == 422 and "competitor" in r.json()["errors"]  # not of type competitor
    r = rest.post(f"{base}/add_competitor", {"competitor": str(hidden_rival.pk)})
    assert r.status_code == 422 and "competitor" in r.json()["errors"]  # not an account they may see
    assert not OpportunityCompetitor.objects.filter(opportunity=deal).exists()
    r = rest.post(f"{base}/add_competitor", {"competitor": str(rival.pk), "strengths": "价格低"})
    assert r.status_code == 200, r.content
    r = rest.post(f"{base}/add_competitor", {"competitor": str(rival.pk), "weaknesses": "实施能力弱"})
    row = OpportunityCompetitor.objects.get(opportunity=deal)  # named again: what is given is updated
    assert (row.competitor_id, row.strengths, row.weaknesses) == (rival.pk, "价格低", "实施能力弱")
    r = rest.post(f"{base}/remove_competitor", {"competitor": str(customer.pk)})
    assert r.status_code == 422 and "competitor" in r.json()["errors"]
    assert rest.post(f"{base}/remove_competitor", {"competitor": str(rival.pk)}).status_code == 200
    assert not OpportunityCompetitor.objects.filter(opportunity=deal).exists()
    assert "competitor" in rest.post(f"{base}/remove_competitor", {"competitor": str(rival.pk)}).json()["errors"]

    buyer = make("contact", org.rep, name="周采购")
    hidden = make("contact", org.other_rep, name="别人的联系人")
    r = rest.post(f"{base}/add_contact", {"contact": str(hidden.pk), "role": "user"})
    assert r.status_code == 422 and "contact" in r.json()["errors"]
    r = rest.post(f"{base}/add_contact", {"contact": str(buyer.pk), "role": "no-such-role"})
    assert r.status_code == 422 and "role" in r.json()["errors"]
    assert not OpportunityContact.objects.filter(opportunity=deal).exists()
    r = rest.post(f"{base}/add_contact", {"contact": str(buyer.pk), "role": "decision_maker"})
    assert r.status_code == 200, r.content
    assert OpportunityContact.objects.get(opportunity=deal).role == "decision_maker"
    rest.post(f"{base}/add_contact", {"contact": str(buyer.pk)})  # named again without a role: kept
    assert OpportunityContact.objects.get(opportunity=deal).role == "decision_maker"
    r = rest.post(f"{base}/remove_contact", {"contact": str(hidden.pk)})
    assert r.status_code == 422 and "contact" in r.json()["errors"]
    assert rest.post(f"{base}/remove_contact", {"contact": str(buyer.pk)}).status_code == 200
    assert not OpportunityContact.objects.filter(opportunity=deal).exists()
    assert "contact" in rest.post(f"{base}/remove_contact", {"contact": str(buyer.pk)}).json()["errors"]

    theirs = make("opportunity", org.other_rep)
    r = rest.post(f"/api/v1/opportunities/{theirs.pk}/actions/add_competitor", {"competitor": str(rival.pk)})
    assert r.status_code == 404 and not OpportunityCompetitor.objects.exists()


def test_the_deal_panel_posts_to_its_actions(org: Any, browser_client: Any) -> None:
    web = browser_client(org.rep)
    deal = make("opportunity", org.rep)
    rival = make("account", org.rep, name="某竞争对手科技有限公司", account_type="competitor")
    buyer = make("contact", org.rep, name="周采购")
    web.post(f"/app/opportunity/{deal.pk}/add_competitor/", {"competitor": str(rival.pk)})
    web.post(f"/app/opportunity/{deal.pk}/add_contact/", {"contact": str(buyer.pk), "role": "decision_maker"})
    page = web.get(f"/app/opportunity/{deal.pk}/").content.decode()
    for name, value in (("competitor", rival.pk), ("contact", buyer.pk)):
        assert f'action="/app/opportunity/{deal.pk}/remove_{name}/"' in page
        assert f'name="{name}" value="{value}"' in page
        assert f'action="/app/opportunity/{deal.pk}/add_{name}/"' in page
