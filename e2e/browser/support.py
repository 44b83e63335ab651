"""Helpers of the browser journeys: the server process, accounts made through the API, and a Chrome
driver that fails the test on any console error (CSP violations are console errors too)."""

from __future__ import annotations

import json
import os
import re
import socket
import sqlite3
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

import pyotp
import requests
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "Tr4ding-Zebra-Moon!"
ARTIFACTS = Path(os.environ.get("E2E_ARTIFACTS", ROOT / "artifacts" / "e2e"))
# Trading rules of the session's server that differ from the server's defaults (10 bps fee, 5 bps slippage),
# so the journeys show the app takes them from GET /api/v1/trading/config instead of assuming them.
SERVER_ENV = {"TRADING_FEE_BPS": "20", "SLIPPAGE_BPS": "8"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """`draizer serve` on a free loopback port with its embedded defaults: SQLite in a temporary DATA_DIR,
    the simulated market, the web app from web/dist, rate limits raised so the journeys never meet them.
    `env` adds or overrides server settings (e.g. SERVER_ENV's trading rules)."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        binary = Path(os.environ.get("DRAIZER_BIN", ROOT / ".build" / "debug" / "draizer"))
        if not binary.is_absolute():
            binary = ROOT / binary
        web = Path(os.environ.get("WEB_DIR", ROOT / "web" / "dist"))
        if not binary.exists():
            raise RuntimeError(f"no server binary at {binary} (swift build first, or set DRAIZER_BIN)")
        if not (web / "index.html").exists():
            raise RuntimeError(f"no web app at {web} (run scripts/build-web first)")
        self.work = tempfile.TemporaryDirectory(prefix="draizer-e2e-")
        self.data_dir = Path(self.work.name) / "data"
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.log = open(ARTIFACTS / "server.log", "w")
        environment = {
            key: value
            for key, value in os.environ.items()
            if key not in {"DEEPSEEK_API_KEY", "SMTP_HOST", "TRUST_PROXY", "BACKEND_CORS_ORIGINS", "COOKIE_SECURE", "DATABASE_URL"}
        }
        environment.update(
            ENVIRONMENT="development",
            HOST="127.0.0.1",
            PORT=str(self.port),
            DATA_DIR=str(self.data_dir),
            WEB_DIR=str(web),
            LOG_LEVEL="notice",
            AUTO_MIGRATE="true",
            MFA_REQUIRED="true",
            MARKET_DATA_SOURCE="simulated",
            RATE_LIMIT_PER_MINUTE="1000000",
            RATE_LIMIT_AUTH_PER_MINUTE="1000000",
            AI_ANALYZE_PER_MINUTE="100000",
            MAX_LOGIN_ATTEMPTS="100",
            PASSWORD_HASH_MEMORY_KIB="16384",
        )
        environment.update(env or {})
        # From the temporary directory, so no developer .env is read.
        self.process = subprocess.Popen(
            [str(binary), "serve"], cwd=self.work.name, env=environment, stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.time() + 90
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}; see {ARTIFACTS / 'server.log'}")
            try:
                if requests.get(self.base + "/ready", timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError("the server did not become ready within 90 s")

    def outbox(self, recipient: str) -> list[str]:
        """Bodies of the development mail to `recipient`, newest first."""
        with sqlite3.connect(self.data_dir / "draizer.sqlite") as database:
            rows = database.execute(
                "SELECT body FROM outbox_messages WHERE recipient = ? ORDER BY created_at DESC", (recipient,)
            ).fetchall()
        return [row[0] for row in rows]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.log.close()
        self.work.cleanup()


@dataclass
class Account:
    """A user made through the API, with 2FA on. `session` holds the cookies of an MFA-verified session."""

    base: str
    email: str
    username: str
    secret: str
    recovery_codes: list[str]
    access_token: str
    session: requests.Session
    last_step: int
    password: str = PASSWORD
    spent_codes: set[str] = field(default_factory=set)

    def code(self) -> str:
        """An authenticator code the server will take: each is accepted once, within ±1 step of now."""
        totp = pyotp.TOTP(self.secret)
        while True:
            now = int(time.time()) // 30
            step = max(self.last_step + 1, now - 1)
            if step <= now + 1:
                self.last_step = step
                return totp.at(step * 30)
            time.sleep(1)

    def recovery_code(self) -> str:
        code = next(code for code in self.recovery_codes if code not in self.spent_codes)
        self.spent_codes.add(code)
        return code

    def api(self, method: str, path: str, **kwargs) -> requests.Response:
        headers = {"Authorization": f"Bearer {self.access_token}", **kwargs.pop("headers", {})}
        return requests.request(method, self.base + path, headers=headers, timeout=30, **kwargs)

    def buy(self, amount: str = "100") -> dict:
        response = self.api("POST", "/api/v1/trading/orders", json={"side": "buy", "symbol": "BTCUSDT", "quote_amount": amount})
        assert response.status_code == 201, response.text
        return response.json()


_counter = 0


def create_account(base: str) -> Account:
    global _counter
    _counter += 1
    name = f"e2e{int(time.time() * 1000) % 10**10}{_counter}"
    session = requests.Session()
    registered = session.post(
        base + "/api/v1/auth/register", json={"email": f"{name}@example.com", "username": name, "password": PASSWORD}, timeout=30
    )
    assert registered.status_code == 201, registered.text
    token = registered.json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    secret = session.post(base + "/api/v1/auth/mfa/setup", headers=bearer, timeout=30).json()["secret"]
    step = int(time.time()) // 30
    enabled = session.post(
        base + "/api/v1/auth/mfa/enable", headers=bearer, json={"code": pyotp.TOTP(secret).at(step * 30)}, timeout=30
    )
    assert enabled.status_code == 200, enabled.text
    return Account(
        base=base,
        email=f"{name}@example.com",
        username=name,
        secret=secret,
        recovery_codes=enabled.json()["recovery_codes"],
        access_token=token,
        session=session,
        last_step=step,
    )


class Browser:
    """Headless Chromium with the console captured. Every SEVERE console entry fails the test, unless the
    test said it expects it (a wrong password's 401, for instance) with `allow_console`."""

    def __init__(self, base: str, downloads: Path, width: int = 1280, height: int = 800, mobile: bool = False) -> None:
        options = webdriver.ChromeOptions()
        options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
        for argument in ("--headless=new", "--no-sandbox", f"--window-size={width},{height}", "--disable-gpu"):
            options.add_argument(argument)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        options.add_experimental_option("prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False})
        self.driver = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=options)
        if mobile:
            self.driver.execute_cdp_cmd(
                "Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 2, "mobile": True}
            )
        self.driver.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
        self.base = base
        self.downloads = downloads
        self.allowed: list[re.Pattern[str]] = []
        self.console: list[dict] = []

    # --- navigation and lookup ---------------------------------------------------------------------------
    def open(self, path: str) -> None:
        self.driver.get(self.base + path)

    def wait(self, timeout: float = 15) -> WebDriverWait:
        return WebDriverWait(self.driver, timeout, poll_frequency=0.05)

    def find(self, css: str, timeout: float = 15) -> WebElement:
        return self.wait(timeout).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))

    def find_x(self, xpath: str, timeout: float = 15) -> WebElement:
        return self.wait(timeout).until(EC.visibility_of_element_located((By.XPATH, xpath)))

    def present(self, xpath: str, timeout: float = 15) -> WebElement:
        """An element that exists, visible or not (a radio button styled away behind its label)."""
        return self.wait(timeout).until(EC.presence_of_element_located((By.XPATH, xpath)))

    def all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def button(self, text: str, timeout: float = 15) -> WebElement:
        return self.wait(timeout).until(EC.element_to_be_clickable((By.XPATH, f"//button[contains(normalize-space(), {json.dumps(text)})]")))

    def click(self, text: str) -> None:
        element = self.button(text)
        # Centre it, so a toast in the corner never sits on top of it.
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def field(self, label: str, timeout: float = 15) -> WebElement:
        """The input, select or textarea labelled `label` (exactly)."""
        label_element = self.find_x(f"//label[normalize-space()={json.dumps(label)}]", timeout)
        return self.driver.find_element(By.ID, label_element.get_attribute("for"))

    def fill(self, label: str, value: str) -> None:
        element = self.field(label)
        element.clear()
        element.send_keys(value)

    def text(self, css: str) -> str:
        return self.find(css).text

    def heading(self) -> str:
        return self.find("h1").text

    def wait_path(self, path: str, timeout: float = 15) -> None:
        try:
            self.wait(timeout).until(lambda driver: driver.execute_script("return location.pathname + location.search") == path)
        except TimeoutException as error:
            raise AssertionError(f"expected {path}, at {self.path()}") from error

    def path(self) -> str:
        return self.driver.execute_script("return location.pathname + location.search")

    def toast_texts(self) -> list[str]:
        return [toast.text for toast in self.all(".toast")]

    # --- session --------------------------------------------------------------------------------------------
    def adopt_session(self, account: Account) -> None:
        """Hands the API session's cookies (refresh and CSRF) to the browser: it then continues that
        session through a silent refresh, as after a reload."""
        self.open("/login")
        self.find("h1")
        for cookie in account.session.cookies:
            self.driver.add_cookie(
                {
                    "name": cookie.name,
                    "value": cookie.value,
                    "path": cookie.path,
                    "httpOnly": cookie.name == "draizer_refresh",
                    "sameSite": "Strict",
                }
            )

    def sign_in(self, account: Account, landing: str = "/dashboard") -> None:
        self.adopt_session(account)
        self.open(landing)
        self.find("main h1, .page-header h1")

    # --- console --------------------------------------------------------------------------------------------
    def allow_console(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def collect_console(self) -> list[dict]:
        self.console.extend(self.driver.get_log("browser"))
        return self.console

    def console_errors(self) -> list[str]:
        return [
            entry["message"]
            for entry in self.collect_console()
            if entry["level"] == "SEVERE" and not any(pattern.search(entry["message"]) for pattern in self.allowed)
        ]

    def cookies(self) -> dict[str, dict]:
        """Every cookie of the browser, whatever its path (WebDriver's own call shows only the page's)."""
        return {cookie["name"]: cookie for cookie in self.driver.execute_cdp_cmd("Network.getAllCookies", {})["cookies"]}

    def horizontal_overflow(self) -> int:
        return self.driver.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")

    def quit(self) -> None:
        self.driver.quit()
