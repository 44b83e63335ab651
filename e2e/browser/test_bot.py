"""The bot page: validated settings, the symbols it can trade (the live ones the server publishes), start and
stop, and "analyze now" with the decision feed and detail."""

import requests
from selenium.webdriver.common.by import By

from support import Account, Browser, Server


def test_settings_are_checked_before_saving_and_persist(signed_in: Browser, account: Account) -> None:
    browser = signed_in
    browser.open("/bot")
    browser.fill("Interval", "0")
    browser.fill("Max position", "120")
    browser.click("Save settings")
    errors = [error.text for error in browser.all(".field__error")]
    assert any("1 to 1440" in error for error in errors) and any("at most 100" in error for error in errors)

    browser.fill("Interval", "5")
    browser.fill("Max position", "20.5")
    browser.fill("Max order", "250")
    browser.find_x("//label[normalize-space()='Pause after a daily loss']").click()
    browser.click("Save settings")
    browser.wait().until(lambda driver: any("saved" in toast.text for toast in driver.find_elements(By.CSS_SELECTOR, ".toast")))
    saved = account.api("GET", "/api/v1/ai/bot").json()
    assert saved["interval_minutes"] == 5 and saved["risk"]["max_position_pct"] == "20.50"
    assert saved["risk"]["max_order_usd"] == "250" and saved["risk"].get("daily_loss_limit_pct") is None

    browser.driver.refresh()
    assert browser.field("Interval").get_attribute("value") == "5"
    assert browser.field("Max position").get_attribute("value") == "20.50"


def test_the_symbol_choices_are_the_live_symbols(signed_in: Browser, server: Server) -> None:
    live = requests.get(server.base + "/api/v1/trading/config", timeout=10).json()["live_symbols"]
    listed = [info["symbol"] for info in requests.get(server.base + "/api/v1/market/symbols", timeout=10).json()]
    # The simulated market lists more symbols than it streams: the ones without a live feed must not be offered.
    assert live and set(live) < set(listed)
    browser = signed_in
    browser.open("/bot")
    # Once the config has loaded, the field says where its choices come from.
    browser.find_x("//span[contains(@class, 'field__hint') and normalize-space()='Symbols with a live price feed.']")
    options = browser.field("Symbol").find_elements(By.TAG_NAME, "option")
    assert [option.get_attribute("value") for option in options] == live
    assert all(option.is_enabled() for option in options)


def test_the_llm_engine_is_offered_only_with_a_key(signed_in: Browser) -> None:
    signed_in.open("/bot")
    llm = signed_in.present("//label[contains(., 'no key on the server')]//input")
    assert not llm.is_enabled()


def test_start_and_stop(signed_in: Browser, account: Account) -> None:
    browser = signed_in
    browser.open("/bot")
    browser.click("Start the bot")
    browser.wait().until(lambda driver: "Running" in driver.find_element(By.CSS_SELECTOR, ".grid-2 .stack .card .badge").text)
    assert account.api("GET", "/api/v1/ai/bot").json()["status"] == "running"
    browser.click("Stop the bot")
    browser.wait().until(lambda driver: "Stopped" in driver.find_element(By.CSS_SELECTOR, ".grid-2 .stack .card .badge").text)


def test_analyze_now_then_read_the_decision(signed_in: Browser) -> None:
    browser = signed_in
    browser.open("/bot")
    browser.click("Analyze BTCUSDT")
    summary = browser.find(".decision").text
    assert "Rules engine" in summary and "Trigger: Manual" in summary

    browser.find_x("//nav//a[contains(., 'AI decisions')]").click()
    browser.wait_path("/decisions")
    browser.wait().until(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, ".decision-list > li")) == 1)
    browser.find_x("//a[contains(., 'Details')]").click()
    browser.wait().until(lambda driver: driver.execute_script("return location.pathname").startswith("/decisions/"))
    assert browser.heading() == "AI decision"
    assert "Market snapshot" in browser.text("#main")
    assert '"indicators_15m"' in browser.text("pre.code-block")
