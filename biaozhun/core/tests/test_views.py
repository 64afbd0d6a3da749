"""Site-wide pages: home, language switch, dashboard, error pages and /healthz."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from biaozhun.core import views
from biaozhun.core.management.commands.worker import beat
from biaozhun.core.models import WorkerHeartbeat
from biaozhun.core.navigation import PanelContent


@pytest.mark.django_db
def test_the_home_page_is_in_chinese_by_default(client: Client) -> None:
    response = client.get(reverse("core:home"))

    assert response.status_code == 200
    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in response.content.decode()


@pytest.mark.django_db
def test_the_home_page_names_the_site_offers_the_code_list_search_and_shows_figures(
    client: Client, monkeypatch: Any
) -> None:
    monkeypatch.setattr(views.selectors, "home_statistics", lambda: [("Registered enterprises", 1234)])

    response = client.get(reverse("core:home"))

    html = response.content.decode()
    assert django_settings.SITE_NAME in html
    assert f'action="{reverse("reference:ccs_list")}"' in html
    assert 'name="q"' in html
    assert reverse("reference:index") in html
    assert reverse("accounts:register") in html
    assert reverse("accounts:login") in html
    assert "Registered enterprises" in html
    assert "1234" in html


def test_a_signed_in_visitor_is_pointed_to_their_dashboard_from_home(client_for: Any) -> None:
    html = client_for("enterprise_a").get(reverse("core:home")).content.decode()

    assert reverse("core:dashboard") in html
    assert reverse("accounts:register") not in html.split("<main", 1)[1]


@pytest.mark.django_db
def test_switching_to_english_sets_the_cookie_and_the_next_page_is_english(client: Client) -> None:
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("core:home")})

    assert response.status_code == 302
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = client.get(response["Location"])
    assert page["Content-Language"] == "en"
    assert '<html lang="en">' in page.content.decode()
    assert django_settings.SITE_NAME_EN in page.content.decode()


@pytest.mark.django_db
def test_the_dashboard_sends_anonymous_visitors_to_sign_in(client: Client) -> None:
    response = client.get(reverse("core:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" in response["Location"]


def test_the_dashboard_renders_each_panel(client_for: Any, monkeypatch: Any) -> None:
    panels = [
        PanelContent(
            title="Pending registrations",
            count=3,
            items=[("甲示例灯饰有限公司", "/somewhere/1/")],
            more_url="/somewhere/",
        ),
        PanelContent(title="Alerts", count=0, empty_text="No alerts at the moment."),
    ]
    monkeypatch.setattr(views, "dashboard_for", lambda user: panels)

    response = client_for("department").get(reverse("core:dashboard"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="panel"') == 2
    assert "Pending registrations" in html
    assert '<p class="count">3</p>' in html
    assert '<a href="/somewhere/1/">甲示例灯饰有限公司</a>' in html
    assert 'href="/somewhere/"' in html
    assert "No alerts at the moment." in html
    assert '<p class="count">0</p>' in html


def test_the_dashboard_without_panels_shows_an_empty_state(client_for: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr(views, "dashboard_for", lambda user: [])

    response = client_for("expert").get(reverse("core:dashboard"))

    assert response.status_code == 200
    assert "empty-state" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_address_shows_the_sites_own_404_page(client: Client, settings: Any) -> None:
    settings.DEBUG = False

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert "base.html" in [t.name for t in response.templates]
    assert django_settings.SITE_NAME in response.content.decode()


def test_a_forbidden_page_shows_the_sites_own_403_page(client_for: Any, settings: Any) -> None:
    settings.DEBUG = False

    response = client_for("enterprise_a").get(reverse("audit:event_list"))

    assert response.status_code == 403
    assert "403.html" in [t.name for t in response.templates]


def test_the_500_page_renders_without_touching_the_database() -> None:
    # No django_db mark: pytest-django makes any query in this test raise.
    response = views.error_500(RequestFactory().get("/"))

    assert response.status_code == 500
    assert django_settings.SITE_NAME in response.content.decode()


@pytest.mark.django_db
def test_healthz_reports_the_database_and_an_absent_worker(client: Client) -> None:
    response = client.get(reverse("healthz"))

    body = response.json()
    assert response.status_code == 200
    assert body["database"]["status"] == "ok"
    assert body["worker"]["status"] == "absent"
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_healthz_reports_a_worker_that_has_just_beaten(client: Client) -> None:
    beat("w1")

    body = client.get(reverse("healthz")).json()

    assert body["worker"]["status"] == "ok"
    assert body["status"] == "ok"


@pytest.mark.django_db
def test_healthz_reports_a_worker_that_has_gone_quiet_as_stale(client: Client) -> None:
    beat("w1")
    quiet_for = dt.timedelta(seconds=django_settings.WORKER_HEARTBEAT_SECONDS * 4 + 60)
    WorkerHeartbeat.objects.update(last_seen=timezone.now() - quiet_for)

    response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json()["worker"]["status"] == "stale"


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client: Client) -> None:
    with mock.patch.object(views, "connection") as connection:
        connection.cursor.side_effect = OperationalError("database is down")
        response = client.get(reverse("healthz"))

    assert response.status_code == 503
    body = response.json()
    assert body["database"]["status"] == "error"
    assert body["status"] == "error"
