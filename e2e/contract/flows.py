#!/usr/bin/env python3
"""Accounts and happy paths for the contract run (see scripts/test-contract).

  flows.py user  --base URL --out FILE          register a user through the real API, enrol 2FA (pyotp), and
                                                 write {"access_token", "email", "password", ...} to FILE
  flows.py flows --base URL --schema SRC [--junit FILE] [--database-url URL | --sqlite PATH]
                                                 walk the stateful happy paths a fuzzer cannot reach (cookie
                                                 refresh/logout with CSRF, email verification, 2FA sign-in, password
                                                 change, session revocation, logout everywhere, 2FA disable,
                                                 account deletion, the WebSocket upgrade), validating every
                                                 answer against the OpenAPI document with Schemathesis' checks
  flows.py limits --base URL --schema SRC [--junit FILE]
                                                 against a server with tiny limits: lockout (423), a full
                                                 password-hash queue (503) and the rate limit (429)

SRC is a URL or a file path of the OpenAPI document. Exit status 1 when anything does not conform.
"""
import argparse
import base64
import json
import os
import re
import secrets
import socket
import sqlite3
import subprocess
import sys
import time
import traceback
import urllib.parse
from xml.sax.saxutils import escape

import pyotp
import requests

PASSWORD_ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.!"


def random_password():
    return "Ct-" + "".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(24))


def random_identity(prefix):
    tag = secrets.token_hex(5)
    return f"{prefix}-{tag}@contract.example.com", f"{prefix}_{tag}"


def totp_code(secret, steps_ahead=0):
    """The TOTP code `steps_ahead` 30-second steps from now (the server accepts ±1 step, each step once)."""
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_ahead)


def session():
    s = requests.Session()
    s.headers["User-Agent"] = "draizer-contract-test"
    return s


def enrol(base, http, token):
    """2FA setup + enable with the current code; returns (secret, recovery codes)."""
    auth = {"Authorization": f"Bearer {token}"}
    setup = http.post(f"{base}/api/v1/auth/mfa/setup", headers=auth, timeout=30)
    setup.raise_for_status()
    secret = setup.json()["secret"]
    enabled = http.post(f"{base}/api/v1/auth/mfa/enable", headers=auth, json={"code": totp_code(secret)}, timeout=30)
    enabled.raise_for_status()
    return secret, enabled.json()["recovery_codes"]


