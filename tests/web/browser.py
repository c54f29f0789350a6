"""Headless Debian Chromium for the page tests: console errors and every requested URL recorded."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Page, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 30_000


@dataclass
class Session:
    page: Page
    problems: list[str] = field(default_factory=list)  # page errors and console errors
    requested: list[str] = field(default_factory=list)

    def elsewhere(self) -> list[str]:
        """Requests that left 127.0.0.1 (data: URLs aside): a page that works offline makes none."""
        return [
            url for url in self.requested if urlsplit(url).scheme != "data" and urlsplit(url).hostname != "127.0.0.1"
        ]


@contextlib.contextmanager
def chromium_page(screenshot: Path) -> Iterator[Session]:
    """A fresh page; a screenshot is saved when the block ends, pass or fail: it shows what a user saw."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            session = Session(browser.new_page(viewport={"width": 1400, "height": 900}))
            session.page.set_default_timeout(TIMEOUT_MS)
            session.page.on("request", lambda request: session.requested.append(request.url))
            session.page.on("pageerror", lambda error: session.problems.append(str(error)))

            def on_console(message: ConsoleMessage) -> None:
                if message.type == "error":
                    session.problems.append(message.text)

            session.page.on("console", on_console)
            try:
                yield session
            finally:
                screenshot.parent.mkdir(exist_ok=True)
                session.page.screenshot(path=screenshot)
        finally:
            browser.close()
