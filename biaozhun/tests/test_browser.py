"""End-to-end checks in a real browser: Debian's chromium driven by Playwright.

Skipped, with the reason, where /usr/bin/chromium is not installed (`apt-get install chromium`);
CI installs it. The browser is never downloaded at run time.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("BIAOZHUN_CHROMIUM", "/usr/bin/chromium"))
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)"
    ),
]

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are
    # still synchronous, so Django's async-safety guard is lifted while the browser is open only.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as p:
            instance = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS, headless=True)
            yield instance
            instance.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    yield page
    context.close()


PERSONA_PASSWORD = "correct-horse-battery"  # the factories' test password


def sign_in(page: Any, live_server: Any, username: str, password: str = PERSONA_PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")


def test_home_page_is_chinese_by_default(page: Any, live_server: Any, db: Any) -> None:
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "登录" in page.content()


@pytest.mark.django_db(transaction=True)
def test_a_persona_signs_in_and_lands_on_their_dashboard(page: Any, live_server: Any, cast: Any) -> None:
    sign_in(page, live_server, "persona_bureau_admin")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    assert page.locator("h1").count() >= 1
    assert "persona_bureau_admin" in page.content() or "测试用户" in page.content()


@pytest.mark.django_db(transaction=True)
def test_wrong_password_shows_the_error_summary(page: Any, live_server: Any, cast: Any) -> None:
    sign_in(page, live_server, "persona_enterprise_a", password="wrong-password")
    assert page.locator(".error-summary").is_visible()


@pytest.mark.django_db(transaction=True)
def test_the_menu_collapses_on_a_phone_and_opens_on_tap(browser: Any, live_server: Any, cast: Any) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    page.goto(live_server.url + "/")
    nav = page.locator("#site-nav")
    assert not nav.is_visible()
    page.click(".nav-toggle")
    assert nav.is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page is wider than the phone screen: {width}px"
    context.close()


@pytest.mark.django_db(transaction=True)
def test_switching_to_english_changes_the_page_language(page: Any, live_server: Any, cast: Any) -> None:
    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"


PHONE_PAGES = [
    "/",
    "/dashboard/",
    "/reference/",
    "/reference/ccs/?q=电",
    "/accounts/organisations/",
    "/accounts/registrations/",
    "/accounts/profile/",
    "/audit/",
    "/standards/?q=钢管",
    "/standards/GB/T%2012771-2008/",
    "/standards/browse/ccs/",
    "/standards/imports/",
    "/standards/imports/new/",
    "/standards/topics/",
    "/standards/age/",
    "/checking/checks/",
    "/checking/checks/new/",
    "/checking/documents/new/",
    "/checking/watches/",
    "/checking/watches/new/",
    "/checking/controlled-lists/new/",
    "/checking/texts/queue/",
    "/checking/texts/ledger/",
    "/checking/texts/target/",
    "/inbox/",
    "/declarations/public/",
    "/declarations/migration/",
    "/declarations/screening/",
    "/declarations/baselines/",
    "/declarations/categories/",
    "/supervision/plans/",
    "/supervision/plans/new/",
    "/supervision/results/",
    "/supervision/draws/",
    "/supervision/stats/",
]


def _catalogue() -> None:
    """The real observed records (with the GB/T 12771 chain) through the real import service."""
    from biaozhun.standards import services

    csv = Path(__file__).resolve().parents[1] / "standards" / "tests" / "data" / "observed_status_records.csv"
    services.import_file(run=services.import_run_create(file_name=csv.name, format="flat"), path=csv)


@pytest.mark.django_db(transaction=True)
def test_the_main_pages_fit_a_phone_screen(browser: Any, live_server: Any, cast: Any) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    _catalogue()
    sign_in(page, live_server, "persona_bureau_admin")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    too_wide = {}
    for path in PHONE_PAGES:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            too_wide[path] = width
    context.close()
    assert too_wide == {}, f"pages wider than a 375px phone: {too_wide}"


@pytest.mark.django_db(transaction=True)
def test_a_visitor_finds_a_standard_by_words_and_follows_its_replacement(page: Any, live_server: Any) -> None:
    _catalogue()
    page.goto(live_server.url + "/standards/")

    page.fill("input[name=q]", "钢管")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=GB/T 12771-2019")
    page.click("text=GB/T 12771-2008")
    page.wait_for_url("**/standards/GB/T%2012771-2008/")

    assert "GB/T 12771-2019" in page.inner_text("main")
    page.click("main >> text=GB/T 12771-2019 >> nth=0")
    page.wait_for_url("**/standards/GB/T%2012771-2019/")
    assert "现行" in page.inner_text("main")


@pytest.mark.django_db(transaction=True)
def test_a_half_remembered_number_finds_its_editions(page: Any, live_server: Any) -> None:
    _catalogue()
    page.goto(live_server.url + "/standards/?q=gbt 1.1")

    first = page.locator("main table tbody tr").first
    assert "GB/T 1.1-" in first.inner_text()


@pytest.mark.django_db(transaction=True)
def test_an_enterprise_pastes_its_list_and_reads_a_verdict_on_every_number_on_a_phone(
    browser: Any, live_server: Any, cast: Any
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    _catalogue()
    sign_in(page, live_server, "persona_enterprise_a")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    page.goto(live_server.url + "/checking/checks/new/")
    page.fill("textarea[name=numbers]", "GB/T 12771-2008\ngbt 1.1\nGB/T 99999-2020\n见附件")
    page.click("main button[type=submit]")
    page.wait_for_url("**/checking/checks/*/")
    main = page.inner_text("main")
    assert "GB/T 12771-2019" in main  # the replacing edition
    assert "GB/T 1.1-2020" in main  # the undated reference resolved
    assert "未收录" in main
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    context.close()


ENTERPRISE_PHONE_PAGES = [
    "/declarations/mine/",
    "/supervision/my-checks/",
    "/checking/texts/",
    "/checking/texts/new/",
    "/checking/controlled-lists/",
]


@pytest.mark.django_db(transaction=True)
def test_an_enterprises_own_pages_fit_a_phone_screen(browser: Any, live_server: Any, cast: Any) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    sign_in(page, live_server, "persona_enterprise_a")
    page.wait_for_url(f"{live_server.url}/dashboard/")
    too_wide = {}
    for path in ENTERPRISE_PHONE_PAGES:
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 375:
            too_wide[path] = width
    context.close()
    assert too_wide == {}, f"pages wider than a 375px phone: {too_wide}"