def create_user(base, prefix="contract"):
    """Registers a user and enrols 2FA through the API; the registration's access token then has full access."""
    http = session()
    email, username = random_identity(prefix)
    password = random_password()
    registered = http.post(f"{base}/api/v1/auth/register",
                           json={"email": email, "username": username, "password": password}, timeout=60)
    if registered.status_code != 201:
        raise SystemExit(f"registration failed: {registered.status_code} {registered.text}")
    token = registered.json()["access_token"]
    secret, codes = enrol(base, http, token)
    me = http.get(f"{base}/api/v1/portfolio", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    if me.status_code != 200:
        raise SystemExit(f"the new user cannot reach the API: {me.status_code} {me.text}")
    return {"access_token": token, "email": email, "username": username, "password": password,
            "totp_secret": secret, "recovery_codes": codes}


# ---------------------------------------------------------------------------------------------- flows

class Checker:
    """Sends requests through Schemathesis cases and applies its response checks to every answer."""

    def __init__(self, base, schema_source, exclude=None):
        import schemathesis
        from schemathesis.checks import not_a_server_error
        from schemathesis.specs.openapi.checks import (content_type_conformance, response_headers_conformance,
                                                       response_schema_conformance, status_code_conformance)
        self.base = base
        if re.match(r"^https?://", schema_source):
            self.schema = schemathesis.openapi.from_url(schema_source)
        else:
            self.schema = schemathesis.openapi.from_path(schema_source)
        self.checks = [not_a_server_error, status_code_conformance, content_type_conformance,
                       response_headers_conformance, response_schema_conformance]
        self.results = []  # (name, error or None, seconds)
        self.exclude = re.compile(exclude) if exclude else None

    def call(self, http, method, path, expect, *, name=None, body=None, headers=None, query=None, path_parameters=None,
             raw_path=None):
        """Sends the request and checks the answer; `expect` is the status wanted, or None for any documented one."""
        if self.exclude and self.exclude.search(path):
            print(f"  skip {name or method.upper() + ' ' + path} (excluded)", flush=True)
            return None
        operation = self.schema[path][method.upper()]
        kwargs = {}
        if body is not None:
            kwargs["body"] = body
            kwargs["media_type"] = "application/json"
        case = operation.Case(headers=headers or {}, query=query or {}, path_parameters=path_parameters or {}, **kwargs)
        started = time.monotonic()
        label = name or f"{method.upper()} {raw_path or path} → {expect}"
        error = None
        response = None
        try:
            response = case.call(base_url=self.base, session=http, timeout=60)
        except requests.RequestException as failure:
            error = f"no answer: {failure}"
        if response is not None:
            if expect is not None and response.status_code != expect:
                error = f"expected {expect}, got {response.status_code}: {response.text[:500]}"
            else:
                error = validate(case, response, self.checks)
        self.results.append((label, error, time.monotonic() - started))
        print(("  ok   " if error is None else "  FAIL ") + label + ("" if error is None else f"\n{indent(error)}"), flush=True)
        return response

    def check(self, label, case, response, checks=None):
        self.note(label, validate(case, response, checks or self.checks))

    def note(self, label, error=None):
        self.results.append((label, error, 0.0))
        print(("  ok   " if error is None else "  FAIL ") + label + ("" if error is None else f"\n{indent(error)}"), flush=True)

    @property
    def failures(self):
        return [r for r in self.results if r[1] is not None]

    def write_junit(self, path):
        cases = []
        for label, error, seconds in self.results:
            inner = f'<failure message="does not conform">{escape(error)}</failure>' if error else ""
            cases.append(f'  <testcase classname="contract.flows" name="{escape(label, {chr(34): "&quot;"})}" time="{seconds:.3f}">{inner}</testcase>')
        xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<testsuite name="contract-flows" tests="{len(self.results)}" '
               f'failures="{len(self.failures)}">\n' + "\n".join(cases) + "\n</testsuite>\n")
        with open(path, "w") as f:
            f.write(xml)


def failure_text(failure):
    return f"{type(failure).__name__}: {failure}"


def validate(case, response, checks):
    """None when the answer passes every check, else what is wrong (Schemathesis raises a FailureGroup,
    which is a BaseExceptionGroup rather than an Exception)."""
    try:
        case.validate_response(response, checks=checks)
        return None
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as failure:  # noqa: BLE001 — FailureGroup
        return failure_text(failure)


def indent(text):
    return "\n".join("       " + line for line in str(text).splitlines())


def verification_token(email, database_url=None, sqlite_path=None):
    """The token of the newest verification mail to `email`, from the development outbox."""
    query = "SELECT body FROM outbox_messages WHERE recipient = ? ORDER BY created_at DESC LIMIT 1"
    body = None
    if sqlite_path:
        with sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True, timeout=10) as db:
            row = db.execute(query, (email,)).fetchone()
            body = row[0] if row else None
    elif database_url:
        env = dict(os.environ)
        schema = os.environ.get("POSTGRES_SCHEMA")
        if schema:
            env["PGOPTIONS"] = f"-c search_path={schema}"
        sql = query.replace("?", "'" + email.replace("'", "''") + "'")
        out = subprocess.run(["psql", database_url, "-Atc", sql], capture_output=True, text=True, env=env, timeout=30)
        if out.returncode != 0:
            raise RuntimeError(f"psql: {out.stderr.strip()}")
        body = out.stdout.strip() or None
    if not body:
        return None
    match = re.search(r"verify-email\?token=([A-Za-z0-9._-]+)", body)
    return match.group(1) if match else None


