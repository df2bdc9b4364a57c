"""A whole sheet loaded in a thread of a reader process while its extent is checked (the
big-sheet counterpart, loaded in parts, is ``xlsx_parts``)."""

from __future__ import annotations

import threading
from typing import Any

import python_calamine as pc


class LoadAhead:
    """Load a sheet in a thread (calamine lets go of the GIL) while its extent is checked.

    Only for a reader process: when the check refuses the sheet, the process ends and the
    load with it. calamine allocates the sheet's grid only once the whole XML is parsed,
    which takes several times longer than the check's scan, so a sheet with an absurd extent
    is refused before it can take the memory."""

    def __init__(self, book: pc.CalamineWorkbook, name: str) -> None:
        self.name = name
        self._book = book
        self._sheet: Any = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, name="sheet-load", daemon=True)
        self._thread.start()

    def _load(self) -> None:
        try:
            self._sheet = self._book.get_sheet_by_name(self.name)
        except BaseException as exc:  # handed to the reader's thread by result()
            self._error = exc

    def done(self) -> bool:
        return not self._thread.is_alive()

    def wait(self) -> None:
        self._thread.join()

    def pick(self, explicit: bool) -> str | None:
        """For a sheet the checks could not vouch for: this sheet's name when it is the one
        ``reader``'s sheet choice would choose (the sheet asked for, or else the first in order
        when it holds anything), so the load is used rather than done again; else None."""
        self._thread.join()
        if self._error is not None:
            return None
        return self.name if explicit or self._sheet.height > 0 else None

    def result(self) -> Any:
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._sheet
