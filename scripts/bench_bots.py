"""Bot-cycle capacity (issue 6): one scheduler pass over 10,000 bots with the rules engine, and over 1,000
with the LLM engine against a fake provider that takes 2 s per answer, on SQLite (and PostgreSQL when
DATABASE_URL is set). Targets: under 10 s and under 60 s."""
import json, os, subprocess, sys, tempfile, time
from bench_common import BINARY, free_port

RULES_BOTS = int(os.environ.get("BENCH_RULES_BOTS", "10000"))
LLM_BOTS = int(os.environ.get("BENCH_LLM_BOTS", "1000"))


def run(label, bots, engine, extra_env):
    data = tempfile.mkdtemp(prefix="draizer-bots-")
    env = dict(os.environ, DATA_DIR=data, DOTENV_FILE="/nonexistent", MARKET_DATA_SOURCE="simulated",
               SIMULATION_HISTORY_DAYS="3", LOG_LEVEL="error", WEB_DIR="/nonexistent")
    if "DATABASE_URL" in os.environ:
        env["POSTGRES_SCHEMA"] = f"bench_{engine}_{int(time.time())}"
    env.update(extra_env)
    subprocess.run([BINARY, "migrate", "--yes"], env=env, check=True, stdout=subprocess.DEVNULL)
    out = subprocess.run([BINARY, "bot-benchmark", "--bots", str(bots), "--engine", engine], env=env, check=True,
                         capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    target = 10 if engine == "rules" else 60
    verdict = "meets" if result["seconds"] < target else "MISSES"
    print(f"{label}: {result['bots']} {engine} bots in {result['seconds']:.2f} s "
          f"({result['bots'] / result['seconds']:.0f} bots/s; decided {result['decided']}, traded {result['traded']}, "
          f"failed {result['failed']}); process RSS {result['rss_mib']:.0f} MiB; target < {target} s: {verdict}")


database = "PostgreSQL" if "DATABASE_URL" in os.environ else "SQLite"
run(f"rules engine, {database}", RULES_BOTS, "rules", {})
port = free_port()
fake = subprocess.Popen([sys.executable, os.path.join(os.path.dirname(__file__), "fake_llm.py"), str(port), "2"])
try:
    time.sleep(0.5)
    run(f"LLM engine (2 s per answer, AI_LLM_CONCURRENCY=64), {database}", LLM_BOTS, "llm",
        {"DEEPSEEK_API_KEY": "sk-bench", "DEEPSEEK_BASE_URL": f"http://127.0.0.1:{port}", "AI_LLM_CONCURRENCY": "64"})
finally:
    fake.terminate()
