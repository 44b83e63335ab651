"""Manual orders with their preview, and the trade history with its filters and CSV export."""

import re
import time
from decimal import Decimal
from pathlib import Path

from selenium.webdriver.common.by import By

from support import Account, Browser


def preview(browser: Browser) -> dict[str, str]:
    items = browser.find(".preview").find_elements(By.XPATH, "./dt")
    return {item.text: item.find_element(By.XPATH, "following-sibling::dd[1]").text for item in items}


def test_a_buy_shows_its_preview_then_fills(signed_in: Browser) -> None:
    browser = signed_in
    browser.open("/trade")
    browser.fill("Amount to spend, fee included", "200")
    browser.wait().until(lambda driver: preview(browser)["Quantity (lot 0.00001)"] != "—")
    shown = preview(browser)
    quantity = Decimal(shown["Quantity (lot 0.00001)"].split()[0])
    assert quantity > 0 and quantity == quantity.quantize(Decimal("0.00001"))
    fee = Decimal(shown["Fee (0.1 %)"].lstrip("$"))
    assert Decimal("0.19") <= fee <= Decimal("0.21")
    assert Decimal(shown["Cash after"].lstrip("$").replace(",", "")) >= Decimal("799.9")

    browser.click("Buy BTC")
    receipt = browser.find(".banner--success").text
    assert "Order filled" in receipt and "Bought" in receipt
    filled = Decimal(re.search(r"Bought ([\d.]+) BTC", receipt).group(1))
    # The price may move between the preview and the fill; the quantity follows it by a step or two at most.
    assert abs(filled - quantity) <= Decimal("0.00002")
    browser.wait(10).until(lambda driver: any("Bought" in toast.text for toast in driver.find_elements(By.CSS_SELECTOR, ".toast")))


def test_selling_everything_and_what_cannot_be_sold(signed_in: Browser, account: Account) -> None:
    bought = account.buy("100")["position"]["quantity"]
    browser = signed_in
    browser.open("/trade?symbol=BTCUSDT&side=sell")
    browser.fill("Quantity", "1")
    warning = browser.find(".field__error").text
    assert "is held" in warning
    assert not browser.find_x("//button[contains(., 'Sell BTC')]").is_enabled()
    browser.click("Max")
    browser.wait().until(lambda driver: browser.field("Quantity").get_attribute("value") == bought)
    browser.wait().until(lambda driver: preview(browser)["BTC after"] == "0")
    browser.click("Sell BTC")
    assert "Sold" in browser.find(".banner--success").text


def test_the_history_filters_pages_and_exports(signed_in: Browser, account: Account) -> None:
    for amount in ("50", "60", "70"):
        account.buy(amount)
    sold = account.api("POST", "/api/v1/trading/orders", json={"side": "sell", "symbol": "BTCUSDT", "quantity": "0.0001"})
    assert sold.status_code == 201, sold.text
    browser = signed_in
    browser.open("/trades")
    browser.wait().until(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, "tbody tr")) == 4)
    assert "1–4 of 4" in browser.text(".pagination")
    headers = [cell.text for cell in browser.all("thead th")]
    assert headers[:6] == ["TIME", "SYMBOL", "SIDE", "QUANTITY", "PRICE", "AMOUNT"]
    # Numbers are right-aligned; sides carry an arrow besides their colour.
    assert browser.driver.execute_script("return getComputedStyle(document.querySelector('tbody td.num')).textAlign") == "right"
    assert "▼ Sell" in browser.text("tbody")

    browser.field("Side").find_element(By.CSS_SELECTOR, "option[value='sell']").click()
    browser.wait_path("/trades?side=sell")
    browser.wait().until(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, "tbody tr")) == 1)
    browser.driver.back()
    browser.wait_path("/trades")
    browser.wait().until(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, "tbody tr")) == 4)

    browser.click("Export CSV")
    target = Path(browser.downloads) / "draizer-transactions.csv"
    deadline = time.time() + 10
    while not target.exists() and time.time() < deadline:
        time.sleep(0.1)
    lines = target.read_text().strip().splitlines()
    assert lines[0].startswith("time,id,run,symbol,side")
    assert len(lines) == 5


def test_the_empty_history_says_so(signed_in: Browser) -> None:
    signed_in.open("/trades?side=sell&from=2020-01-01&to=2020-01-02")
    assert "No trades match these filters" in signed_in.text(".empty")
    signed_in.click("Clear filters")
    signed_in.wait_path("/trades")
    assert "No trades yet" in signed_in.text(".empty")