def websocket_upgrade(base, ticket):
    """A bare RFC 6455 handshake; returns the status line and the headers of the answer."""
    url = urllib.parse.urlparse(base)
    key = base64.b64encode(os.urandom(16)).decode()
    request = (f"GET /api/v1/stream?ticket={urllib.parse.quote(ticket)} HTTP/1.1\r\nHost: {url.netloc}\r\n"
               f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
               f"Origin: {base}\r\n\r\n")
    with socket.create_connection((url.hostname, url.port or 80), timeout=15) as sock:
        sock.sendall(request.encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(4096)
            if not chunk:
                break
            data += chunk
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    headers = {}
    for line in head[1:]:
        if ":" in line:
            k, v = line.split(":", 1)
            headers[k.strip().lower()] = v.strip()
    return head[0], headers


def run_flows(base, schema_source, database_url=None, sqlite_path=None, exclude=None):
    c = Checker(base, schema_source, exclude)
    origin = {"Origin": base}

    # --- user B: the session life cycle --------------------------------------------------------------
    print("flows: session life cycle", flush=True)
    b = session()
    email, username = random_identity("flows")
    password = random_password()
    r = c.call(b, "post", "/api/v1/auth/register", 201,
               body={"email": email, "username": username, "password": password, "full_name": "Flow Tester"})
    token = r.json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    c.call(b, "get", "/api/v1/portfolio", 403, headers=bearer, name="GET /api/v1/portfolio before 2FA → 403")
    c.call(b, "get", "/api/v1/users/me", 200, headers=bearer)
    c.call(b, "post", "/api/v1/auth/verify-email/resend", 202, headers=bearer)
    try:
        link = verification_token(email, database_url, sqlite_path)
    except Exception as problem:  # noqa: BLE001 — the outbox is a development aid; say why it could not be read
        link = None
        c.note("read the verification link from the outbox", f"{problem}")
    if link:
        c.call(b, "post", "/api/v1/auth/verify-email", 200, body={"token": link})
        c.call(b, "post", "/api/v1/auth/verify-email/resend", 204, headers=bearer, name="POST /api/v1/auth/verify-email/resend when verified → 204")
    elif database_url is None and sqlite_path is None:
        print("  skip email verification: no database to read the outbox from", flush=True)
    c.call(b, "post", "/api/v1/auth/mfa/enable", 409, headers=bearer, body={"code": "000000"},
           name="POST /api/v1/auth/mfa/enable before setup → 409")
    setup = c.call(b, "post", "/api/v1/auth/mfa/setup", 200, headers=bearer)
    secret = setup.json()["secret"]
    c.call(b, "post", "/api/v1/auth/mfa/enable", 400, headers=bearer, body={"code": "0000000"},
           name="POST /api/v1/auth/mfa/enable wrong code → 400")
    codes = c.call(b, "post", "/api/v1/auth/mfa/enable", 200, headers=bearer, body={"code": totp_code(secret)}).json()["recovery_codes"]
    csrf = b.cookies.get("draizer_csrf")
    c.call(b, "post", "/api/v1/auth/refresh", 403, headers={"X-CSRF-Token": "wrong", **origin},
           name="POST /api/v1/auth/refresh with a wrong CSRF token → 403")
    r = c.call(b, "post", "/api/v1/auth/refresh", 200, headers={"X-CSRF-Token": csrf, **origin})
    token = r.json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    c.call(b, "get", "/api/v1/portfolio", 200, headers=bearer)
    # an order, its idempotent replay, and the CSV export
    key = {"Idempotency-Key": "contract-" + secrets.token_hex(6)}
    c.call(b, "post", "/api/v1/trading/orders", 201, headers={**bearer, **key},
           body={"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"})
    c.call(b, "post", "/api/v1/trading/orders", 200, headers={**bearer, **key},
           body={"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"}, name="POST /api/v1/trading/orders replayed → 200")
    c.call(b, "post", "/api/v1/trading/orders", 201, headers=bearer,
           body={"side": "sell", "symbol": "BTCUSDT", "quantity": "0.0001"}, name="POST /api/v1/trading/orders sell → 201")
    c.call(b, "post", "/api/v1/trading/orders", 422, headers=bearer,
           body={"side": "sell", "symbol": "ETHUSDT", "quantity": "1"}, name="POST /api/v1/trading/orders nothing to sell → 422")
    c.call(b, "get", "/api/v1/portfolio/transactions", 200, headers=bearer, query={"format": "csv"},
           name="GET /api/v1/portfolio/transactions?format=csv → 200")
    c.call(b, "get", "/api/v1/portfolio/transactions", 200, headers=bearer, query={"side": "sell", "per_page": 1})
    c.call(b, "get", "/api/v1/portfolio/stats", 200, headers=bearer)
    c.call(b, "get", "/api/v1/portfolio/equity", 200, headers=bearer)
    c.call(b, "put", "/api/v1/trading/venue", 409, headers=bearer, body={"venue": "binance_testnet"},
           name="PUT /api/v1/trading/venue testnet without keys → 409")
    # second sign-in: password, then a recovery code
    login = session()
    challenge = c.call(login, "post", "/api/v1/auth/login", 200, body={"username": username, "password": password},
                       name="POST /api/v1/auth/login with 2FA → 200 challenge").json()
    c.call(login, "post", "/api/v1/auth/mfa/verify", 401, body={"mfa_token": challenge["mfa_token"], "code": "000000"},
           name="POST /api/v1/auth/mfa/verify wrong code → 401")
    c.call(login, "post", "/api/v1/auth/mfa/verify", 200, body={"mfa_token": challenge["mfa_token"], "recovery_code": codes[0]},
           name="POST /api/v1/auth/mfa/verify with a recovery code → 200")
    # a third session, listed and revoked
    third = session()
    challenge = c.call(third, "post", "/api/v1/auth/login", 200, body={"email": email, "password": password},
                       name="POST /api/v1/auth/login by email → 200 challenge").json()
    r = c.call(third, "post", "/api/v1/auth/mfa/verify", 200, body={"mfa_token": challenge["mfa_token"], "recovery_code": codes[1]},
               name="POST /api/v1/auth/mfa/verify (third session) → 200")
    third_token = r.json()["access_token"]
    sessions = c.call(third, "get", "/api/v1/users/me/sessions", 200, headers={"Authorization": f"Bearer {third_token}"}).json()
    third_id = next(s["id"] for s in sessions if s["current"])
    c.call(b, "delete", "/api/v1/users/me/sessions/{session_id}", 204, headers=bearer, path_parameters={"session_id": third_id})
    c.call(third, "get", "/api/v1/users/me", 401, headers={"Authorization": f"Bearer {third_token}"},
           name="GET /api/v1/users/me with a revoked session → 401")
    c.call(b, "post", "/api/v1/auth/mfa/recovery-codes", 200, headers=bearer, body={"code": totp_code(secret, 1)})
    c.call(b, "post", "/api/v1/auth/password/change", 400, headers=bearer,
           body={"current_password": "not-the-password-1", "new_password": random_password()},
           name="POST /api/v1/auth/password/change wrong current password → 400")
    new_password = random_password()
    r = c.call(b, "post", "/api/v1/auth/password/change", 200, headers=bearer,
               body={"current_password": password, "new_password": new_password})
    bearer = {"Authorization": f"Bearer {r.json()['access_token']}"}
    c.call(b, "get", "/api/v1/users/me/security-events", 200, headers=bearer, query={"page": 1, "per_page": 5})
    ticket = c.call(b, "post", "/api/v1/stream/ticket", 200, headers=bearer).json()["ticket"]
    c.call(b, "get", "/api/v1/stream", 426, query={"ticket": ticket}, name="GET /api/v1/stream without an upgrade → 426")
    status_line, headers = websocket_upgrade(base, ticket)
    if " 101 " in status_line + " " and headers.get("upgrade", "").lower() == "websocket":
        c.note("GET /api/v1/stream WebSocket upgrade → 101")
    else:
        c.note("GET /api/v1/stream WebSocket upgrade → 101", f"got {status_line!r} {headers}")
    upgrade = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode()}
    c.call(b, "get", "/api/v1/stream", 401, query={"ticket": ticket}, headers=upgrade,
           name="GET /api/v1/stream with a used ticket → 401")
    c.call(login, "post", "/api/v1/auth/logout", 204, headers={"X-CSRF-Token": login.cookies.get("draizer_csrf"), **origin},
           name="POST /api/v1/auth/logout (cookie session) → 204")
    c.call(b, "post", "/api/v1/auth/logout-all", 204, headers=bearer)
    c.call(b, "get", "/api/v1/users/me", 401, headers=bearer, name="GET /api/v1/users/me after logout-all → 401")

    # --- user C: 2FA off and on again, then account deletion ------------------------------------------------
    print("flows: 2FA disable and account deletion", flush=True)
    cc = session()
    email, username = random_identity("flows")
    password = random_password()
    token = c.call(cc, "post", "/api/v1/auth/register", 201, body={"email": email, "username": username, "password": password},
                   name="POST /api/v1/auth/register (second user) → 201").json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    secret, codes = enrol(base, cc, token)
    c.call(cc, "post", "/api/v1/auth/mfa/setup", 409, headers=bearer, name="POST /api/v1/auth/mfa/setup when enabled → 409")
    c.call(cc, "post", "/api/v1/auth/mfa/disable", 400, headers=bearer, body={"password": "wrong-password-123", "code": "000000"},
           name="POST /api/v1/auth/mfa/disable wrong password → 400")
    c.call(cc, "post", "/api/v1/auth/mfa/disable", 204, headers=bearer, body={"password": password, "recovery_code": codes[0]})
    c.call(cc, "delete", "/api/v1/users/me", 403, headers=bearer, body={"password": password},
           name="DELETE /api/v1/users/me without 2FA on an MFA_REQUIRED server → 403")
    secret, codes = enrol(base, cc, token)
    c.call(cc, "put", "/api/v1/users/me/exchange-keys", 200, headers=bearer,
           body={"api_key": "A" * 16 + secrets.token_hex(8), "secret_key": "S" * 16 + secrets.token_hex(8)})
    c.call(cc, "put", "/api/v1/trading/venue", 200, headers=bearer, body={"venue": "binance_testnet"})
    c.call(cc, "post", "/api/v1/trading/orders", 422, headers=bearer, body={"side": "buy", "symbol": "BTCUSDT", "quote_amount": "50"},
           name="POST /api/v1/trading/orders on the testnet with refused keys → 422")
    c.call(cc, "delete", "/api/v1/users/me/exchange-keys", 204, headers=bearer)
    c.call(cc, "patch", "/api/v1/users/me", 200, headers=bearer, body={"full_name": "Renamed Tester"})
    c.call(cc, "post", "/api/v1/portfolio/reset", 200, headers=bearer)
    c.call(cc, "delete", "/api/v1/users/me", 204, headers=bearer, body={"password": password, "recovery_code": codes[0]})
    c.call(cc, "get", "/api/v1/users/me", 401, headers=bearer, name="GET /api/v1/users/me after deletion → 401")

    # --- user D: the AI bot (docs/ai-api-contract.md) -----------------------------------------------------
    ai_flows(c, base)

    # --- values beyond the documented ranges are refused, not crashed on -----------------------------------
    print("flows: out-of-range parameters", flush=True)
    anon = session()
    largest = 2**63 - 1
    for query in ({"symbol": "BTCUSDT", "interval": "1h", "start": largest},
                  {"symbol": "BTCUSDT", "interval": "1d", "start": 0, "end": largest},
                  {"symbol": "BTCUSDT", "interval": "1m", "end": largest}):
        c.call(anon, "get", "/api/v1/market/candles", None, query=query,
               name="GET /api/v1/market/candles?" + urllib.parse.urlencode(query) + " → a documented answer")
    return c


