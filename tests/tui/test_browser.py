"""Browser mode: `ttx serve` in headless Chromium, joining as a table with its code and logging a decision.

xterm.js draws on a canvas, so the test exposes the page's terminal object (patching textual.js as it is
served to the browser) and reads its buffer. Every request the page makes is checked to stay on this
server: the page must work on a venue network with no internet.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import urllib.request

import pytest

from exercise_engine.model.events import EventKind
from exercise_engine.store.session_store import SessionStore

from .conftest import REPO, deliver, load, poll

pytestmark = pytest.mark.browser

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]
TERMINAL_CREATED = "this.terminal=new v.Terminal("
"""Where textual-serve's (minified) textual.js creates the xterm.js terminal; version-specific."""
READ_SCREEN = """() => { const t = window.__ttxTerminal; if (!t) return "";
  const b = t.buffer.active; const out = [];
  for (let i = 0; i < b.length; i++) { const l = b.getLine(i); if (l) out.push(l.translateToString(true)); }
  return out.join("\\n"); }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]



@pytest.fixture
def served(tmp_path):
    """`ttx serve` on a free localhost port, on a session with one inject delivered."""
    with serving(tmp_path) as found:
        yield found


@contextlib.contextmanager
def serving(tmp_path, *options: str):
    """Run `ttx serve [options]` until the block ends; gives (base URL, session file, join codes by table/role)."""
    loaded = load("demo.yaml")
    session = tmp_path / "browser.ttx"
    store = SessionStore.create(session, loaded)
    deliver(store, loaded, ["demo-shots-fired"])
    codes = {join.table or join.role: code for code, join in store.join_codes().items()}
    store.close()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    server = subprocess.Popen(
        [sys.executable, "-m", "exercise_engine.cli.main", "serve", str(REPO / "scenarios" / "demo.yaml"),
         "--session", str(session), "--port", str(port), *options],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def listening() -> bool:
        if server.poll() is not None:
            raise AssertionError(f"ttx serve exited: {server.stdout.read() if server.stdout else ''}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return True
        except OSError:
            return False

    try:
        poll(listening, "the server to listen")
        yield f"http://127.0.0.1:{port}", session, codes
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()


def test_served_page_references_nothing_outside_this_server(served):
    base, _, _ = served
    html = urllib.request.urlopen(base + "/", timeout=10).read().decode()
    urls = re.findall(r"""(?:https?|wss?)://[^\s"'<>)]+""", html)
    outside = [u for u in urls if not u.startswith((base, base.replace("http", "ws", 1)))]
    assert outside == [], outside
    assert "googleapis" not in html
    assert "/static/js/textual.js" in html


def test_join_as_a_table_and_log_a_decision(served, chromium):
    playwright = pytest.importorskip("playwright.sync_api")
    base, session, codes = served
    host = base.split("//", 1)[1]
    outside: list[str] = []
    patched: list[bool] = []

    def expose_terminal(route):
        response = route.fetch()
        body = response.text()
        patched.append(TERMINAL_CREATED in body)
        route.fulfill(response=response, body=body.replace(
            TERMINAL_CREATED, "this.terminal=window.__ttxTerminal=new v.Terminal("))

    def only_this_server(route):
        url = route.request.url
        if host not in url.split("/")[2:3]:
            outside.append(url)
            return route.abort()
        return route.fallback()

    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1100, "height": 700})
            page.route("**/*", only_this_server)
            page.route("**/static/js/textual.js", expose_terminal)
            page.goto(base + "/")
            screen = lambda: page.evaluate(READ_SCREEN)  # noqa: E731
            poll(lambda: "join code" in screen(), "the join screen")
            assert patched == [True], "textual.js changed: update TERMINAL_CREATED"

            page.click(".xterm-screen")
            page.keyboard.type(codes["steering"])
            page.keyboard.press("Enter")
            poll(lambda: "Injects" in screen() and "Steering" in screen(), "the steering table console")

            page.keyboard.press("Enter")  # answer the newest inject
            poll(lambda: "Answering:" in screen(), "the decision form")
            page.keyboard.type("Send two advocates to the hospital")
            page.keyboard.press("Control+s")
            poll(lambda: "saved" in screen(), "the save confirmation")
        finally:
            browser.close()

    store = SessionStore.open(session, read_only=True)
    logged = store.events(kinds=[EventKind.decision_logged])
    store.close()
    assert [e.data["decision"]["text"] for e in logged] == ["Send two advocates to the hospital"]
    assert logged[0].actor == "table:steering"
    assert outside == []
