"""What the benchmark scripts share: ports, the server process, HTTP calls, and wrk's output."""
import json, os, re, socket, subprocess, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.environ.get("DRAIZER_BINARY", os.path.join(ROOT, ".build-release/release/draizer"))


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


def start_server(env_overrides):
    """Starts `draizer serve` on a free port with a private data directory; returns (process, base URL, dir)."""
    port = free_port()
    data = tempfile.mkdtemp(prefix="draizer-bench-")
    env = dict(os.environ, DATA_DIR=data, PORT=str(port), DOTENV_FILE="/nonexistent",
               RATE_LIMIT_PER_MINUTE="1000000", RATE_LIMIT_AUTH_PER_MINUTE="1000000", MFA_REQUIRED="false")
    env.update(env_overrides)
    server = subprocess.Popen([BINARY, "serve"], env=env, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        if server.poll() is not None:
            raise SystemExit(f"the server exited with status {server.returncode}")
        try:
            urllib.request.urlopen(base + "/health")
            return server, base, data, env
        except OSError:
            time.sleep(0.05)
    raise SystemExit("the server did not come up")


def stop_server(server, data):
    server.terminate()
    server.wait()
    subprocess.run(["rm", "-rf", data])


def wrk(args):
    return subprocess.run(["wrk", *args], capture_output=True, text=True, check=True).stdout


def parse_wrk(out):
    """Requests/s, {"50": ms, "99": ms} (with --latency), and the count of non-2xx answers."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = {}
    for pct in ("50", "99"):
        match = re.search(rf"\s{pct}(?:\.000)?%\s+([\d.]+)(us|ms|s)", out)
        if match:
            value, unit = float(match.group(1)), match.group(2)
            latency[pct] = value / 1000 if unit == "us" else value * 1000 if unit == "s" else value
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, latency, int(non2xx.group(1)) if non2xx else 0
