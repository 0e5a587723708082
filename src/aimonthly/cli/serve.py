"""``aimonthly serve``: the desk's workbench (aimonthly.serve) on a socket bound here."""

from __future__ import annotations

import errno
import socket
from pathlib import Path
from typing import Optional

import typer

from aimonthly.cli.common import WarehouseOpt, _settings, console, err, handle_errors, text, warehouse_to_read
from aimonthly.core.errors import AimonthlyError


def register(app: typer.Typer) -> None:
    app.command()(serve)


def bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound here so that a port in use is one clear line (port 0: any free port)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as e:
        raise AimonthlyError(f"--host {host}: not an address of this machine ({e.strerror})") from e
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as e:
        sock.close()
        hint = {
            errno.EADDRNOTAVAIL: "give one of this machine's addresses (ip addr lists them), or 127.0.0.1 for it alone",
            errno.EACCES: "ports below 1024 need privileges: choose another with --port",
        }.get(e.errno or 0, "another program uses the port: choose another with --port")
        what = f"--host {host} is not an address of this machine" if e.errno == errno.EADDRNOTAVAIL else None
        raise AimonthlyError(what or f"cannot listen on {host}:{port}: {e.strerror}", hint=hint) from e
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


@handle_errors
def serve(
    port: int = typer.Option(8765, "--port", min=0, max=65535, help="The port to listen on (0: any free one)."),
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="The address to listen on; anything but a loopback address "
        "lets other machines read the warehouse and the reports.",
    ),
    allow_host: list[str] = typer.Option(
        [],
        "--allow-host",
        help="A name that browsers may reach the server by, besides the bound address and localhost (repeatable).",
    ),
    read_only: bool = typer.Option(
        False, "--read-only", help="No write route at all: the month's review (exclude, accept) is off."
    ),
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """The desk's workbench: a local web app over the warehouse, the month's checks and the reports, where
    the month's review is done (docs/serve.md). It writes only the month file's front matter; an ingest
    can run while it serves."""
    import uvicorn

    from aimonthly.serve import create_app
    from aimonthly.serve.app import is_loopback
    from aimonthly.serve.fonts import start_common_cut

    s = _settings(warehouse=warehouse)
    path = warehouse_to_read(s)
    sock = bind(host, port)
    bound = sock.getsockname()[1]
    if not is_loopback(host):
        err.print(
            f"[yellow]warning:[/] listening on {text(host)}, not a loopback address: anyone who can reach this "
            f"machine on port {bound} can read the warehouse and the reports"
            + ("" if read_only else ", and write the month's review into its file (--read-only turns that off)"),
            highlight=False,
        )
    shown = f"[{host}]" if ":" in host else host
    console.print(f"workbench on http://{text(shown)}:{bound}/ over {text(path)} (Ctrl-C stops it)", highlight=False)
    config = uvicorn.Config(
        create_app(s, hosts={host, *allow_host}, read_only=read_only),
        log_level="warning",
        access_log=False,
        server_header=False,
    )
    cutting = start_common_cut()  # the pages' common CJK font cut, once per machine (serve/fonts.py)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        if cutting is not None and cutting.poll() is None:
            cutting.terminate()
            cutting.wait(timeout=10)
