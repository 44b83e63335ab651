#!/usr/bin/env python3
"""Login throughput against the raw libargon2 rate, and GET /users/me latency during a login flood.

Starts the release server on a free port with a private data directory, registers a user, then:
1. raw rate: Debian's `argon2` CLI (the reference libargon2 build) hashing with the same parameters;
2. login flood: wrk POSTs correct logins for DURATION seconds;
3. during a second flood, wrk measures GET /api/v1/users/me latency on a few other connections;
4. the server's resident memory at idle and at its peak under the flood.
"""
import json, os, re, socket, subprocess, sys, tempfile, threading, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("DRAIZER_BINARY", os.path.join(ROOT, ".build-release/release/draizer"))
DURATION = int(os.environ.get("BENCH_SECONDS", "20"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def post(url, body, token=None):
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def wrk(args):
    out = subprocess.run(["wrk", *args], capture_output=True, text=True, check=True).stdout
    return out


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


def raw_argon2_rate(env, runs=20):
    """libargon2 in process (`draizer hash-benchmark`), and Debian's argon2 CLI as a second opinion."""
    out = subprocess.run([BINARY, "hash-benchmark", "--count", str(runs)], env=env, capture_output=True,
                         text=True, check=True).stdout
    in_process = float(re.search(r"= ([\d.]+) hashes/s", out).group(1))
    start = time.perf_counter()
    for _ in range(10):
        subprocess.run(["argon2", "somesaltsomesalt", "-id", "-t", "3", "-m", "16", "-p", "4", "-l", "32"],
                       input=b"correct-Horse-battery-9", capture_output=True, check=True)
    return in_process, 10 / (time.perf_counter() - start)


def main():
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    data = tempfile.mkdtemp(prefix="draizer-bench-")
    env = dict(os.environ, DATA_DIR=data, PORT=str(port), LOG_LEVEL="warning", MFA_REQUIRED="false",
               RATE_LIMIT_PER_MINUTE="1000000", RATE_LIMIT_AUTH_PER_MINUTE="1000000", DOTENV_FILE="/nonexistent")
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
        token = post(base + "/api/v1/auth/register", {"email": "bench@example.com", "username": "bench",
                                                      "password": "correct-Horse-battery-9"})["access_token"]
        time.sleep(1)
        idle = rss_kib(server.pid)
        raw, cli = raw_argon2_rate(dict(env, DATA_DIR=tempfile.mkdtemp(prefix="draizer-bench-hash-")))

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

        results = {}

        def flood():
            results["flood"] = wrk(["-t1", "-c8", f"-d{DURATION + 4}s", "--timeout", "30s", "-s", login_lua,
                                    base + "/api/v1/auth/login"])

        flooder = threading.Thread(target=flood)
        flooder.start()
        time.sleep(2)
        me_out = wrk(["-t1", "-c4", f"-d{DURATION}s", "--latency", "-H", f"Authorization: Bearer {token}",
                      base + "/api/v1/users/me"])
        flooder.join()
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
        server.terminate()
        server.wait()
        subprocess.run(["rm", "-rf", data])


if __name__ == "__main__":
    sys.exit(main())
