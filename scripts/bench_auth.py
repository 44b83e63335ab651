#!/usr/bin/env python3
"""Login throughput against the raw libargon2 rate, and GET /users/me latency during a login flood.

1. raw rate: libargon2 in process (`draizer hash-benchmark`, the server's parameters), and Debian's
   `argon2` CLI as a second opinion;
2. login flood: wrk POSTs correct logins for DURATION seconds;
3. during a second flood, wrk measures GET /api/v1/users/me latency on other connections;
4. the server's resident memory at idle and at its peak under the flood.
"""
import os, re, subprocess, sys, tempfile, threading, time
from bench_common import BINARY, parse_wrk, post, start_server, stop_server, wrk

DURATION = int(os.environ.get("BENCH_SECONDS", "20"))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def raw_argon2_rate(env, runs=20):
    out = subprocess.run([BINARY, "hash-benchmark", "--count", str(runs)],
                         env=dict(env, DATA_DIR=tempfile.mkdtemp(prefix="draizer-bench-hash-")),
                         capture_output=True, text=True, check=True).stdout
    in_process = float(re.search(r"= ([\d.]+) hashes/s", out).group(1))
    start = time.perf_counter()
    for _ in range(10):
        subprocess.run(["argon2", "somesaltsomesalt", "-id", "-t", "3", "-m", "16", "-p", "4", "-l", "32"],
                       input=b"correct-Horse-battery-9", capture_output=True, check=True)
    return in_process, 10 / (time.perf_counter() - start)


def main():
    server, base, data, env = start_server({"LOG_LEVEL": "warning", "MARKET_DATA_SOURCE": "simulated",
                                            "SIMULATION_HISTORY_DAYS": "1"})
    try:
        token = post(base + "/api/v1/auth/register", {"email": "bench@example.com", "username": "bench",
                                                      "password": "correct-Horse-battery-9"})["access_token"]
        time.sleep(1)
        idle = rss_kib(server.pid)
        raw, cli = raw_argon2_rate(env)
        login_lua = os.path.join(data, "login.lua")
        with open(login_lua, "w") as f:
            f.write('wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                    'wrk.body = \'{"email": "bench@example.com", "password": "correct-Horse-battery-9"}\'\n')

        peak = [idle]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], rss_kib(server.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample)
        sampler.start()
        login_out = wrk(["-t1", "-c8", f"-d{DURATION}s", "--timeout", "30s", "-s", login_lua, base + "/api/v1/auth/login"])
        flood = threading.Thread(target=lambda: wrk(["-t1", "-c8", f"-d{DURATION + 4}s", "--timeout", "30s", "-s",
                                                     login_lua, base + "/api/v1/auth/login"]))
        flood.start()
        time.sleep(2)
        me_out = wrk(["-t1", "-c4", f"-d{DURATION}s", "--latency", "-H", f"Authorization: Bearer {token}",
                      base + "/api/v1/users/me"])
        flood.join()
        stop.set()
        sampler.join()

        login_rps, _, login_errors = parse_wrk(login_out)
        me_rps, me_latency, me_errors = parse_wrk(me_out)
        print("auth: password hashing (Argon2id m=64 MiB, t=3, p=4)")
        print(f"  raw libargon2, in process (hash-benchmark):  {raw:8.2f} hashes/s")
        print(f"  raw libargon2, Debian's argon2 CLI:          {cli:8.2f} hashes/s (includes process start)")
        print(f"  POST /auth/login under wrk -c8 ({DURATION}s):       {login_rps:8.2f} logins/s "
              f"({100 * login_rps / raw:.0f}% of raw; non-2xx: {login_errors})")
        print(f"  GET /users/me during a login flood:          {me_rps:8.0f} req/s, "
              f"p50 {me_latency.get('50', float('nan')):.2f} ms, p99 {me_latency.get('99', float('nan')):.2f} ms "
              f"(non-2xx: {me_errors})")
        print(f"  server RSS: idle {idle / 1024:.1f} MiB, peak under flood {peak[0] / 1024:.1f} MiB")
    finally:
        stop_server(server, data)


if __name__ == "__main__":
    sys.exit(main())
