"""Every page, on a desktop and on a phone: no console errors or CSP violations, no sideways scrolling, a
heading; keyboard access; the strict CSP on the app itself."""

import re

import pytest
import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from support import ARTIFACTS, Account, Browser

PAGES = ["/dashboard", "/trade", "/trades", "/decisions", "/bot", "/settings", "/nowhere"]
SIZES = {"desktop": (1280, 800, False), "phone": (390, 844, True)}


@pytest.mark.parametrize("size", SIZES)
def test_every_page_is_clean(make_browser, account: Account, size: str) -> None:
    width, height, mobile = SIZES[size]
    browser = make_browser(width, height, mobile)
    account.buy("80")
    account.api("POST", "/api/v1/ai/analyze", json={"execute": False})
    browser.sign_in(account)
    for path in PAGES:
        browser.open(path)
        heading = browser.find("h1").text
        assert heading, path
        # Let the page load its data and the live updates arrive.
        browser.wait().until(lambda driver: not driver.find_elements(By.CSS_SELECTOR, ".loading"))
        assert browser.horizontal_overflow() <= 0, f"{path} scrolls sideways on a {size}"
        assert browser.console_errors() == [], path
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        browser.driver.save_screenshot(str(ARTIFACTS / f"page-{size}-{path.strip('/')}.png"))
    decision = account.api("GET", "/api/v1/ai/decisions").json()["items"][0]
    browser.open(f"/decisions/{decision['id']}")
    browser.find("pre.code-block")
    assert browser.console_errors() == []
    browser.driver.save_screenshot(str(ARTIFACTS / f"page-{size}-decision-detail.png"))


def test_the_phone_menu_opens_and_navigates(make_browser, account: Account) -> None:
    browser = make_browser(390, 844, True)
    browser.sign_in(account)
    assert not browser.driver.find_element(By.ID, "sidebar").is_displayed()
    browser.click("Menu")
    browser.find_x("//nav//a[contains(., 'Trades')]").click()
    browser.wait_path("/trades")
    assert not browser.driver.find_element(By.ID, "sidebar").is_displayed()


def test_the_keyboard_reaches_everything(signed_in: Browser) -> None:
    browser = signed_in
    body = browser.driver.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    active = browser.driver.switch_to.active_element
    assert active.text == "Skip to content"
    # The focus ring is visible on whatever has focus.
    outline = browser.driver.execute_script("return getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    active.send_keys(Keys.ENTER)
    assert browser.driver.execute_script("return location.hash") == "#main"
    # Client-side navigation moves focus to the new page's heading.
    browser.find_x("//nav//a[contains(., 'Bot')]").send_keys(Keys.ENTER)
    browser.wait_path("/bot")
    browser.wait().until(lambda driver: driver.switch_to.active_element.tag_name == "h1")
    # Toasts are announced.
    assert browser.driver.find_element(By.CSS_SELECTOR, ".toasts").get_attribute("aria-live") == "polite"


def test_the_app_is_served_under_the_strict_csp(server) -> None:
    response = requests.get(server.base + "/dashboard", timeout=10)
    policy = response.headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'"):
        assert directive in policy
    html = response.text
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "an inline script"
    assert "<style" not in html and "style=" not in html
    assert re.search(r'src="/assets/app-[A-Z0-9]+\.js"', html)
    asset = re.search(r'href="(/assets/app-[A-Z0-9]+\.css)"', html)
    assert asset and requests.get(server.base + asset.group(1), timeout=10).headers["Cache-Control"].startswith("public")


def test_an_unknown_page_says_so(signed_in: Browser) -> None:
    signed_in.open("/no/such/page")
    assert signed_in.heading() == "Page not found"
    signed_in.find_x("//a[normalize-space()='Go to the dashboard']").click()
    signed_in.wait_path("/dashboard")