def ai_flows(c, base):
    """The bot's settings, start/stop, an analysis, and the decision history, with a user of its own."""
    print("flows: AI bot", flush=True)
    if c.exclude and c.exclude.search("/api/v1/ai/bot"):
        print("  skip the AI bot (excluded)", flush=True)
        return
    d = session()
    email, username = random_identity("flows")
    created = d.post(f"{base}/api/v1/auth/register", json={"email": email, "username": username, "password": random_password()}, timeout=60)
    token = created.json()["access_token"]
    enrol(base, d, token)
    bearer = {"Authorization": f"Bearer {token}"}
    answer = c.call(d, "get", "/api/v1/ai/bot", 200, headers=bearer)
    bot = answer.json() if answer is not None and answer.status_code == 200 else {}
    c.call(d, "put", "/api/v1/ai/bot", 200, headers=bearer,
           body={"interval_minutes": 60, "risk": {"max_position_pct": 30, "min_confidence": 55, "daily_loss_limit_pct": None},
                 "notify": {"trades": True}}, name="PUT /api/v1/ai/bot (subset, percent as a number) → 200")
    c.call(d, "put", "/api/v1/ai/bot", 200, headers=bearer, body={"risk": {"max_position_pct": "25.5", "daily_loss_limit_pct": "3"}},
           name="PUT /api/v1/ai/bot (percent as a string) → 200")
    if not bot.get("llm_available", True):
        c.call(d, "put", "/api/v1/ai/bot", 400, headers=bearer, body={"engine": "llm"},
               name="PUT /api/v1/ai/bot engine llm without an LLM key → 400")
    c.call(d, "put", "/api/v1/ai/bot", 400, headers=bearer, body={"interval_minutes": 0}, name="PUT /api/v1/ai/bot invalid value → 400")
    c.call(d, "put", "/api/v1/ai/bot", 400, headers=bearer, body={"intervall_minutes": 5}, name="PUT /api/v1/ai/bot unknown field → 400")
    c.call(d, "post", "/api/v1/ai/bot/start", 200, headers=bearer)
    c.call(d, "post", "/api/v1/ai/bot/start", 200, headers=bearer, name="POST /api/v1/ai/bot/start again → 200")
    c.call(d, "post", "/api/v1/ai/bot/stop", 200, headers=bearer)
    decision = c.call(d, "post", "/api/v1/ai/analyze", 201, headers=bearer, body={"symbol": "BTCUSDT", "execute": False})
    c.call(d, "post", "/api/v1/ai/analyze", 201, headers=bearer, body={"execute": True}, name="POST /api/v1/ai/analyze executing → 201")
    c.call(d, "post", "/api/v1/ai/analyze", 201, headers=bearer, name="POST /api/v1/ai/analyze without a body → 201")
    c.call(d, "post", "/api/v1/ai/analyze", 400, headers=bearer, body={"symbol": "XRPUSDT"},
           name="POST /api/v1/ai/analyze on a symbol without a live feed → 400")
    c.call(d, "get", "/api/v1/ai/decisions", 200, headers=bearer)
    c.call(d, "get", "/api/v1/ai/decisions", 200, headers=bearer,
           query={"engine": "rules", "trigger": "manual", "executed": "false", "per_page": 5, "page": 1},
           name="GET /api/v1/ai/decisions filtered → 200")
    if decision is not None and decision.status_code == 201:
        c.call(d, "get", "/api/v1/ai/decisions/{decision_id}", 200, headers=bearer, path_parameters={"decision_id": decision.json()["id"]})
    c.call(d, "get", "/api/v1/ai/decisions/{decision_id}", 404, headers=bearer,
           path_parameters={"decision_id": "6F9619FF-8B86-D011-B42D-00C04FC964FF"}, name="GET /api/v1/ai/decisions/{unknown} → 404")
    c.call(d, "get", "/api/v1/ai/decisions/{decision_id}", 404, headers=bearer,
           path_parameters={"decision_id": "not-a-uuid"}, name="GET /api/v1/ai/decisions/{not a UUID} → 404")


