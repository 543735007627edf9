"""`ttx serve --feedback-form FILE`: the printable feedback form carries a QR code to this very server."""

from __future__ import annotations

import io
import socket

import docx
import pytest

from exercise_engine.cli.main import main
from exercise_engine.report.qr import qr_png

from .conftest import REPO

DEMO = REPO / "scenarios" / "demo.yaml"


def _free_port() -> int:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return probe.getsockname()[1]


def test_serve_writes_the_form_with_its_own_address_on_the_room_network(tmp_path, capsys, monkeypatch):
    import exercise_engine.tui.serve as serve

    served = []
    monkeypatch.setattr(serve, "local_addresses", lambda: ["10.20.30.40"])
    monkeypatch.setattr(serve, "serve", lambda command, **kw: served.append(kw))
    port = _free_port()
    form = tmp_path / "feedback.docx"
    assert main(["serve", str(DEMO), "--session", str(tmp_path / "s.ttx"), "--host", "0.0.0.0", "--port", str(port),
                 "--feedback-form", str(form)]) == 0
    url = f"http://10.20.30.40:{port}/"
    assert url in capsys.readouterr().out and served  # said where, then served
    word = docx.Document(io.BytesIO(form.read_bytes()))
    (shape,) = word.inline_shapes
    assert word.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob == qr_png(url)
    beside = word.tables[0].rows[0].cells[1].text
    assert url in beside and "join code" in beside


def test_a_form_only_this_laptop_could_open_is_refused_before_serving(tmp_path, capsys, monkeypatch):
    import exercise_engine.tui.serve as serve

    monkeypatch.setattr(serve, "serve", lambda command, **kw: pytest_fail())
    form = tmp_path / "feedback.pdf"
    code = main(["serve", str(DEMO), "--session", str(tmp_path / "s.ttx"), "--port", str(_free_port()),
                 "--feedback-form", str(form)])
    err = capsys.readouterr().err
    assert code == 1 and "--host 0.0.0.0" in err and "Traceback" not in err
    assert not form.exists() and not (tmp_path / "s.ttx").exists()


def test_a_form_in_an_unknown_format_is_a_message(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["serve", str(DEMO), "--session", str(tmp_path / "s.ttx"), "--feedback-form", str(tmp_path / "form.txt")])
    assert exit_.value.code == 2
    assert "write the feedback form to a .pdf, .docx or .html file" in capsys.readouterr().err


def pytest_fail():
    raise AssertionError("served although the form could not be written")
