"""Browser mode: textual-serve runs one console process per browser tab, on this machine only by default.

The stock textual-serve page links a web font on the internet; on a venue network that swallows
requests every page load stalls for about 30 s. This server renders its own page that references only
this server, with URLs taken from the address the browser used (so `--host 0.0.0.0` works from tablets).

Each websocket starts a console process (~57 MB), so the server also guards them: only pages it served
itself may open one (the browser's Origin must be this server: any other web page open on a room laptop
could otherwise), at most `max_consoles` run at once, and each process learns its browser's address
(`TTX_CLIENT`) so wrong join codes are slowed and logged per device.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

log = logging.getLogger("textual-serve")

MAX_CONSOLES = 40
"""Default cap on console processes: a large exercise's tables, evaluators and projectors, with room to spare."""

PAGE = Path(__file__).parent / "serve_page.html"
"""The page every browser gets (next to this file, so it ships as package data)."""


class ConsoleServer(Server):
    """textual-serve with a self-contained page."""

    def __init__(self, command: str, *, host: str = "127.0.0.1", port: int = 8000, title: str = "",
                 max_consoles: int = MAX_CONSOLES) -> None:
        super().__init__(command, host=host, port=port, title=title or "Tabletop exercise",
                         templates_path=PAGE.parent)
        self.max_consoles = max_consoles
        self.consoles = 0
        """Console processes running now."""

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        """textual-serve's websocket handler, behind the Origin check and the console cap."""
        if not same_origin(request):
            log.warning("refused a console for a page from %s", request.headers.get("Origin", "no origin"))
            return web.Response(status=403, text="Consoles open only from this server's own page.")
        if self.consoles >= self.max_consoles:
            log.warning("refused a console: %d are open (--max-consoles)", self.consoles)
            return web.Response(status=503, text=f"All {self.max_consoles} consoles are in use; close one first.")
        self.consoles += 1
        try:
            return await self._run_console(request)
        finally:
            self.consoles -= 1

    async def _run_console(self, request: web.Request) -> web.WebSocketResponse:
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        service: AppService | None = None
        try:
            await websocket.prepare(request)
            service = ClientAppService(self.command, client=request.remote or "unknown",
                                       write_bytes=websocket.send_bytes, write_str=websocket.send_str,
                                       close=websocket.close, download_manager=self.download_manager,
                                       debug=self.debug)
            await service.start(width, height)
            await self._process_messages(websocket, service)
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # as textual-serve: a console's failure must not stop the server
            log.exception(error)
        finally:
            if service is not None:
                await service.stop()
        return websocket

    async def handle_index(self, request: web.Request) -> web.Response:
        if self.consoles >= self.max_consoles:
            return web.Response(status=503, content_type="text/plain",
                                text=f"All {self.max_consoles} consoles are in use. Close one, then reload this page.")
        return await self.render_page(request)

    async def render_page(self, request: web.Request) -> web.Response:
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
            where = ", ".join(f"http://{a}:{self.port}/" for a in local_addresses()) or f"port {self.port}"
            self.console.print(f"Serving the consoles to the room's network: {where}  (Ctrl+C to stop)",
                               highlight=False)
        else:
            self.console.print(f"Serving the consoles on http://{self.host}:{self.port}/  (Ctrl+C to stop)",
                               highlight=False)


class ClientAppService(AppService):
    """A console process told which browser it serves (`TTX_CLIENT`), for the join-code guard."""

    def __init__(self, command: str, *, client: str, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.client = client

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width=width, height=height)
        environment["TTX_CLIENT"] = self.client
        return environment


def same_origin(request: web.Request) -> bool:
    """Did this server's own page open the websocket? Browsers always send Origin on a websocket; a page
    served from anywhere else (or no Origin at all) is refused. The host must also be one this laptop is
    reached by (an address, localhost or its own name): a web page whose name is re-pointed at this laptop
    (DNS rebinding) would otherwise count as "this server"."""
    origin = request.headers.get("Origin", "")
    parts = urlsplit(origin)
    return (parts.scheme in ("http", "https") and bool(parts.netloc)
            and parts.netloc.lower() == request.host.lower() and _our_name(parts.hostname or ""))


def _our_name(hostname: str) -> bool:
    import ipaddress
    import socket

    try:
        ipaddress.ip_address(hostname.strip("[]"))
        return True
    except ValueError:
        pass
    own = socket.gethostname().lower()
    return hostname.lower() in {"localhost", own, own.split(".")[0], f"{own.split('.')[0]}.local"}


def local_addresses() -> list[str]:
    """This machine's IPv4 addresses other than loopback, for the address to give participants. Where the
    host name resolves only to loopback (Debian's 127.0.1.1), the address of the interface the default route
    leaves by (a UDP socket's connect sends nothing)."""
    import socket

    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except OSError:
        infos = []
    found = sorted({info[4][0] for info in infos if not info[4][0].startswith("127.")})
    if not found:
        try:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never reached, only routed
                address = probe.getsockname()[0]
            found = [address] if not address.startswith(("127.", "0.")) else []
        except OSError:
            pass
    return found


def serve(command: str, *, host: str, port: int, title: str, max_consoles: int = MAX_CONSOLES) -> None:
    """Run the web server until Ctrl+C."""
    ConsoleServer(command, host=host, port=port, title=title, max_consoles=max_consoles).serve()
