"""Browser mode on the day: other web pages cannot open consoles, their number is capped, and tablets and
laptops at 150-200 % scaling see the join box and a table console whole, and can use them by touch.

Drives `ttx serve` with aiohttp's websocket client and with Debian's chromium through Playwright.
"""

from __future__ import annotations

import asyncio
import io

import pytest

from .conftest import poll
from .test_browser import CHROMIUM_FLAGS, READ_SCREEN, TERMINAL_CREATED, serving

pytestmark = pytest.mark.browser


async def _open_console(ws_url: str, origin: str | None, headers: dict[str, str] | None = None):
    """Open a console websocket; returns (session, websocket) or the HTTP status it was refused with."""
    import aiohttp

    session = aiohttp.ClientSession()
    try:
        ws = await session.ws_connect(ws_url, origin=origin, headers=headers,
                                      timeout=aiohttp.ClientWSTimeout(ws_close=5))
    except aiohttp.WSServerHandshakeError as exc:
        await session.close()
        return exc.status
    await ws.receive(timeout=20)  # the console process has started and drawn something
    return session, ws


def test_only_this_servers_page_may_open_consoles_and_no_more_than_the_cap(tmp_path):
    import urllib.error
    import urllib.request

    with serving(tmp_path, "--max-consoles", "2") as (base, _, _):
        ws_url = base.replace("http", "ws", 1) + "/ws?width=80&height=24"

        async def scenario() -> None:
            # a page from anywhere else (or a client that sends no Origin) gets no console process
            assert await _open_console(ws_url, "http://evil.example") == 403
            assert await _open_console(ws_url, base.replace("127.0.0.1", "127.0.0.1.evil.example")) == 403
            assert await _open_console(ws_url, None) == 403
            # a page whose own name was re-pointed at this laptop (DNS rebinding): its Origin matches its Host
            port = base.rsplit(":", 1)[1]
            assert await _open_console(ws_url, f"http://evil.example:{port}",
                                       headers={"Host": f"evil.example:{port}"}) == 403
            first = await _open_console(ws_url, base)
            second = await _open_console(ws_url, base)
            assert not isinstance(first, int) and not isinstance(second, int)
            assert await _open_console(ws_url, base) == 503  # the cap
            with pytest.raises(urllib.error.HTTPError) as refused:
                await asyncio.to_thread(urllib.request.urlopen, base + "/", timeout=10)
            assert refused.value.code == 503 and b"consoles are in use" in refused.value.read()
            session, ws = first
            await ws.close()
            await session.close()
            deadline = asyncio.get_running_loop().time() + 20
            while isinstance(third := await _open_console(ws_url, base), int):  # a closed console frees its place
                assert asyncio.get_running_loop().time() < deadline, "a closed console never freed its place"
                await asyncio.sleep(0.2)
            for session, ws in (second, third):
                await ws.close()
                await session.close()

        asyncio.run(scenario())


def _shot(page):
    from PIL import Image

    return Image.open(io.BytesIO(page.screenshot())).convert("L")


def _difference(dense, reference) -> float:
    """Mean absolute grey-level difference once the dense screenshot is scaled to CSS pixels (0-255)."""
    from PIL import ImageChops, ImageStat

    scaled = dense.resize(reference.size)
    return ImageStat.Stat(ImageChops.difference(scaled, reference)).mean[0]


CANVAS_MATCHES_DENSITY = """(dpr) => Array.from(document.querySelectorAll('.xterm-screen canvas')).every(c =>
  Math.abs(c.width - c.getBoundingClientRect().width * dpr) <= dpr + 1)"""
CELL = """() => { const s = document.querySelector('.xterm-screen').getBoundingClientRect(); const t = window.__ttxTerminal;
  return [s.width / t.cols, s.height / t.rows, t.cols, t.rows]; }"""


@pytest.mark.parametrize("density", [2, 1.5])
def test_join_box_and_table_console_are_whole_and_usable_at_high_pixel_density(tmp_path, chromium, density):
    playwright = pytest.importorskip("playwright.sync_api")
    pytest.importorskip("PIL")

    def expose_terminal(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace(
            TERMINAL_CREATED, "this.terminal=window.__ttxTerminal=new v.Terminal("))

    with serving(tmp_path) as (base, _, codes), playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            pages = {}
            for dpr in (1, density):  # the same console at density 1 is the reference picture
                page = browser.new_page(viewport={"width": 1024, "height": 768}, device_scale_factor=dpr,
                                        has_touch=True)
                page.route("**/static/js/textual.js", expose_terminal)
                page.goto(base + "/")
                pages[dpr] = page
            reference, dense = pages[1], pages[density]

            def screen(page) -> str:
                return page.evaluate(READ_SCREEN)

            def tap_text(page, text: str) -> None:
                """Tap (touch) the middle of where `text` is drawn, computed from the terminal's cells."""
                lines = screen(page).split("\n")
                row = next(i for i, line in enumerate(lines) if text in line)
                col = lines[row].index(text) + len(text) / 2
                width, height, _, _ = page.evaluate(CELL)
                box = page.query_selector(".xterm-screen").bounding_box()
                page.touchscreen.tap(box["x"] + col * width, box["y"] + (row + 0.5) * height)

            for page in pages.values():
                poll(lambda: "join code" in screen(page), "the join screen")
            assert dense.evaluate(CANVAS_MATCHES_DENSITY, density), "the console canvas is not drawn at this density"
            # the whole join box is drawn as at density 1 (not magnified and clipped to its top-left corner)
            poll(lambda: _difference(_shot(dense), _shot(reference)) < 12, "the join box to look as at density 1",
                 show=lambda: f"difference {_difference(_shot(dense), _shot(reference)):.1f}")
            dense.screenshot(path=str(tmp_path / f"join-dpr{density}.png"))

            # usable by touch: tap the field, type the code, open the console, tap a tab, tap Save
            for page, table in ((reference, "communications"), (dense, "steering")):
                tap_text(page, "join code")
                page.keyboard.type(codes[table])
                page.keyboard.press("Enter")
                poll(lambda: "Injects" in screen(page) and "Decide" in screen(page), "the table console")
            _, _, cols, rows = dense.evaluate(CELL)
            _, _, ref_cols, ref_rows = reference.evaluate(CELL)
            # font hinting at this density may cost a few columns, never the console's layout
            assert rows == ref_rows and cols >= 0.9 * ref_cols, (cols, rows, ref_cols, ref_rows)
            assert dense.evaluate(CANVAS_MATCHES_DENSITY, density), "the console canvas is not drawn at this density"
            tap_text(dense, "Decide")
            poll(lambda: "What was decided" in screen(dense), "the Decide tab after a tap", show=lambda: screen(dense))
            dense.keyboard.type("Open the family assistance centre at the high school")
            tap_text(dense, "Save")  # the bottom row (footer) is there and answers a tap
            poll(lambda: "saved" in screen(dense), "the decision saved by tapping Save", show=lambda: screen(dense))
            dense.screenshot(path=str(tmp_path / f"table-dpr{density}.png"))
        finally:
            browser.close()
