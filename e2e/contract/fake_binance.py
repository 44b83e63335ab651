#!/usr/bin/env python3
"""A tiny stand-in for Binance Spot Testnet's REST API, for the contract run only.

The fuzzer can store exchange keys and switch the venue to `binance_testnet`; every order then goes to
`BINANCE_API_URL`. Pointing that at this server keeps such orders fast and offline: the clock endpoint
answers, and every order is refused the way Binance refuses an unknown key (-2015), which the API turns
into a documented 422 `exchange-keys-invalid`. Nothing here is ever reachable from outside loopback.

Usage: fake_binance.py PORT_FILE   (binds 127.0.0.1 on a free port and writes the port to PORT_FILE)
"""
import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=UTF-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _drain(self):
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)

    def do_GET(self):
        self._drain()
        path = self.path.split("?", 1)[0]
        if path == "/api/v3/time":
            self._answer(200, {"serverTime": int(time.time() * 1000)})
        elif path == "/api/v3/ping":
            self._answer(200, {})
        elif path == "/api/v3/order":
            self._answer(400, {"code": -2013, "msg": "Order does not exist."})
        else:
            self._answer(404, {"code": -1, "msg": "Not found in the contract test's fake Binance."})

    def do_POST(self):
        self._drain()
        self._answer(401, {"code": -2015, "msg": "Invalid API-key, IP, or permissions for action."})

    do_DELETE = do_POST

    def log_message(self, format, *args):  # quiet
        pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    with open(sys.argv[1], "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
