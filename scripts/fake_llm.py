"""A stand-in for an OpenAI-compatible API (DeepSeek) for benchmarks: answers every chat completion with
a real-shaped HOLD after a fixed delay, and lists the default model. Threaded, so slow answers overlap as
they would at the provider. Usage: python3 scripts/fake_llm.py PORT DELAY_SECONDS"""
import json, sys, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

DELAY = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
ANSWER = json.dumps({"action": "HOLD", "confidence": 40, "reasoning": "No edge after fees.", "amount_usd": None,
                     "exit_plan": {"stop_loss": None, "take_profit": None, "invalidation": ""}})
COMPLETION = json.dumps({
    "id": "bench", "object": "chat.completion", "created": 1, "model": "deepseek-v4-flash",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": ANSWER}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 1500, "completion_tokens": 60, "total_tokens": 1560,
              "prompt_cache_hit_tokens": 1280, "prompt_cache_miss_tokens": 220},
}).encode()
MODELS = json.dumps({"object": "list", "data": [{"id": "deepseek-v4-flash", "object": "model"}]}).encode()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def reply(self, body):
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.reply(MODELS)

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        time.sleep(DELAY)
        self.reply(COMPLETION)

    def log_message(self, *args):
        pass


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer.request_queue_size = 1024
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
