"""Manual orders with their preview (on the fee and slippage the server publishes), and the trade history with
its filters and CSV export."""

import re
import time
from decimal import ROUND_CEILING, Decimal
from pathlib import Path

import requests
from selenium.webdriver.common.by import By

from support import SERVER_ENV, Account, Browser, Server


def preview(browser: Browser) -> dict[str, str]:
    """The preview's terms and values, read in one go (a live price re-renders it between two reads)."""
    browser.find(".preview")
    return browser.driver.execute_script(
        "const terms = {};"
        "for (const term of document.querySelectorAll('.preview dt'))"
        "  terms[term.innerText.trim()] = term.nextElementSibling ? term.nextElementSibling.innerText.trim() : '';"
        "return terms;"
    )


def money(text: str) -> Decimal:
    return Decimal(text.lstrip("$").replace(",", ""))


def percent(bps: int) -> str:
    """Basis points as the preview labels them: 20 → "0.2", 8 → "0.08"."""
    return format(Decimal(bps) / 100, "f").rstrip("0").rstrip(".") or "0"


def trading_config(server: Server) -> dict:
    response = requests.get(server.base + "/api/v1/trading/config", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_a_buy_shows_its_preview_with_the_served_rules_then_fills(signed_in: Browser, account: Account, server: Server) -> None:
    config = trading_config(server)
    # The session's server charges other than the defaults (SERVER_ENV), so a preview on assumed values shows.
    assert (config["fee_bps"], config["slippage_bps"]) == (int(SERVER_ENV["TRADING_FEE_BPS"]), int(SERVER_ENV["SLIPPAGE_BPS"]))
    assert (config["fee_bps"], config["slippage_bps"]) != (10, 5)
    fee_rate = Decimal(config["fee_bps"]) / 10_000
    slippage_rate = Decimal(config["slippage_bps"]) / 10_000
    fee_label = f"Fee ({percent(config['fee_bps'])} %)"
    fill_label = f"Expected fill (slippage {percent(config['slippage_bps'])} %)"

    browser = signed_in
    browser.open("/trade")
    browser.fill("Amount to spend, fee included", "200")
    browser.wait().until(lambda driver: fee_label in preview(browser) and preview(browser)["Quantity (lot 0.00001)"] != "—")
    shown = preview(browser)
    assert fill_label in shown, shown
    quantity = Decimal(shown["Quantity (lot 0.00001)"].split()[0])
    assert quantity > 0 and quantity == quantity.quantize(Decimal("0.00001"))
    # The fill is the market price moved by the served slippage (up, onto the 0.01 tick), and the fee is the
    # served share of the order's value: cents apart at most, from the display's rounding.
    market = money(shown["Market price"])
    assert abs(money(shown[fill_label]) - market * (1 + slippage_rate)) <= Decimal("0.01")
    value = money(shown["Value"])
    fee = money(shown[fee_label])
    assert abs(fee - value * fee_rate) <= Decimal("0.01")
    assert money(shown["Cash out"]) <= Decimal("200")
    assert money(shown["Cash after"]) >= Decimal("799.9")

    browser.click("Buy BTC")
    receipt = browser.find(".banner--success").text
    assert "Order filled" in receipt and "Bought" in receipt
    filled = Decimal(re.search(r"Bought ([\d.]+) BTC", receipt).group(1))
    # The price may move between the preview and the fill; the quantity follows it by a step or two at most.
    assert abs(filled - quantity) <= Decimal("0.00002")
    browser.wait(10).until(lambda driver: any("Bought" in toast.text for toast in driver.find_elements(By.CSS_SELECTOR, ".toast")))
    # The server charged what the preview said it would: the served fee rate of the fill's value, rounded up.
    transaction = account.api("GET", "/api/v1/portfolio/transactions").json()["items"][0]
    charged = Decimal(transaction["fee"])
    assert charged == (Decimal(transaction["quote_amount"]) * fee_rate).quantize(Decimal("0.00000001"), rounding=ROUND_CEILING)
    assert abs(charged - fee) <= Decimal("0.01")


def test_the_order_form_offers_every_listed_symbol(signed_in: Browser, server: Server) -> None:
    listed = [info["symbol"] for info in requests.get(server.base + "/api/v1/market/symbols", timeout=10).json()]
    signed_in.open("/trade")
    symbol = signed_in.field("Symbol")
    signed_in.wait().until(lambda driver: len(symbol.find_elements(By.TAG_NAME, "option")) == len(listed))
    assert [option.get_attribute("value") for option in symbol.find_elements(By.TAG_NAME, "option")] == listed


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