def run_limits(base, schema_source):
    """Against a server started with tiny limits (see scripts/test-contract): the 423, 503 and 429 answers
    that nearly every operation documents, checked once each against the document."""
    import concurrent.futures
    c = Checker(base, schema_source)
    http = session()
    email, username = random_identity("limits")
    password = random_password()
    c.call(http, "post", "/api/v1/auth/register", 201, body={"email": email, "username": username, "password": password},
           name="POST /api/v1/auth/register (limits server) → 201")
    c.call(http, "post", "/api/v1/auth/login", 401, body={"email": email, "password": password + "-wrong"},
           name="POST /api/v1/auth/login wrong password (locks at MAX_LOGIN_ATTEMPTS=1) → 401")
    c.call(http, "post", "/api/v1/auth/login", 423, body={"email": email, "password": password},
           name="POST /api/v1/auth/login while locked → 423")

    # PASSWORD_HASH_QUEUE=0: while one hash runs, the others are refused with 503 busy.
    def attempt(_):
        s = session()
        operation = c.schema["/api/v1/auth/login"]["POST"]
        case = operation.Case(body={"email": "nobody-" + secrets.token_hex(4) + "@contract.example.com", "password": "x" * 20},
                              media_type="application/json")
        return case, case.call(base_url=base, session=s, timeout=60)
    with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
        answers = list(pool.map(attempt, range(4)))
    busy = [(case, r) for case, r in answers if r.status_code == 503]
    if not busy:
        c.note("POST /api/v1/auth/login with the hash queue full → 503", f"no 503 among {[r.status_code for _, r in answers]}")
    else:
        case, response = busy[0]
        # Deliberate: this 503 is documented, so every check but "not a server error" applies.
        c.check("POST /api/v1/auth/login with the hash queue full → 503", case, response, checks=c.checks[1:])

    # RATE_LIMIT_PER_MINUTE is small: the next requests run into 429 (a new minute may reset the count once).
    for _ in range(40):
        operation = c.schema["/api/v1/market/symbols"]["GET"]
        case = operation.Case()
        response = case.call(base_url=base, session=http, timeout=30)
        if response.status_code == 429:
            c.check("GET /api/v1/market/symbols over the limit → 429", case, response)
            break
        error = validate(case, response, c.checks)
        if error:
            c.note("GET /api/v1/market/symbols under the limit → 200", error)
            break
    else:
        c.note("GET /api/v1/market/symbols over the limit → 429", "never limited")
    return c


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    user = sub.add_parser("user")
    user.add_argument("--base", required=True)
    user.add_argument("--out", required=True)
    user.add_argument("--prefix", default="contract")
    flows = sub.add_parser("flows")
    flows.add_argument("--base", required=True)
    flows.add_argument("--schema", required=True)
    flows.add_argument("--junit")
    flows.add_argument("--database-url")
    flows.add_argument("--sqlite")
    flows.add_argument("--exclude-path-regex", help="skip the steps on matching paths (operations that do not exist yet)")
    limits = sub.add_parser("limits")
    limits.add_argument("--base", required=True)
    limits.add_argument("--schema", required=True)
    limits.add_argument("--junit")
    args = parser.parse_args()
    base = args.base.rstrip("/")
    if args.command == "user":
        created = create_user(base, args.prefix)
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(created, f)
        print(f"user {created['email']} registered, 2FA enabled")
        return 0
    try:
        if args.command == "limits":
            checker = run_limits(base, args.schema)
        else:
            checker = run_flows(base, args.schema, args.database_url, args.sqlite, args.exclude_path_regex)
    except Exception:
        traceback.print_exc()
        print("flows: aborted by an unexpected error (see above)", file=sys.stderr)
        return 1
    if args.junit:
        checker.write_junit(args.junit)
    failed = checker.failures
    print(f"{args.command}: {len(checker.results) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
