"""The UI-free reading layer of the Excel importer: files → grid → table → mapped, parsed values.

``read_workbook`` reads a file safely, ``find_table`` locates the header and the data rows,
``auto_map`` proposes which column feeds which field, and ``values`` parses each cell.
"""

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
