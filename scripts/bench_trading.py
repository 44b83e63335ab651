#!/usr/bin/env python3
"""Sustained paper orders per second, on PostgreSQL (next to pgbench's simple-update rate on the same
server) and on SQLite. Run under scripts/with-postgres (it needs DATABASE_URL and pgbench).

Sixteen users each trade their own portfolio (orders on one portfolio are serialised by design); wrk
spreads 10 USD market buys over them round-robin for DURATION seconds.
"""
import json, os, re, socket, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("DRAIZER_BINARY", os.path.join(ROOT, ".build-release/release/draizer"))
DURATION = int(os.environ.get("BENCH_SECONDS", "15"))
USERS = 16


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post(url, body, token=None):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def parse_wrk(out):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {}
    for pct in ("50", "99"):
        match = re.search(rf"\s{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)", out)
        if match:
            value, unit = float(match.group(1)), match.group(2)
            latency[pct] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, latency, int(non2xx.group(1)) if non2xx else 0


def run_orders(label, extra_env):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data = tempfile.mkdtemp(prefix="draizer-bench-")
    env = dict(os.environ, DATA_DIR=data, PORT=str(port), LOG_LEVEL="error", MFA_REQUIRED="false",
               RATE_LIMIT_PER_MINUTE="1000000", RATE_LIMIT_AUTH_PER_MINUTE="1000000", DOTENV_FILE="/nonexistent",
               MARKET_DATA_SOURCE="simulated", SIMULATION_HISTORY_DAYS="1", INITIAL_BALANCE_USD="1000000000",
               PASSWORD_HASH_MEMORY_KIB="1024", **extra_env)
    if "DATABASE_URL" not in extra_env:
        env.pop("DATABASE_URL", None)  # the SQLite run must not inherit with-postgres's database
    server = subprocess.Popen([BINARY, "serve"], env=env, stdout=subprocess.DEVNULL)
    try:
        for _ in range(600):
            if server.poll() is not None:
                raise SystemExit(f"the server exited with status {server.returncode}")
            try:
                urllib.request.urlopen(base + "/health")
                break
            except OSError:
                time.sleep(0.05)
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
        out = subprocess.run(["wrk", "-t2", "-c32", f"-d{DURATION}s", "--latency", "-s", script, base + "/"],
                             capture_output=True, text=True, check=True).stdout
        rps, latency, errors = parse_wrk(out)
        print(f"  {label:<34} {rps:8.0f} orders/s, p50 {latency.get('50', float('nan')):.1f} ms, "
              f"p99 {latency.get('99', float('nan')):.1f} ms (non-2xx: {errors})")
    finally:
        server.terminate()
        server.wait()
        subprocess.run(["rm", "-rf", data])


def pgbench_rate():
    pg = "/usr/lib/postgresql/15/bin/pgbench"
    subprocess.run([pg, "-i", "-s", "1", "-q", "draizer"], capture_output=True, check=True)
    out = subprocess.run([pg, "-b", "simple-update", "-c", "8", "-j", "2", "-T", str(DURATION), "draizer"],
                         capture_output=True, text=True, check=True).stdout
    return float(re.search(r"tps = ([\d.]+)", out).group(1))


def main():
    print("trading: paper market orders (10 USD buys, 16 portfolios, wrk -c32)")
    if os.environ.get("DATABASE_URL"):
        print(f"  pgbench simple-update (-c8) on the same PostgreSQL: {pgbench_rate():8.0f} tps")
        run_orders("POST /trading/orders on PostgreSQL", {"DATABASE_URL": os.environ["DATABASE_URL"]})
    run_orders("POST /trading/orders on SQLite", {})


if __name__ == "__main__":
    sys.exit(main())
