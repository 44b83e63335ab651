#!/usr/bin/env python3
"""GET /api/v1/portfolio (authenticated) under wrk at 64 connections (issue 8): requests per second,
p50/p99 latency, and the server's memory at idle and at its peak under load, on SQLite, or on
PostgreSQL when DATABASE_URL is set. Targets: >= 15,000 requests/s, p99 < 10 ms, idle < 60 MiB."""
import os, threading, time
from bench_common import parse_wrk, post, start_server, stop_server, wrk

DURATION = int(os.environ.get("BENCH_SECONDS", "15"))


def rss_mib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    database = "PostgreSQL" if "DATABASE_URL" in os.environ else "SQLite"
    overrides = {"LOG_LEVEL": "warning", "MARKET_DATA_SOURCE": "simulated", "SIMULATION_HISTORY_DAYS": "1",
                 "WEB_DIR": "/nonexistent"}
    if "DATABASE_URL" in os.environ:
        overrides["POSTGRES_SCHEMA"] = f"bench_portfolio_{int(time.time())}"
    server, base, data, _ = start_server(overrides)
    try:
        token = post(base + "/api/v1/auth/register", {"email": "bench@example.com", "username": "bench",
                                                      "password": "correct-Horse-battery-9"})["access_token"]
        post(base + "/api/v1/trading/orders", {"side": "buy", "symbol": "BTCUSDT", "quote_amount": "100"}, token)
        time.sleep(2)
        idle = rss_mib(server.pid)
        peak = [idle]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], rss_mib(server.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample)
        sampler.start()
        out = wrk(["-t2", "-c64", f"-d{DURATION}s", "--latency", "-H", f"Authorization: Bearer {token}",
                   base + "/api/v1/portfolio"])
        stop.set()
        sampler.join()
        rps, latency, errors = parse_wrk(out)
        verdict = "meets" if rps >= 15000 and latency.get("99", 1e9) < 10 and idle < 60 else "MISSES"
        print(f"GET /api/v1/portfolio, wrk -t2 -c64 {DURATION}s, {database}: {rps:.0f} req/s, "
              f"p50 {latency.get('50', float('nan')):.2f} ms, p99 {latency.get('99', float('nan')):.2f} ms, "
              f"non-2xx {errors}; RSS idle {idle:.1f} MiB, peak {peak[0]:.1f} MiB; "
              f"target >= 15000 req/s, p99 < 10 ms, idle < 60 MiB: {verdict}")
    finally:
        stop_server(server, data)


if __name__ == "__main__":
    main()
