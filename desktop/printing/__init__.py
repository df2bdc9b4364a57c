"""UI-free rendering of printed documents (销售单, 送货单, 对账单 ...) to PDF.

Callers build a ``PrintDocument`` (plain data, no ledger imports) and call
``render_pdf`` with a ``Paper``; see model.py, paper.py and render.py.
"""

from desktop.printing.model import (
    BillingInfo,
    Column,
    ExtraSection,
    LabeledValue,
    Letterhead,
    PartyBlock,
    PrintDocument,
    StampBox,
)
from desktop.printing.paper import (
    A4_PORTRAIT,
    A5_LANDSCAPE,
    CONTINUOUS_241_93,
    CONTINUOUS_241_140,
    PAPERS,
    Offset,
    Paper,
)
from desktop.printing.render import RenderResult, render_pdf

__all__ = [
    "A4_PORTRAIT",
    "A5_LANDSCAPE",
    "CONTINUOUS_241_93",
    "CONTINUOUS_241_140",
    "PAPERS",
    "BillingInfo",
    "Column",
    "ExtraSection",
    "LabeledValue",
    "Letterhead",
    "Offset",
    "Paper",
    "PartyBlock",
    "PrintDocument",
    "RenderResult",
    "StampBox",
    "render_pdf",
]
