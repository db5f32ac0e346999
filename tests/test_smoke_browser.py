"""The demo site opens in real Chromium, with no console error and no request elsewhere."""

from playwright.sync_api import expect


def test_dutch_home_opens_in_chromium(watched_page, demo_url):
    watched_page.goto(demo_url + "nl/index.html")
    expect(watched_page.get_by_role("heading", level=1)).to_have_text("Wachtwoord vergeten?")
