"""Fixtures of the browser journeys (pytest + Selenium + Debian's headless Chromium).

One server for the session (`draizer serve` with web/dist); a fresh account and a fresh browser per test.
Each browser fails its test on any console error it saw (CSP violations included) unless the test declared
the error expected; every test leaves a screenshot in artifacts/e2e/, a failing one also its console.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable, Iterator

import pytest

from support import ARTIFACTS, SERVER_ENV, Account, Browser, Server, create_account


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    instance = Server(env=SERVER_ENV)
    yield instance
    instance.stop()


@pytest.fixture
def account(server: Server) -> Account:
    return create_account(server.base)


@pytest.fixture
def make_browser(server: Server, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[..., Browser]]:
    browsers: list[Browser] = []

    def make(width: int = 1280, height: int = 800, mobile: bool = False) -> Browser:
        downloads = tmp_path / f"downloads-{len(browsers)}"
        downloads.mkdir()
        instance = Browser(server.base, downloads, width=width, height=height, mobile=mobile)
        browsers.append(instance)
        return instance

    yield make

    failed = getattr(request.node, "report_call", None)
    problems: list[str] = []
    for index, instance in enumerate(browsers):
        try:
            errors = instance.console_errors()
            # Every test leaves a screenshot of where it ended (the page it checked) as an artefact; a failed
            # one also leaves the browser console.
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            name = f"{request.node.name}-{index}".replace("/", "_")
            instance.driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
            if failed is not None and failed.failed:
                (ARTIFACTS / f"{name}.console.json").write_text(json.dumps(instance.console, indent=2))
            problems += errors
        finally:
            instance.quit()
    if problems and not (failed is not None and failed.failed):
        pytest.fail("console errors:\n" + "\n".join(problems), pytrace=False)


@pytest.fixture
def browser(make_browser: Callable[..., Browser]) -> Browser:
    return make_browser()


@pytest.fixture
def signed_in(browser: Browser, account: Account) -> Browser:
    """A browser on the dashboard of `account`."""
    browser.sign_in(account)
    return browser
