#!/usr/bin/env python3
"""Sustained paper orders per second, on PostgreSQL (next to pgbench's simple-update rate on the same
server) and on SQLite. Run under scripts/with-postgres (it needs DATABASE_URL and pgbench).

Sixteen users each trade their own portfolio (orders on one portfolio are serialised by design); wrk
spreads 10 USD market buys over them round-robin for DURATION seconds.
"""
import os, re, subprocess, sys
from bench_common import parse_wrk, post, start_server, stop_server, wrk

DURATION = int(os.environ.get("BENCH_SECONDS", "15"))
USERS = 16


def run_orders(label, database_url):
    overrides = {"LOG_LEVEL": "error", "MARKET_DATA_SOURCE": "simulated", "SIMULATION_HISTORY_DAYS": "1",
                 "INITIAL_BALANCE_USD": "1000000000", "PASSWORD_HASH_MEMORY_KIB": "1024"}
    if database_url:
        overrides["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)  # the SQLite run must not inherit with-postgres's database
    server, base, data, _ = start_server(overrides)
    try:
        tokens = [post(base + "/api/v1/auth/register", {"email": f"bench{i}@example.com", "username": f"bench{i}",
                                                        "password": "correct-Horse-battery-9"})["access_token"]
                  for i in range(USERS)]
        script = os.path.join(data, "orders.lua")
        with open(script, "w") as f:
            f.write("local tokens = {" + ",".join(f'"{t}"' for t in tokens) + "}\n"
                    "local n = 0\n"
                    "request = function()\n"
                    "  n = n + 1\n"
                    "  local headers = {}\n"
                    "  headers[\"Content-Type\"] = \"application/json\"\n"
                    "  headers[\"Authorization\"] = \"Bearer \" .. tokens[(n % #tokens) + 1]\n"
                    "  return wrk.format(\"POST\", \"/api/v1/trading/orders\", headers,"
                    " '{\"side\": \"buy\", \"symbol\": \"BTCUSDT\", \"quote_amount\": \"10\"}')\n"
                    "end\n")
        rps, latency, errors = parse_wrk(wrk(["-t2", "-c32", f"-d{DURATION}s", "--latency", "-s", script, base + "/"]))
        print(f"  {label:<34} {rps:8.0f} orders/s, p50 {latency.get('50', float('nan')):.1f} ms, "
              f"p99 {latency.get('99', float('nan')):.1f} ms (non-2xx: {errors})")
    finally:
        stop_server(server, data)


def pgbench_rate():
    pg = "/usr/lib/postgresql/15/bin/pgbench"
    subprocess.run([pg, "-i", "-s", "1", "-q", "draizer"], capture_output=True, check=True)
    out = subprocess.run([pg, "-b", "simple-update", "-c", "8", "-j", "2", "-T", str(DURATION), "draizer"],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"tps = ([\d.]+)", out).group(1))


def main():
    print("trading: paper market orders (10 USD buys, 16 portfolios, wrk -c32)")
    database_url = os.environ.get("DATABASE_URL")
    if database_url:
        print(f"  pgbench simple-update (-c8) on the same PostgreSQL: {pgbench_rate():8.0f} tps")
        run_orders("POST /trading/orders on PostgreSQL", database_url)
    run_orders("POST /trading/orders on SQLite", None)


if __name__ == "__main__":
    sys.exit(main())
