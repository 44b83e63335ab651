#!/usr/bin/env python3
"""Stream fan-out: N browser clients subscribed to BTCUSDT on the simulated market; for every price tick,
the latency from the tick's creation (its `source_time`, same machine clock) to its arrival at each client,
p50/p99 over all deliveries; and the server's memory per connected client.
"""
import asyncio, json, os, resource, sys, time
import websockets
from bench_common import post, start_server, stop_server

TICKS = int(os.environ.get("BENCH_TICKS", "4"))


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


async def run(clients):
    server, base, data, _ = start_server({"LOG_LEVEL": "error", "MARKET_DATA_SOURCE": "simulated",
                                          "SIMULATION_HISTORY_DAYS": "1", "PASSWORD_HASH_MEMORY_KIB": "1024"})
    try:
        token = post(base + "/api/v1/auth/register", {"email": "s@example.com", "username": "streamer",
                                                      "password": "correct-Horse-battery-9"})["access_token"]
        before = rss_kib(server.pid)
        sockets = []
        for _ in range(clients):
            ticket = post(base + "/api/v1/stream/ticket", {}, token)["ticket"]
            ws = await websockets.connect(base.replace("http", "ws") + f"/api/v1/stream?ticket={ticket}",
                                          max_queue=None, ping_interval=None)
            await ws.send('{"type": "subscribe", "symbols": ["BTCUSDT"]}')
            sockets.append(ws)
        await asyncio.sleep(1)
        connected = rss_kib(server.pid)
        latencies = []

        async def listen(ws):
            seen = 0
            async for text in ws:
                message = json.loads(text)
                if message.get("type") == "price":
                    latencies.append(time.time() * 1000 - message["source_time"])
                    seen += 1
                    if seen >= TICKS:
                        return

        await asyncio.wait_for(asyncio.gather(*(listen(ws) for ws in sockets)), timeout=30 + 6 * TICKS)
        for ws in sockets:
            await ws.close()
        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))]
        per_client = (connected - before) / clients
        print(f"  {clients:5d} clients: {len(latencies)} deliveries, p50 {p(0.50):.1f} ms, p99 {p(0.99):.1f} ms, "
              f"server memory {per_client:.1f} KiB per client (RSS {before / 1024:.0f} → {connected / 1024:.0f} MiB)")
    finally:
        stop_server(server, data)


def main():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536), hard))
    print("stream: price ticks fanned out to N WebSocket clients (simulated market, one tick every 5 s)")
    for clients in [int(n) for n in os.environ.get("BENCH_CLIENTS", "100,5000").split(",")]:
        asyncio.run(run(clients))


if __name__ == "__main__":
    sys.exit(main())
