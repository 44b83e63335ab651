"""Registration, 2FA enrolment, sign-in with a code or a recovery code, the silent refresh after a reload,
email verification and signing out."""

import re

import pyotp

from support import PASSWORD, Account, Browser, Server


def test_register_enrol_two_factor_and_reach_the_dashboard(browser: Browser) -> None:
    browser.open("/register")
    name = "reg" + browser.driver.execute_script("return Date.now().toString(36)")
    browser.fill("Email", f"{name}@example.com")
    browser.fill("Username", name)
    browser.fill("Password", PASSWORD)
    browser.fill("Confirm password", PASSWORD)
    browser.click("Create account")

    browser.wait_path("/check-email")
    assert f"{name}@example.com" in browser.text(".card")
    browser.click("Set up two-factor authentication")

    browser.wait_path("/setup-2fa")
    qr = browser.find("img.qr__image")
    assert browser.driver.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0", qr)
    secret = browser.text(".secret").replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)

    browser.allow_console(r"mfa/enable - Failed to load resource: the server responded with a status of 400")
    browser.fill("Code from the app", "000000")
    browser.click("Turn on two-factor authentication")
    assert "does not match" in browser.find(".field__error").text

    browser.fill("Code from the app", pyotp.TOTP(secret).now())
    browser.click("Turn on two-factor authentication")
    browser.find(".recovery-codes li")
    codes = [item.text for item in browser.all(".recovery-codes li")]
    assert len(codes) == 10 and all(re.fullmatch(r"[0-9a-z]{4}-[0-9a-z]{4}-[0-9a-z]{4}", code) for code in codes)
    assert not browser.find_x("//button[normalize-space()='Go to the dashboard']").is_enabled()
    browser.find_x("//label[contains(., 'I have saved my recovery codes')]").click()
    browser.click("Go to the dashboard")

    browser.wait_path("/dashboard")
    assert browser.heading() == "Dashboard"
    assert "Verify your email" in browser.text(".banners")


def test_sign_in_with_password_and_code_and_survive_a_reload(browser: Browser, account: Account) -> None:
    browser.open("/login")
    browser.fill("Email or username", account.username)
    browser.fill("Password", account.password)
    browser.click("Sign in")
    browser.fill("Authentication code", account.code())
    browser.click("Verify")
    browser.wait_path("/dashboard")

    # The access token lives in memory only: nothing in storage, and no cookie the page can read holds it.
    storage = browser.driver.execute_script("return JSON.stringify(localStorage) + JSON.stringify(sessionStorage) + document.cookie")
    assert "eyJ" not in storage
    refresh = browser.cookies()["draizer_refresh"]
    assert refresh["httpOnly"] and refresh["sameSite"] == "Strict" and refresh["path"] == "/api/v1/auth"

    browser.driver.refresh()
    assert browser.heading() == "Dashboard"
    browser.find(".kpi__value")


def test_sign_in_with_a_recovery_code(browser: Browser, account: Account) -> None:
    browser.open("/login")
    browser.fill("Email or username", account.email)
    browser.fill("Password", account.password)
    browser.click("Sign in")
    browser.click("Use a recovery code instead")
    browser.fill("Recovery code", account.recovery_code())
    browser.click("Verify")
    browser.wait_path("/dashboard")


def test_a_wrong_password_is_explained(browser: Browser, account: Account) -> None:
    browser.allow_console(r"auth/login - Failed to load resource: the server responded with a status of 401")
    browser.open("/login")
    browser.fill("Email or username", account.username)
    browser.fill("Password", "not-the-password-1")
    browser.click("Sign in")
    assert "not correct" in browser.find(".form-error").text
    assert browser.path() == "/login"


def test_a_guest_signs_in_and_lands_where_they_were_going(browser: Browser, account: Account) -> None:
    browser.open("/trades?side=buy")
    browser.wait_path("/login?next=%2Ftrades%3Fside%3Dbuy")
    browser.fill("Email or username", account.username)
    browser.fill("Password", account.password)
    browser.click("Sign in")
    browser.fill("Authentication code", account.code())
    browser.click("Verify")
    browser.wait_path("/trades?side=buy")
    assert browser.heading() == "Trades"


def test_signing_out_clears_the_session(signed_in: Browser) -> None:
    browser = signed_in
    browser.click("Sign out")
    browser.wait_path("/login")
    assert "You are signed out." in browser.text(".card")
    assert set(browser.cookies()) & {"draizer_refresh", "draizer_csrf"} == set()
    browser.open("/dashboard")
    browser.wait_path("/login")
    browser.driver.back()
    browser.wait_path("/login")


def test_the_verification_link_verifies_the_email(signed_in: Browser, account: Account, server: Server) -> None:
    mail = next(body for body in server.outbox(account.email) if "/verify-email?token=" in body)
    link = re.search(r"/verify-email\?token=\S+", mail)
    assert link is not None
    browser = signed_in
    browser.open(link.group(0))
    assert "is confirmed" in browser.find(".banner--success").text
    browser.wait_path("/verify-email")
    browser.find_x("//a[normalize-space()='Continue']").click()
    browser.wait_path("/dashboard")
    browser.find(".kpi__value")
    assert "Verify your email" not in browser.text(".main__inner")
