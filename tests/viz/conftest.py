"""Fixtures for the browser tests: the real app served by uvicorn on 127.0.0.1 (a free port, in
a background thread) and Debian's chromium driven by Playwright, with every request the page
makes recorded so a test can prove nothing left this machine.

The browser is the system one (`/usr/bin/chromium`); Playwright never downloads its own.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from fastapi import FastAPI
from playwright.sync_api import Browser, Page, sync_playwright

from api.app import create_app
from api.settings import ApiSettings
from tests.api.conftest import load_world

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


class LiveServer:
    """An app served over real HTTP on 127.0.0.1 until `stop()`."""

    def __init__(self, app: FastAPI) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


@dataclass
class Requests:
    """Every URL a page asked for."""

    urls: list[str] = field(default_factory=list)

    def outside(self) -> list[str]:
        return [u for u in self.urls
                if not u.startswith(("data:", "blob:")) and urlsplit(u).hostname != "127.0.0.1"]


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The factory world, served; small caps so 'show more' appears in a small graph."""
    store = load_world(tmp_path_factory.mktemp("live") / "db")
    server = LiveServer(create_app(ApiSettings(view_node_cap=5, expand_node_cap=3), store))
    yield server
    server.stop()  # the app's shutdown closes the store


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"browser tests need chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[tuple[Page, Requests]]:
    """A fresh page (own context, downloads allowed) and the requests it makes."""
    context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    page = context.new_page()
    seen = Requests()
    page.on("request", lambda request: seen.urls.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, seen
    context.close()
    assert errors == [], errors
