"""Browser mode: textual-serve runs one console process per browser tab, on this machine only by default.

The stock textual-serve page links a web font on the internet; on a venue network that swallows
requests every page load stalls for about 30 s. This server renders its own page that references only
this server, with URLs taken from the address the browser used (so `--host 0.0.0.0` works from tablets).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aiohttp import web
from textual_serve.server import Server, to_int

PAGE = Path(__file__).parent / "serve_page.html"
"""The page every browser gets (next to this file, so it ships as package data)."""


class ConsoleServer(Server):
    """textual-serve with a self-contained page."""

    def __init__(self, command: str, *, host: str = "127.0.0.1", port: int = 8000, title: str = "") -> None:
        super().__init__(command, host=host, port=port, title=title or "Tabletop exercise",
                         templates_path=PAGE.parent)

    async def handle_index(self, request: web.Request) -> web.Response:
        import aiohttp_jinja2

        context = self.page_context(request)
        return aiohttp_jinja2.render_template(PAGE.name, request, context)

    def page_context(self, request: web.Request) -> dict[str, Any]:
        # Same origin as the page itself: whatever host name or address the browser reached us by.
        scheme = "wss" if request.secure else "ws"
        return {
            "font_size": to_int(request.query.get("fontsize", "16"), 16),
            "app_websocket_url": f"{scheme}://{request.host}/ws",
            "config": {"static": {"url": "/static/"}},
            "application": {"name": self.title},
        }

    async def on_startup(self, app: web.Application) -> None:
        if self.host in ("0.0.0.0", "::", ""):
            where = ", ".join(f"http://{a}:{self.port}/" for a in _local_addresses()) or f"port {self.port}"
            self.console.print(f"Serving the consoles to the room's network: {where}  (Ctrl+C to stop)",
                               highlight=False)
        else:
            self.console.print(f"Serving the consoles on http://{self.host}:{self.port}/  (Ctrl+C to stop)",
                               highlight=False)


def _local_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, for the address to give participants."""
    import socket

    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        return []
    return sorted({info[4][0] for info in infos if not info[4][0].startswith("127.")})


def serve(command: str, *, host: str, port: int, title: str) -> None:
    """Run the web server until Ctrl+C."""
    ConsoleServer(command, host=host, port=port, title=title).serve()
