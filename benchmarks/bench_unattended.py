"""What real inboxes and feeds do to an unattended run (issue 28): each case in a new process, timed,
with its peak memory, stopped at a cap. Prints a Markdown table for BENCHMARKS.md.

- an XLSX whose shared strings unzip to 300 MB (a 0.8 MB file) dropped in the inbox, through one
  inbox pass (recognition, then ingest or refusal);
- a feed server that sends its headers one byte a second, fetched with a 5 s timeout;
- a feed behind 11 redirects of 4.3 s each, fetched with a 5 s timeout;
- a rejected file with a 77-character Chinese name and three good files after it: two inbox passes.

Run: .venv/bin/python benchmarks/bench_unattended.py [--cap 150]
(PYTHONPATH=<another checkout>/src measures that checkout's code with the same cases.)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))
import attack_inputs as A  # noqa: E402

INBOX = textwrap.dedent("""
    import json, sys, time
    from pathlib import Path
    from aimonthly.core.house import default_house
    from aimonthly.cycle.config import inbox_config
    from aimonthly.cycle.inbox import process
    inbox, passes = Path(sys.argv[1]), int(sys.argv[2])
    out, t = [], time.perf_counter()
    for _ in range(passes):
        try:
            out.append(", ".join(o.status for o in process(inbox.parent / "w.duckdb", inbox, "2024-05",
                                                            inbox_config(default_house()))) or "empty")
        except Exception as e:
            out.append(f"{type(e).__name__}: {str(e)[:60]}")
    print(json.dumps({"seconds": time.perf_counter() - t, "result": " / ".join(out)}, ensure_ascii=False))
""")

FEED = textwrap.dedent("""
    import json, sys, time
    from aimonthly.ingest.feeds import FeedSpec, fetch_feed
    t = time.perf_counter()
    r = fetch_feed(FeedSpec("bench", sys.argv[1], timeout=5.0))
    print(json.dumps({"seconds": time.perf_counter() - t, "result": f"{r.status}: {(r.error or '')[:60]}"}))
""")


class Slow(BaseHTTPRequestHandler):
    """/headers: one header byte a second; /hop/N: a redirect to /hop/N-1 after 4.3 s (/hop/0: a feed)."""

    stop = threading.Event()

    def log_message(self, *args):
        pass

    def do_GET(self):
        try:
            if self.path == "/headers":
                for b in b"HTTP/1.0 200 OK\r\nContent-Type: application/rss+xml\r\nX-Pad: " + b"." * 300 + b"\r\n\r\n":
                    if self.stop.wait(1.0):
                        return
                    self.wfile.write(bytes([b]))
                    self.wfile.flush()
            elif self.path.startswith("/hop/"):
                n = int(self.path.rsplit("/", 1)[1])
                if self.stop.wait(4.3):
                    return
                self.send_response(302 if n else 200)
                if n:
                    self.send_header("Location", f"/hop/{n - 1}")
                    self.end_headers()
                else:
                    body = (TESTS / "data" / "feeds" / "tech.xml").read_bytes()
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


def measure(code: str, *args: str, cap: float) -> dict:
    """Run ``code`` in a new process; its time and result, or "still running" at ``cap``; its peak memory."""
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True)
    t, peak = time.monotonic(), 0
    while proc.poll() is None and time.monotonic() - t < cap:
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
            peak = max(peak, int(next(x for x in status.splitlines() if x.startswith("VmHWM")).split()[1]))
        except (OSError, StopIteration):
            pass
        time.sleep(0.2)
    if proc.poll() is None:
        proc.kill()
        proc.wait()
        return {"seconds": cap, "result": f"still running at {cap:g} s", "rss_mb": peak / 1024}
    out = json.loads(proc.stdout.read().strip().splitlines()[-1])
    return {**out, "rss_mb": peak / 1024}


def settled(path: Path) -> Path:
    t = time.time() - 60  # dropped a minute ago: past any settle time
    os.utime(path, (t, t))
    return path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cap", type=float, default=150.0)
    cap = ap.parse_args().cap
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        inbox = Path(tmp) / "bomb" / "inbox"
        inbox.mkdir(parents=True)
        size = settled(A.strings_bomb(inbox / "export.xlsx", 300)).stat().st_size
        r = measure(INBOX, str(inbox), "1", cap=cap)
        rows.append((f"XLSX with 300 MB of shared strings ({size / 2**20:.1f} MB) in the inbox", r))

        inbox = Path(tmp) / "long" / "inbox"
        inbox.mkdir(parents=True)
        good = "month,list,product,visits\n2024-05,{list},Alpha,120\n"
        (inbox / ("流" * 77 + ".csv")).write_text(good.format(list="global").replace("120", "lots"))
        for i, lst in enumerate(("global", "domestic", "overseas")):
            (inbox / f"流{'量' * 10}_{i}.csv").write_text(good.format(list=lst))
        for p in inbox.iterdir():
            settled(p)
        r = measure(INBOX, str(inbox), "2", cap=cap)
        rows.append(("rejected file with a 77-character name, 3 good files after it: two runs", r))

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        rows.append(("feed sending a header byte a second, timeout 5 s", measure(FEED, base + "/headers", cap=cap)))
        rows.append(("feed behind 11 redirects of 4.3 s, timeout 5 s", measure(FEED, base + "/hop/11", cap=cap)))
    finally:
        Slow.stop.set()
        server.shutdown()
    print("| case | time | peak memory | result |\n| --- | ---: | ---: | --- |")
    for name, r in rows:
        print(f"| {name} | {r['seconds']:.1f} s | {r['rss_mb']:,.0f} MB | {r['result']} |")


if __name__ == "__main__":
    main()
