"""The UI-free reading layer of the Excel importer: files → grid → table → mapped, parsed values.

``read_workbook`` reads a file safely, ``find_table`` locates the header and the data rows,
``auto_map`` proposes which column feeds which field, and ``values`` parses each cell.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.importing.errors import ImportFileError, ValueProblem
    from desktop.importing.header import (
        DataRow,
        SkippedRow,
        Table,
        find_header,
        find_table,
        find_tables,
    )
    from desktop.importing.mapping import (
        KINDS,
        Mapping,
        auto_map,
        guess_kind,
        layout_key,
        normalize_header,
        rank_kinds,
    )
    from desktop.importing.reader import Limits, SheetInfo, Workbook, read_workbook, text_grid

#: where each name lives: loaded on first use, so importing one submodule (the CLI's parser
#: reads ``synonyms``) does not load the readers and parsers
_HOMES = {
    **dict.fromkeys(("ImportFileError", "ValueProblem"), "errors"),
    **dict.fromkeys(
        ("DataRow", "SkippedRow", "Table", "find_header", "find_table", "find_tables"), "header"
    ),
    **dict.fromkeys(
        (
            "KINDS",
            "Mapping",
            "auto_map",
            "guess_kind",
            "layout_key",
            "normalize_header",
            "rank_kinds",
        ),
        "mapping",
    ),
    **dict.fromkeys(("Limits", "SheetInfo", "Workbook", "read_workbook", "text_grid"), "reader"),
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{home}"), name)


__all__ = [
    "KINDS",
    "DataRow",
    "ImportFileError",
    "Limits",
    "Mapping",
    "SheetInfo",
    "SkippedRow",
    "Table",
    "ValueProblem",
    "Workbook",
    "auto_map",
    "find_header",
    "find_table",
    "find_tables",
    "guess_kind",
    "layout_key",
    "normalize_header",
    "rank_kinds",
    "read_workbook",
    "text_grid",
]
