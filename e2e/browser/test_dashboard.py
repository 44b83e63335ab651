"""The dashboard: the simulated-market banner, the live price, KPIs, candles with the trades marked, the
equity curve, positions and the latest decision, drawn fast and kept live by the stream."""

import os
import re
import time

from selenium.webdriver.common.by import By

from support import Account, Browser

FIRST_RENDER_BUDGET_MS = float(os.environ.get("E2E_FIRST_RENDER_MS", "1000"))
PRICE = re.compile(r"^\d{1,3}(,\d{3})*\.\d{2}$")


def test_the_dashboard_renders_within_a_second(browser: Browser, account: Account) -> None:
    browser.adopt_session(account)
    browser.open("/dashboard")
    # First render: the price, the KPIs and both charts on screen, measured from the navigation's start.
    browser.find(".kpi__value", timeout=10)
    browser.wait(10).until(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, ".chart canvas")) == 2)
    browser.wait(10).until(lambda driver: PRICE.match(driver.find_element(By.CSS_SELECTOR, ".quote__price").text))
    elapsed = browser.driver.execute_script("return performance.now()")
    print(f"dashboard first render: {elapsed:.0f} ms")
    assert elapsed < FIRST_RENDER_BUDGET_MS, f"first render took {elapsed:.0f} ms"


def test_the_dashboard_shows_the_market_and_the_account(signed_in: Browser, account: Account) -> None:
    browser = signed_in
    banner = browser.text(".banner--warning")
    assert "Simulated market" in banner and "paper trading" in banner
    browser.wait().until(lambda driver: PRICE.match(driver.find_element(By.CSS_SELECTOR, ".quote__price").text))
    change = browser.text(".quote__change")
    assert re.search(r"[▲▼•].*[+−]?\d", change, re.S), change
    kpis = {kpi.find_element(By.CSS_SELECTOR, ".kpi__label").text: kpi.find_element(By.CSS_SELECTOR, ".kpi__value").text for kpi in browser.all(".kpi")}
    assert kpis["EQUITY"] == "$1,000.00" and kpis["CASH"] == "$1,000.00" and kpis["TRADES"] == "0"
    assert "No open positions" in browser.text("#main")
    assert "1 trade in view" not in browser.text(".chart-legend")
    # Another interval of candles.
    browser.find_x("//label[.//span[normalize-space()='1m']]").click()
    browser.wait().until(lambda driver: "1m candlestick chart" in driver.find_element(By.CSS_SELECTOR, ".chart--candles canvas").get_attribute("aria-label"))


def test_prices_and_trades_arrive_live(signed_in: Browser, account: Account) -> None:
    browser = signed_in
    browser.wait(20).until(lambda driver: "Live" in driver.find_element(By.CSS_SELECTOR, ".stream-status").text)
    first = browser.text(".quote__price")
    # The simulated market ticks every few seconds.
    browser.wait(30).until(lambda driver: driver.find_element(By.CSS_SELECTOR, ".quote__price").text != first)

    placed = account.buy("150")
    browser.wait(15).until(lambda driver: any("Bought" in text for text in [toast.text for toast in driver.find_elements(By.CSS_SELECTOR, ".toast")]))
    assert any(f"Bought {placed['transaction']['quantity'].rstrip('0')} BTCUSDT" in text for text in browser.toast_texts())
    browser.wait(15).until(lambda driver: "BTCUSDT" in driver.find_element(By.CSS_SELECTOR, "#main").text and "Sell" in driver.find_element(By.CSS_SELECTOR, "#main").text)
    browser.wait(15).until(lambda driver: "1 trade in view" in driver.find_element(By.CSS_SELECTOR, ".chart-legend").text)
    kpis = {kpi.find_element(By.CSS_SELECTOR, ".kpi__label").text: kpi.find_element(By.CSS_SELECTOR, ".kpi__value").text for kpi in browser.all(".kpi")}
    assert kpis["TRADES"] == "1"


def test_the_latest_decision_and_bot_status_are_shown(signed_in: Browser, account: Account) -> None:
    browser = signed_in
    assert "No decisions yet" in browser.text(".grid-2")
    answer = account.api("POST", "/api/v1/ai/analyze", json={"execute": False})
    assert answer.status_code == 201, answer.text
    decision = answer.json()
    browser.wait(15).until(lambda driver: decision["action"] in driver.find_element(By.CSS_SELECTOR, ".decision").text)
    assert "Stopped" in browser.text(".grid-2 .card .badge")
    account.api("POST", "/api/v1/ai/bot/start")
    browser.wait(15).until(lambda driver: "Running" in driver.find_element(By.CSS_SELECTOR, ".grid-2").text)
    account.api("POST", "/api/v1/ai/bot/stop")
    time.sleep(0.2)
