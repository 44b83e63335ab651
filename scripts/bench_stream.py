#!/usr/bin/env python3
"""Stream fan-out (issue 4): N WebSocket clients subscribed to BTCUSDT on the simulated market; for every
price tick, the latency from the tick's creation (its `source_time`, same machine clock) to its arrival at
each client, p50/p99 over all deliveries; and the server's memory per connected client.

The clients are `stream-bench` (Benchmarks/StreamBench, native, one event-loop thread): a Python client
harness was itself the bottleneck at thousands of clients. Client and server share this machine's cores, so
the figures include the harness reading every frame."""
import json, os, subprocess, sys, threading, time
from bench_common import ROOT, post, start_server, stop_server

TICKS = int(os.environ.get("BENCH_TICKS", "4"))
HARNESS = os.environ.get("STREAM_BENCH", os.path.join(ROOT, ".build-release/release/stream-bench"))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def run(clients, pinned):
    server, base, data, _ = start_server({"LOG_LEVEL": "error", "MARKET_DATA_SOURCE": "simulated",
                                          "SIMULATION_HISTORY_DAYS": "1", "PASSWORD_HASH_MEMORY_KIB": "1024",
                                          "WEB_DIR": "/nonexistent", "PIN_EVENT_LOOPS": pinned})
    try:
        token = post(base + "/api/v1/auth/register", {"email": "s@example.com", "username": "streamer",
                                                      "password": "correct-Horse-battery-9"})["access_token"]
        time.sleep(1)
        before = rss_kib(server.pid)
        peak = [before]
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                peak[0] = max(peak[0], rss_kib(server.pid))
                time.sleep(0.1)

        sampler = threading.Thread(target=sample)
        sampler.start()
        # The harness runs at idle priority: the server gets the CPUs first, as it would with the browsers on
        # machines of their own. Latency is measured at arrival in the client's socket, not at reading.
        out = subprocess.run(["chrt", "--idle", "0", HARNESS, base, token, str(clients), str(TICKS)], capture_output=True, text=True,
                             check=True, timeout=120 + 10 * TICKS).stdout
        stop.set()
        sampler.join()
        result = json.loads(out.strip().splitlines()[-1])
        per_client = (peak[0] - before) / clients
        # Per-client memory is judged where it means something: at 100 clients the RSS change is mostly noise.
        verdict = "meets" if result["p99_ms"] < 50 and (per_client < 20 or clients < 1000) else "MISSES"
        loops = "loops pinned" if pinned == "true" else "loops unpinned"
        ticks = ", ".join(f"{value:.0f}" for value in result["tick_p99_ms"])
        print(f"  {clients:5d} clients, {loops}: {result['deliveries']} deliveries to {result['complete_clients']} clients, "
              f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms (max {result['max_ms']:.1f}; per tick {ticks}; "
              f"read by the harness: p99 {result['read_p99_ms']:.1f}); "
              f"server memory {per_client:.1f} KiB per client (RSS {before / 1024:.0f} → {peak[0] / 1024:.0f} MiB); "
              f"target p99 < 50 ms and < 20 KiB per client: {verdict}")
    finally:
        stop_server(server, data)


def main():
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    print("stream: price ticks fanned out to N WebSocket clients (simulated market)")
    # PIN_EVENT_LOOPS is an operator's choice (docs/operations.md): both are measured.
    for clients in [int(n) for n in os.environ.get("BENCH_CLIENTS", "100,5000").split(",")]:
        for pinned in os.environ.get("BENCH_PIN_EVENT_LOOPS", "false,true").split(","):
            run(clients, pinned)


if __name__ == "__main__":
    sys.exit(main())
