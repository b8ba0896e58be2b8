"""Headless Chromium (Debian's, at /usr/bin/chromium) driven by Playwright,
for the HTML report's tests. No browser is downloaded: Playwright only
drives the one installed."""

import contextlib

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
# Without these, Chromium reaches out to Google's services at start, which
# this machine's closed network refuses.
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
    "--disable-default-apps", "--disable-quic",
]


@contextlib.contextmanager
def chromium(javascript=True):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, timeout=60_000)
        try:
            context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 1600})
            yield context
        finally:
            browser.close()
