"""The version in the About box, and the status bar's "newer version" link: asked of a real
HTTP server on a worker thread once signed in, at most daily; silent when unreachable."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from typing import Any

import pytest

from desktop import __version__
from desktop.updates import VERSION_PATH

pytestmark = pytest.mark.gui
LINK = "https://zhangfang.example/download?a=1&b=2"


def _newer() -> str:
    parts = [int(p) for p in __version__.split(".")]
    return ".".join(str(p) for p in [*parts[:-1], parts[-1] + 1])


@pytest.fixture
def server() -> Iterator[tuple[str, list[str]]]:
    """A plain HTTP server publishing a newer version; the paths asked are recorded."""
    asked: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            asked.append(self.path)
            body = json.dumps({"version": _newer(), "url": LINK}).encode()
            self.send_response(200 if self.path == VERSION_PATH else 404)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", asked
    httpd.shutdown()
    httpd.server_close()


def test_the_about_box_shows_the_version(window: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from desktop.views import i18n

    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", staticmethod(lambda _p, _t, text: seen.append(text)))
    window._about()
    i18n.set_language("en")
    window._about()
    assert f"账房 Zhangfang {__version__}：" in seen[0]
    assert seen[1].startswith(f"Zhangfang {__version__}: ")


def test_signed_in_the_window_is_told_of_a_newer_version(
    window: Any, qtbot: Any, server: tuple[str, list[str]]
) -> None:
    url, asked = server
    label = window.updates.label
    assert label.isHidden()
    window.sync.client = SimpleNamespace(server=url + "/", close=lambda: None)  # signed in
    window.sync.status_changed.emit(None)
    qtbot.waitUntil(lambda: not label.isHidden(), timeout=20000)
    assert asked == [VERSION_PATH]
    assert f'href="{LINK.replace("&", "&amp;")}"' in label.text() and _newer() in label.text()
    # at most daily: another status change, even another window, does not ask again
    window.updates.worker = None
    assert window.updates.check(url) is False
    window.sync.status_changed.emit(None)
    assert asked == [VERSION_PATH]


def test_not_signed_in_nothing_is_asked(window: Any, server: tuple[str, list[str]]) -> None:
    window.sync.status_changed.emit(None)
    assert window.updates.worker is None and server[1] == []


def test_an_unreachable_server_leaves_the_status_bar_alone(window: Any, qtbot: Any) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    assert window.updates.check(f"http://127.0.0.1:{port}") is True
    window.updates.worker.join(timeout=30)
    qtbot.wait(50)  # a queued signal would be delivered now
    assert window.updates.label.isHidden()
