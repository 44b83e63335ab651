#!/usr/bin/env python3
"""Sustained paper orders per second, on PostgreSQL (next to pgbench's simple-update rate on the same
server) and on SQLite. Run under scripts/with-postgres (it needs DATABASE_URL and pgbench).

64 users each trade their own portfolio, one order in flight per portfolio as people placing orders would
(orders on one portfolio queue by design): wrk -c64 spreads 10 USD market buys over them round-robin for
DURATION seconds. Next to it, pgbench runs the very statement an order books, with no server in between:
what PostgreSQL alone can book on this machine.
"""
import os, re, subprocess, sys
from bench_common import parse_wrk, post, start_server, stop_server, wrk

DURATION = int(os.environ.get("BENCH_SECONDS", "15"))
USERS = int(os.environ.get("BENCH_USERS", "64"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "64"))


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
            # Each user's request is formatted once per wrk thread: wrk shares the server's two cores, and
            # formatting headers anew for every request cost it a tenth more CPU.
            f.write("local tokens = {" + ",".join(f'"{t}"' for t in tokens) + "}\n"
                    "local requests, n = {}, 0\n"
                    "init = function(args)\n"
                    "  for i, token in ipairs(tokens) do\n"
                    "    requests[i] = wrk.format(\"POST\", \"/api/v1/trading/orders\", {[\"Content-Type\"] = \"application/json\","
                    " [\"Authorization\"] = \"Bearer \" .. token},"
                    " '{\"side\": \"buy\", \"symbol\": \"BTCUSDT\", \"quote_amount\": \"10\"}')\n"
                    "  end\n"
                    "end\n"
                    "request = function()\n"
                    "  n = n % #requests + 1\n"
                    "  return requests[n]\n"
                    "end\n")
        rps, latency, errors = parse_wrk(wrk(["-t2", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--latency", "-s", script, base + "/"]))
        print(f"  {label:<34} {rps:8.0f} orders/s, p50 {latency.get('50', float('nan')):.1f} ms, "
              f"p99 {latency.get('99', float('nan')):.1f} ms (non-2xx: {errors})")
        if database_url:
            print(f"  {'the booking statement alone':<34} {booking_rate(data):8.0f} tps "
                  "(pgbench -c8 running what one order writes, with no server in between)")
        return rps
    finally:
        stop_server(server, data)


# What one paper order writes (LedgerWriter / PostgresBooking): the portfolio, the position, the
# transaction, its audit row and an equity snapshot, in one statement, with its notification to the caches.
# pgbench runs it directly: the most PostgreSQL can book on this machine, whatever the server does.
BOOKING_SQL = """\\set n random(0, 15)
WITH target AS (SELECT id FROM portfolios ORDER BY id OFFSET :n LIMIT 1),
p AS (UPDATE portfolios SET balance_usd = balance_usd - 1000000000, fees_paid = fees_paid + 1000000,
  trade_count = trade_count + 1, updated_at = now(), version = version + 1
  WHERE id = (SELECT id FROM target) RETURNING id, user_id, version),
announced AS (SELECT pg_notify('draizer_cache', current_schema() || ' ledgers ' || list),
  set_config('draizer.ledger_announced', list, true)
  FROM (SELECT string_agg(p.user_id::text || ':' || p.version::text, ' ') AS list FROM p HAVING count(*) > 0) booked),
pos AS (INSERT INTO positions (id, portfolio_id, symbol, quantity, average_entry_price, cost_basis, realized_pnl,
  opened_at, closed_at, created_at, updated_at)
  SELECT gen_random_uuid(), p.id, 'BTCUSDT', 20000, 5000000000000, 1000000000, 0, now(), NULL, now(), now() FROM p
  ON CONFLICT (portfolio_id, symbol) DO UPDATE SET quantity = positions.quantity + excluded.quantity,
  average_entry_price = excluded.average_entry_price, cost_basis = positions.cost_basis + excluded.cost_basis,
  updated_at = excluded.updated_at),
t AS (INSERT INTO transactions (id, portfolio_id, user_id, symbol, side, quantity, price, quote_amount, fee, fee_asset,
  realized_pnl, venue, source, exchange_order_id, idempotency_key, run_number, created_at)
  SELECT gen_random_uuid(), p.id, p.user_id, 'BTCUSDT', 'buy', 20000, 5000000000000, 1000000000, 1000000, 'USDT',
  NULL, 'paper', 'manual', NULL, NULL, 1, now() FROM p),
a AS (INSERT INTO audit_logs (id, user_id, action, resource_type, resource_id, outcome, ip_address, user_agent,
  request_id, details, created_at)
  SELECT gen_random_uuid(), p.user_id, 'trade.buy', 'transaction', 'pgbench', 'success', '127.0.0.1', 'pgbench',
  'pgbench', '{"symbol":"BTCUSDT"}', now() FROM p),
s AS (INSERT INTO equity_snapshots (id, portfolio_id, run_number, equity, cash, reason, taken_at)
  SELECT gen_random_uuid(), p.id, 1, 100000000000, 90000000000, 'trade', now() FROM p)
SELECT p.version FROM p LEFT JOIN announced ON true;
"""


def booking_rate(data):
    script = os.path.join(data, "booking.sql")
    with open(script, "w") as f:
        f.write(BOOKING_SQL)
    os.chmod(data, 0o755)
    os.chmod(script, 0o644)
    out = subprocess.run(["/usr/lib/postgresql/15/bin/pgbench", "-n", "-M", "prepared", "-f", script, "-c", "8", "-j", "2",
                          "-T", str(DURATION), "draizer"], capture_output=True, text=True, check=True).stdout
    return float(re.search(r"tps = ([\d.]+)", out).group(1))


def pgbench_rate():
    pg = "/usr/lib/postgresql/15/bin/pgbench"
    subprocess.run([pg, "-i", "-s", "1", "-q", "draizer"], capture_output=True, check=True)
    out = subprocess.run([pg, "-b", "simple-update", "-c", "8", "-j", "2", "-T", str(DURATION), "draizer"],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"tps = ([\d.]+)", out).group(1))


def settle():
    """Leaves PostgreSQL quiet before the next measurement (autovacuum and a checkpoint after one workload's
    100,000-odd writes otherwise run during the next)."""
    subprocess.run(["psql", "-q", "-d", "draizer", "-c", "VACUUM ANALYZE", "-c", "CHECKPOINT"], capture_output=True, check=True)


def main():
    print(f"trading: paper market orders (10 USD buys, {USERS} portfolios, wrk -c{CONNECTIONS})")
    database_url = os.environ.get("DATABASE_URL")
    if database_url:
        # Orders first, pgbench second: measured the other way round, the orders ran a fifth slower in the
        # database pgbench had just filled (even after settling it), while pgbench runs as fast after the
        # orders as on a fresh database. Each is measured at its best.
        orders = run_orders("POST /trading/orders on PostgreSQL", database_url)
        settle()
        pgbench = pgbench_rate()
        print(f"  pgbench simple-update (-c8) on the same PostgreSQL: {pgbench:8.0f} tps")
        verdict = "meets" if orders >= pgbench / 2 else "MISSES"
        print(f"  orders/s on PostgreSQL are {100 * orders / pgbench:.0f} % of pgbench's rate; target at least 50 %: {verdict}")
    run_orders("POST /trading/orders on SQLite", None)


if __name__ == "__main__":
    sys.exit(main())
