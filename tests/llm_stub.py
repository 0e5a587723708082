"""A loopback endpoint that speaks OpenAI's chat-completions protocol, for the drafting tests.

``StubLLM(script)`` serves on 127.0.0.1 (a free port); ``script(request, n)`` returns what the n-th
request (from 0) gets: a ``Reply``. Every request is recorded (its JSON body and headers).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable


@dataclass
class Reply:
    content: str | None = ""  # the answer's text (None: a message without content)
    status: int = 200
    raw: bytes | None = None  # a body sent as it is (malformed JSON)
    choices: bool = True  # False: "choices": []
    delay: float = 0.0  # seconds before answering (bounded by the tests)
    headers: dict = field(default_factory=dict)


def completion(content: str | None, model: str, choices: bool = True) -> dict:
    message = {"role": "assistant", "content": content}
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 1714000000,
        "model": model,
        "choices": [{"index": 0, "message": message, "finish_reason": "stop"}] if choices else [],
        "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
    }


class StubLLM:
    def __init__(self, script: Callable[[dict, int], Reply]):
        self.script = script
        self.requests: list[dict] = []
        self.headers: list[dict] = []
        self._lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with stub._lock:
                    n = len(stub.requests)
                    stub.requests.append(body)
                    stub.headers.append({k.lower(): v for k, v in self.headers.items()})
                if not self.path.endswith("/chat/completions"):
                    reply = Reply(status=404, raw=b'{"error": {"message": "not found"}}')
                else:
                    reply = stub.script(body, n)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.raw is not None:
                    data = reply.raw
                elif reply.status != 200:
                    data = json.dumps(
                        {"error": {"message": f"stub error {reply.status}", "type": "server_error"}}
                    ).encode()
                else:
                    data = json.dumps(
                        completion(reply.content, body.get("model", ""), reply.choices), ensure_ascii=False
                    ).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> StubLLM:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


# --- a writer: plausible drafts from the prompt's own material, as a careful model would write them ---


def _field(prompt: str, name: str) -> str:
    m = re.search(rf"^{name}：(.*)$", prompt, re.M)
    return m[1].strip() if m else ""


def write_draft(prompt: str) -> str:
    """A draft for one of aimonthly draft's prompts (news summary, product line, cover titles)."""
    from aimonthly.narrative import news as news_text

    if "摘要" in prompt and "日期：" in prompt:
        date = dt.date.fromisoformat(_field(prompt, "日期"))
        body = _field(prompt, "正文")
        body = _field(prompt, "标题") + "。" if body in ("", "（无正文）") else news_text.strip_date(body, date)
        out = f"{date.month} 月 {date.day} 日消息，"
        for s in news_text.sentences(body):
            if len(out) + len(s) > 190:
                break
            out += s
        if len(out.replace(" ", "")) < 80:
            out += "该消息发布后引起行业关注。"
        return out
    if "是什么产品" in prompt:
        product = re.search(r"说明 (.+?) 是什么产品", prompt)[1]
        company = re.search(r"公司：([^；\n(（]+)", prompt)
        category = re.search(r"类别：([^；，\n]+)", prompt)
        who = f"由 {company[1].strip()} 推出的" if company else ""
        return f"{product} 是一款{who}{category[1] if category else 'AI'}类应用。"
    if "要点：" in prompt:
        lines = prompt.split("要点：", 1)[1].strip().splitlines()
        first = next((ln for ln in lines if "增速第一" in ln), lines[0])
        capex = next((ln for ln in lines if "资本开支" in ln), lines[-1])
        return "\n".join(
            [
                f"1. {first.split('：', 1)[-1].replace('，', '访问量')}",
                f"2. {capex.split('，')[0]}",
                "3. AI 应用流量持续增长",
            ]
        )
    return "无法处理。"


def writer(planted: dict[str, Callable[[str], str]] | None = None) -> Callable[[dict, int], Reply]:
    """A script answering every prompt with ``write_draft``; ``planted``: a prompt holding the key gets
    its draft passed through the function (an error planted on purpose)."""

    def script(request: dict, n: int) -> Reply:
        prompt = request["messages"][-1]["content"]
        text = write_draft(prompt)
        for key, plant in (planted or {}).items():
            if key in prompt:
                text = plant(text)
        return Reply(text)

    return script


if __name__ == "__main__":  # serve the writer until interrupted: python tests/llm_stub.py [--plant KEY OLD NEW]
    import argparse
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    parser = argparse.ArgumentParser(description="A loopback chat-completions endpoint that drafts from its prompts.")
    parser.add_argument(
        "--plant",
        nargs=3,
        action="append",
        default=[],
        metavar=("KEY", "OLD", "NEW"),
        help="in the answer to a prompt holding KEY, write NEW for OLD (an error planted on purpose)",
    )
    plants = {k: (lambda t, o=o, n=n: t.replace(o, n)) for k, o, n in parser.parse_args().plant}
    with StubLLM(writer(plants)) as stub:
        print(stub.base_url, flush=True)
        try:
            stub.thread.join()
        except KeyboardInterrupt:
            pass
