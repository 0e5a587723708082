"""``aimonthly serve`` as a process, and the read commands' missing warehouse:
- read commands never create a warehouse and say where they looked;
- the server answers while a real ``aimonthly ingest`` runs in another process: the ingest succeeds,
  each page is either served or a "warehouse busy" page that retries (never an error), and after the
  ingest the pages show the new data (``report --watch`` is tested in test_watch.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

import serve_kit as kit
from aimonthly.cli import app

ENV = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}


def cli(*args, cwd: Path | None = None):
    old = Path.cwd()
    try:
        if cwd:
            os.chdir(cwd)
        return CliRunner().invoke(app, list(map(str, args)), env={"COLUMNS": "250", "NO_COLOR": "1"})
    finally:
        os.chdir(old)


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(
    "command",
    [
        ["status"],
        ["batches"],
        ["products"],
        ["check", "2024-04"],
        ["facts", "2024-04"],
        ["report", "2024-04"],
        ["undo", "1"],
        ["export", "parquet-out"],
        ["ratings", "list"],
        ["serve", "--port", "0"],
    ],
)
def test_a_read_command_never_creates_a_warehouse_and_says_where_it_looked(tmp_path, monkeypatch, command):
    monkeypatch.delenv("AIMONTHLY_WAREHOUSE", raising=False)
    monkeypatch.delenv("AIMONTHLY_CONFIG", raising=False)
    r = cli(*command, cwd=tmp_path)
    out = flat(r.output)
    assert r.exit_code == 1 and "Traceback" not in out
    assert f"no warehouse at {tmp_path / 'aimonthly.duckdb'}" in out and f"no aimonthly.toml in {tmp_path}" in out
    assert "aimonthly demo" in out
    assert not list(tmp_path.glob("*.duckdb*"))


def test_a_warehouse_named_by_the_project_file_is_said_so(tmp_path):
    (tmp_path / "aimonthly.toml").write_text('warehouse = "data/w.duckdb"\n', encoding="utf-8")
    r = cli("status", cwd=tmp_path)
    assert r.exit_code == 1 and f"warehouse = 'data/w.duckdb', from {tmp_path / 'aimonthly.toml'}" in flat(r.output)
    assert not (tmp_path / "data").exists()


def start_server(cwd: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    """``aimonthly serve --port 0`` in ``cwd``; the process and its base URL (read from its first line)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "aimonthly", "serve", "--port", "0", *extra],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    line = proc.stdout.readline()
    assert "workbench on http://" in line, (line, proc.stderr.read() if proc.poll() is not None else "")
    return proc, line.split("workbench on ")[1].split("/ ")[0]


def stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    try:
        _, err = proc.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode("utf-8")


@pytest.fixture
def planted(tmp_path):
    return kit.plant(tmp_path / "desk")


def test_the_server_refuses_a_port_in_use_in_one_line(planted):
    proc, base = start_server(planted.root)
    try:
        port = base.rsplit(":", 1)[1]
        r = subprocess.run(
            [sys.executable, "-m", "aimonthly", "serve", "--port", port],
            cwd=planted.root,
            capture_output=True,
            text=True,
            env=ENV,
            timeout=60,
        )
        assert (
            r.returncode == 1 and f"cannot listen on 127.0.0.1:{port}" in flat(r.stderr) and "Traceback" not in r.stderr
        )
    finally:
        stop(proc)


def test_a_host_that_is_not_loopback_is_warned_about(planted):
    proc = subprocess.Popen(
        [sys.executable, "-m", "aimonthly", "serve", "--port", "0", "--host", "0.0.0.0"],
        cwd=planted.root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        assert "workbench on http://0.0.0.0:" in proc.stdout.readline()
    finally:
        err = stop(proc)
    assert "not a loopback address" in flat(err) and "can read the warehouse" in flat(err)


HOLD = textwrap.dedent("""
    import sys, time
    from aimonthly.warehouse import Warehouse
    with Warehouse.open(sys.argv[1]) as wh:
        print("holding", flush=True)
        sys.stdin.readline()
""")


def test_a_page_asked_for_during_a_write_says_busy_and_retries(planted):
    proc, base = start_server(planted.root)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(planted.warehouse)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    try:
        assert holder.stdout.readline().strip() == "holding"
        t = time.monotonic()
        code, body = fetch(base + f"/rankings/global/{kit.MONTH}")
        assert code == 503 and "仓库正忙" in body and f"PID {holder.pid}" in body
        assert 'http-equiv="refresh"' in body and time.monotonic() - t < 15  # bounded waiting
    finally:
        holder.communicate("\n", timeout=30)
    assert fetch(base + f"/rankings/global/{kit.MONTH}")[0] == 200  # the write done: served again
    stop(proc)


def test_an_ingest_runs_while_the_server_answers(planted, tmp_path):
    """A real ingest (another process) while clients keep asking for pages: it succeeds, no page fails."""
    new = "2024-05"
    rows = [
        {"month": new, "list": "global", "product": f"Prod-{i:03d}", "visits": 2_000_000 + i, "synthetic": True}
        for i in range(60_000)
    ]  # big enough that the write takes a moment
    pq.write_table(pa.Table.from_pylist(rows), tmp_path / "may.parquet")
    proc, base = start_server(planted.root)
    codes: list[int] = []
    done = threading.Event()

    def client(paths):
        k = 0
        deadline = time.monotonic() + 120
        while not done.is_set() and time.monotonic() < deadline:  # bounded in count of time
            codes.append(fetch(base + paths[k % len(paths)])[0])
            k += 1

    paths = ["/", f"/rankings/global/{kit.MONTH}", f"/months/{kit.MONTH}", "/products/Prod-007", "/reports"]
    threads = [threading.Thread(target=client, args=(paths[k:] + paths[:k],)) for k in range(3)]
    try:
        for t in threads:
            t.start()
        time.sleep(1.0)  # the clients are at it
        r = subprocess.run(
            [sys.executable, "-m", "aimonthly", "ingest", "traffic", str(tmp_path / "may.parquet")],
            cwd=planted.root,
            capture_output=True,
            text=True,
            env=ENV,
            timeout=300,
        )
        time.sleep(0.5)
        done.set()
        for t in threads:
            t.join(timeout=180)
    finally:
        err = stop(proc)
    assert r.returncode == 0, r.stderr
    assert "added 60,000 traffic rows" in flat(r.stdout)
    assert codes and set(codes) <= {200, 503}, sorted(set(codes))
    assert codes.count(200) > 10
    print(f"during the ingest: {codes.count(200)} pages served, {codes.count(503)} busy pages")
    assert "Traceback" not in err
    proc, base = start_server(planted.root)
    try:
        code, body = fetch(base + f"/rankings/global/{new}")
        assert code == 200 and "60,000 款产品" in body
    finally:
        stop(proc)


def test_an_address_not_on_this_machine_is_said_so_not_a_port_in_use(planted, monkeypatch):
    monkeypatch.chdir(planted.root)
    r = CliRunner().invoke(
        app, ["serve", "--port", "0", "--host", "192.0.2.1"], env={"COLUMNS": "250", "NO_COLOR": "1"}
    )
    out = " ".join(r.output.split())
    assert r.exit_code == 1 and "192.0.2.1 is not an address of this machine" in out, out
    assert "another program uses the port" not in out and "127.0.0.1" in out
