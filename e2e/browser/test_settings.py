"""Settings: theme, profile, password, 2FA recovery codes, sessions, security events, testnet keys and
account deletion."""

import time

import requests
from selenium.webdriver.common.by import By

from support import PASSWORD, Account, Browser, create_account


def test_the_theme_choice_persists(signed_in: Browser) -> None:
    browser = signed_in
    browser.open("/settings")
    browser.find_x("//label[.//span[contains(., 'Light')]]").click()
    assert browser.driver.execute_script("return document.documentElement.dataset.theme") == "light"
    browser.driver.refresh()
    browser.find("h1")
    assert browser.driver.execute_script("return document.documentElement.dataset.theme") == "light"
    assert browser.driver.execute_script("return localStorage.getItem('draizer.theme')") == "light"
    browser.find_x("//label[.//span[contains(., 'Dark')]]").click()
    assert browser.driver.execute_script("return document.documentElement.dataset.theme") == "dark"


def test_profile_and_password_change(signed_in: Browser, account: Account) -> None:
    browser = signed_in
    browser.open("/settings")
    browser.fill("Full name", "Ada Lovelace")
    browser.click("Save profile")
    browser.wait().until(lambda driver: "Ada Lovelace" in driver.find_element(By.CSS_SELECTOR, ".user-chip").text)

    new_password = "Another-Long-Passphrase-42"
    browser.fill("Current password", PASSWORD)
    browser.fill("New password", new_password)
    browser.fill("Confirm new password", new_password)
    browser.click("Change password")
    browser.wait().until(lambda driver: any("Password changed" in toast.text for toast in driver.find_elements(By.CSS_SELECTOR, ".toast")))
    # The page keeps working with the fresh token.
    browser.open("/trades")
    assert browser.heading() == "Trades"
    login = requests.post(account.base + "/api/v1/auth/login", json={"username": account.username, "password": new_password}, timeout=30)
    assert login.json().get("mfa_required") is True


def test_new_recovery_codes_are_shown_once(signed_in: Browser, account: Account) -> None:
    browser = signed_in
    browser.open("/settings")
    browser.click("New recovery codes")
    browser.fill("Authenticator code", account.code())
    browser.click("Generate")
    browser.find(".modal .recovery-codes li")
    codes = [item.text for item in browser.all(".modal .recovery-codes li")]
    assert len(codes) == 10 and not set(codes) & set(account.recovery_codes)
    browser.click("I have saved them")
    browser.wait().until(lambda driver: not driver.find_elements(By.CSS_SELECTOR, ".modal .recovery-codes"))


def test_sessions_can_be_revoked_and_events_are_listed(signed_in: Browser, account: Account) -> None:
    # A second session of the same user, from "another device".
    other = requests.Session()
    challenge = other.post(account.base + "/api/v1/auth/login", json={"username": account.username, "password": PASSWORD}, headers={"User-Agent": "Mozilla/5.0 (Windows NT 10.0) Firefox/130.0"}, timeout=30).json()
    verified = other.post(account.base + "/api/v1/auth/mfa/verify", json={"mfa_token": challenge["mfa_token"], "recovery_code": account.recovery_code()}, timeout=30)
    assert verified.status_code == 200, verified.text

    browser = signed_in
    browser.open("/settings")
    browser.wait().until(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, "#sessions tbody tr")) >= 2)
    assert "This browser" in browser.text("#sessions")
    before = len(browser.all("#sessions tbody tr"))
    browser.find_x("//section[@id='sessions']//button[normalize-space()='Revoke']").click()
    browser.wait().until(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, "#sessions tbody tr")) == before - 1)
    events = browser.text("#security-events")
    assert "Mfa enabled" in events and "Recovery code used" in events


def test_testnet_keys_are_write_only(signed_in: Browser) -> None:
    browser = signed_in
    browser.open("/settings")
    browser.fill("API key", "abcdefghijklmnop1234")
    browser.fill("Secret key", "qrstuvwxyzABCDEF5678")
    browser.click("Store keys")
    browser.wait().until(lambda driver: "Keys stored …1234" in driver.find_element(By.CSS_SELECTOR, "#exchange").text)
    assert browser.field("API key").get_attribute("value") == ""
    assert "abcdefghijklmnop1234" not in browser.driver.page_source
    browser.click("Remove keys")
    browser.wait().until(lambda driver: "No keys" in driver.find_element(By.CSS_SELECTOR, "#exchange").text)


def test_deleting_the_account(signed_in: Browser, account: Account) -> None:
    browser = signed_in
    browser.open("/settings")
    browser.click("Delete account")
    assert not browser.find_x("//dialog//button[normalize-space()='Delete forever']").is_enabled()
    browser.fill(f"Type your username ({account.username}) to confirm", account.username)
    browser.driver.find_element(By.CSS_SELECTOR, "dialog input[type='password']").send_keys(PASSWORD)
    browser.fill("Authenticator code", account.code())
    browser.click("Delete forever")
    browser.wait_path("/login")
    assert "Your account was deleted." in browser.text(".card")
    gone = requests.post(account.base + "/api/v1/auth/login", json={"username": account.username, "password": PASSWORD}, timeout=30)
    assert gone.status_code == 401
    time.sleep(0.1)


def test_two_accounts_never_see_each_other(make_browser, server) -> None:
    first, second = create_account(server.base), create_account(server.base)
    first.buy("120")
    browser = make_browser()
    browser.sign_in(second)
    browser.open("/trades")
    assert "No trades yet" in browser.text(".empty")


def test_turning_two_factor_off_sends_back_to_enrolment(signed_in: Browser, account: Account) -> None:
    browser = signed_in
    browser.open("/settings")
    browser.click("Turn off")
    browser.driver.find_element(By.CSS_SELECTOR, "dialog input[type='password']").send_keys(PASSWORD)
    browser.fill("Authenticator code", account.code())
    browser.click("Turn off 2FA")
    # This server requires 2FA: the session is back to enrolment, which starts with a fresh secret.
    browser.wait_path("/setup-2fa")
    browser.find(".secret")
