"""A real headless Chromium logs into the admin and browses the ledger."""

import os
import shutil

import pytest
from django.contrib.auth import get_user_model

from finance.models import JournalEntry
from lifeos.testing.demo import seed_small

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "browser-pass-1"


def _require_browser():
    """Skip locally when Chromium or Playwright is missing; in CI that is a failure."""
    problems = []
    if not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)):
        problems.append(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        problems.append("no playwright package (pip install -e '.[browser]')")
    if problems:
        if os.environ.get("CI"):
            pytest.fail("CI must run the browser test, but there is " + "; ".join(problems))
        pytest.skip("browser test cannot run: " + "; ".join(problems))


@pytest.fixture
def demo_entry(transactional_db, live_server):
    """Demo data visible to the live server; returns (journal entry, its line count)."""
    seed_small()
    demo = get_user_model().objects.get(email="demo@example.com")
    demo.set_password(PASSWORD)
    demo.save(update_fields=["password"])
    entry = JournalEntry.objects.filter(user=demo, lines__isnull=False).order_by("pk").first()
    return entry, entry.lines.count()


@pytest.fixture
def browser_page(demo_entry):
    """A Chromium page; started after the database work (Playwright runs an event loop)."""
    _require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.set_default_timeout(20_000)
            yield page
        finally:
            browser.close()


def _not_blank(png):
    """Whether a PNG screenshot has more than one colour."""
    import struct
    import zlib

    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data, width, channels = 8, b"", 0, 4
    while position < len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        chunk = png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            width = struct.unpack(">I", chunk[:4])[0]
            channels = {2: 3, 6: 4}[chunk[9]]
        elif kind == b"IDAT":
            data += chunk
        position += 12 + length
    raw = zlib.decompress(data)
    stride = width * channels + 1
    # Distinct byte values across the filtered rows: a blank image has one pixel value,
    # and its filtered rows hold only zeros and that value's bytes.
    distinct = set()
    for row in range(len(raw) // stride):
        distinct.update(raw[row * stride + 1 : (row + 1) * stride])
        if len(distinct) > 8:
            return True
    return False


@pytest.mark.browser
def test_browser_logs_in_searches_accounts_and_opens_a_journal_entry(
    demo_entry, browser_page, live_server
):
    entry, line_count = demo_entry
    page = browser_page

    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "demo@example.com")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#user-tools")

    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/admin/finance/account/")
    assert page.locator("#trial-balance").is_visible()
    # At 1400 pixels every column, the last ("created") too, fits in the list's box.
    fits = page.evaluate(
        """() => {
            const box = document.querySelector("#changelist .results").getBoundingClientRect();
            const last = document.querySelector("#result_list thead th:last-child");
            return [last.innerText.trim().toLowerCase(),
                    last.getBoundingClientRect().right <= box.right + 0.5];
        }"""
    )
    assert fits == ["created", True]
    page.set_viewport_size({"width": 1280, "height": 900})
    page.fill("#searchbar", "  café")
    page.press("#searchbar", "Enter")
    page.wait_for_load_state()
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "CAFÉ & Restaurants" in rows.first.inner_text()

    page.goto(f"{live_server.url}/admin/finance/journalentry/{entry.pk}/change/")
    lines = page.locator("#lines-group tbody tr.has_original")
    assert lines.count() == line_count
    screenshot = page.screenshot(full_page=True)
    assert _not_blank(screenshot)


@pytest.mark.browser
def test_browser_renders_the_interactive_api_docs(demo_entry, browser_page, live_server):
    page = browser_page
    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))

    page.goto(f"{live_server.url}/api/docs")
    # Swagger UI builds one block per operation from /api/openapi.json, in the browser.
    page.wait_for_selector(".opblock-summary-path")
    paths = page.locator(".opblock-summary-path").all_inner_texts()

    assert "/finance/forecast" in [path.strip() for path in paths]
    assert "/api/auth/login" in [path.strip() for path in paths]
    assert len(paths) >= 30
    assert failed == []
    assert _not_blank(page.screenshot(full_page=False))
