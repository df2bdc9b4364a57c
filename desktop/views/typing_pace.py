"""When a search box searches: at once for a person's keys (60 ms or more apart: the list
follows the text with no delay), once for a burst of keys closer than a scanner's gap
(``editing.scan.DEFAULT_GAP_MS``), that gap after its last key. A burst is a barcode
scanner, a paste typed by a tool, or keys that queued up behind a slow search; a text
shorter than a scanned code (``scan.MIN_LEN``) still searches at every key. One rule for
the type-ahead lists and the list screens' filters."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer


def _clock() -> float:
    from desktop.editing.scan import monotonic_ms

    return monotonic_ms()


class TypingPace(QObject):
    """Call :meth:`key` on every edit; ``run`` is called at once or once the burst stops."""

    def __init__(
        self,
        parent: QObject,
        run: Callable[[], object],
        clock: Callable[[], float] = _clock,
        min_len: int | None = None,
    ) -> None:
        # here, not at the top: the window imports the list screens before it paints, and
        # the scanner's module brings the editor's line model with it
        from desktop.editing.scan import DEFAULT_GAP_MS, MIN_LEN

        super().__init__(parent)
        self.gap_ms = DEFAULT_GAP_MS
        self.run = run
        self.clock = clock
        self.min_len = MIN_LEN if min_len is None else min_len
        self._last: float | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEFAULT_GAP_MS)
        self._timer.timeout.connect(run)

    def key(self, text: str) -> None:
        now = self.clock()
        burst = self._last is not None and now - self._last <= self.gap_ms
        self._last = now
        if burst and len(text.strip()) >= self.min_len:
            self._timer.start()  # (again): once the burst stops
            return
        self._timer.stop()
        self.run()

    def pending(self) -> bool:
        """A burst's run is still due."""
        return self._timer.isActive()

    def cancel(self) -> None:
        self._timer.stop()
