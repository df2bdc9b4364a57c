"""This desk's preferences (language, text size, theme, backups, column layouts, where Enter
stops in the document editor).

Kept in an ini file in the user's data directory (so ``ZHANGFANG_HOME`` isolates
tests) through ``QSettings``; the firm's own policies live in the ledger.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from desktop.editing import stops
from desktop.paths import backup_dir, data_dir

TEXT_SCALES = (100, 125, 150, 175, 200)


class Prefs:
    def __init__(self) -> None:
        self.qs = QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)

    def get(self, key: str, default: Any = None) -> Any:
        return self.qs.value(key, default)

    def set(self, key: str, value: Any) -> None:
        self.qs.setValue(key, value)
        self.qs.sync()

    @property
    def language(self) -> str:
        return str(self.get("ui/language", "zh"))

    @language.setter
    def language(self, value: str) -> None:
        self.set("ui/language", value)

    @property
    def text_scale(self) -> int:
        try:
            return int(self.get("ui/text_scale", 100))
        except (TypeError, ValueError):
            return 100

    @text_scale.setter
    def text_scale(self, value: int) -> None:
        self.set("ui/text_scale", int(value))

    @property
    def high_contrast(self) -> bool:
        return str(self.get("ui/high_contrast", "false")).lower() == "true"

    @high_contrast.setter
    def high_contrast(self, value: bool) -> None:
        self.set("ui/high_contrast", "true" if value else "false")

    @property
    def enter_stops(self) -> tuple[str, ...]:
        """The lines-table columns Enter stops at (``desktop.editing.stops``)."""
        return stops.parse(self.get("editor/enter_stops"))

    @enter_stops.setter
    def enter_stops(self, value: tuple[str, ...]) -> None:
        self.set("editor/enter_stops", stops.dump(value))

    @property
    def scan_gap_ms(self) -> int:
        """A barcode scanner's keys come no further apart than this (milliseconds): how the
        lines table tells a scan from typing (``desktop.editing.scan``)."""
        from desktop.editing.scan import DEFAULT_GAP_MS  # with the lines, not at the start

        try:
            return max(5, min(200, int(self.get("editor/scan_gap_ms", DEFAULT_GAP_MS))))
        except (TypeError, ValueError):
            return DEFAULT_GAP_MS

    @scan_gap_ms.setter
    def scan_gap_ms(self, value: int) -> None:
        self.set("editor/scan_gap_ms", int(value))

    @property
    def operator(self) -> str:
        """Who works at this computer (经办、制单 on documents): a person of the firm, or a
        name typed while the firm has none (``services.people.sign_in``); empty: the system
        login. Set through ``Context.set_operator``."""
        return str(self.get("desk/operator", "") or "").strip()

    @operator.setter
    def operator(self, value: str) -> None:
        self.set("desk/operator", value.strip())

    @property
    def market_account(self) -> str:
        """The marketplace account this desk signed in with; empty: working offline, never
        signed in (the sync screen stays out of the way until then)."""
        return str(self.get("sync/account", "") or "").strip()

    @market_account.setter
    def market_account(self, value: str) -> None:
        self.set("sync/account", value.strip())

    @property
    def backup_folder(self) -> str:
        return str(self.get("backup/folder", "") or backup_dir())

    @backup_folder.setter
    def backup_folder(self, value: str) -> None:
        self.set("backup/folder", value)

    @property
    def backup_hours(self) -> int:
        """Hours between automatic backups; 0 = off."""
        try:
            return int(self.get("backup/every_hours", 24))
        except (TypeError, ValueError):
            return 24

    @backup_hours.setter
    def backup_hours(self, value: int) -> None:
        self.set("backup/every_hours", int(value))

    @property
    def backup_keep(self) -> int:
        try:
            return max(1, int(self.get("backup/keep", 10)))
        except (TypeError, ValueError):
            return 10

    @backup_keep.setter
    def backup_keep(self, value: int) -> None:
        self.set("backup/keep", int(value))

    @property
    def last_backup(self) -> float:
        try:
            return float(self.get("backup/last", 0))
        except (TypeError, ValueError):
            return 0.0

    @last_backup.setter
    def last_backup(self, value: float) -> None:
        self.set("backup/last", value)

    @property
    def recent_ledgers(self) -> list[str]:
        """Ledgers opened in the window, newest first (``services.ledger_files.remember``)."""
        value = self.get("ledgers/recent", [])
        if isinstance(value, str):  # QSettings gives a one-item list back as a string
            value = [value]
        return [str(v) for v in value or [] if v]

    @recent_ledgers.setter
    def recent_ledgers(self, value: list[str]) -> None:
        self.set("ledgers/recent", list(value))


def documents_dir() -> Path:
    """Where files the user makes (exports, saved PDFs) go unless they choose: their
    Documents folder (the home folder when the system has none)."""
    from PySide6.QtCore import QStandardPaths  # its enums: not before the window's first paint

    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(docs) if docs else Path.home()
