"""Print data: everything the renderer needs, nothing from the ledger.

Why separate from the ledger models: the renderer must be testable and
reusable without a database, and templates (hidden columns, paper) change
without touching business code. A later adapter turns 销售单/送货单/对账单
into a ``PrintDocument``; values arrive already worded (labels in the user's
language) and amounts as Decimal or as already-formatted strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Literal

Align = Literal["left", "center", "right"]
ColumnKind = Literal["text", "qty", "money", "price"]
CellValue = str | Decimal | int | None


@dataclass(frozen=True)
class Column:
    """One column of the lines table.

    ``weight`` shares the table width among visible columns. ``align`` defaults
    to left for text and right for numbers. ``summable`` (default: qty and
    money columns) decides which columns get 本页小计/承前页/过次页 sums; set it
    False for e.g. a running balance. ``carried``: a running figure (余额) whose 承前页 and
    过次页 cells show its value at the last line so far, not a sum.
    """

    key: str
    title: str
    weight: float = 1.0
    kind: ColumnKind = "text"
    align: Align | None = None
    hideable: bool = True
    summable: bool | None = None
    carried: bool = False

    @property
    def effective_align(self) -> Align:
        if self.align is not None:
            return self.align
        return "left" if self.kind == "text" else "right"

    @property
    def is_summed(self) -> bool:
        if self.summable is not None:
            return self.summable
        return self.kind in ("qty", "money")


@dataclass(frozen=True)
class LabeledValue:
    """A label/value pair (meta grid, totals, one-line extras)."""

    label: str
    value: CellValue
    #: the document's grand total (价税合计, 本次收款): printed in figures whatever else is cut
    grand: bool = False


@dataclass
class Letterhead:
    """Our firm, printed at the top. A missing logo file is skipped with a warning."""

    firm_name: str
    logo_path: str | Path | None = None
    address: str = ""
    phone: str = ""
    tax_id: str = ""
    bank: str = ""
    account: str = ""


@dataclass
class BillingInfo:
    """开票信息 of the other party, as company-to-company trade requires."""

    legal_name: str = ""
    tax_id: str = ""
    address: str = ""
    phone: str = ""
    bank: str = ""
    account: str = ""


@dataclass
class PartyBlock:
    """The customer or supplier block (label 客户 / 供应商 / 收货单位)."""

    label: str
    name: str
    billing: BillingInfo | None = None
    ship_to: str = ""
    ship_to_label: str = "收货地址"
    #: who receives the goods and how to reach them (送货单, 销售单: the driver calls them)
    contact: str = ""
    contact_phone: str = ""


@dataclass
class StampBox:
    """Box for the customer's stamp on statements (以上对账无误，请盖章确认)."""

    text: str
    date_label: str = "日期：        年    月    日"


@dataclass
class ExtraSection:
    """A small extra block: a line of pairs and/or a small table.

    ``position`` "before_table" suits a statement's opening balance line
    (期初余额); "after_totals" suits the aging buckets table (账龄).
    """

    title: str = ""
    pairs: list[LabeledValue] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)
    rows: list[dict[str, CellValue]] = field(default_factory=list)
    position: Literal["before_table", "after_totals"] = "after_totals"


@dataclass(frozen=True)
class PrintCopy:
    """One copy (联) of a multi-part print: its caption (第一联　存根) and an optional light
    tint (r, g, b in 0..1) for coloured paper."""

    caption: str = ""
    tint: tuple[float, float, float] | None = None


@dataclass
class PrintDocument:
    """One printable document (销售单, 送货单, 采购单, 对账单, 报价单 ...)."""

    title: str
    letterhead: Letterhead
    columns: list[Column]
    rows: list[dict[str, CellValue]] = field(default_factory=list)
    number: str = ""
    number_label: str = "单号"
    reprint: bool = False
    print_count: int = 1
    party_block: PartyBlock | None = None
    meta: list[LabeledValue] = field(default_factory=list)
    totals: list[LabeledValue] = field(default_factory=list)
    amount_in_words: str = ""
    amount_in_words_label: str = "金额大写"
    notes: str = ""
    signature_boxes: list[str] = field(default_factory=list)
    #: names already known for some boxes (制单: who made the document), printed on the line
    signed: dict[str, str] = field(default_factory=dict)
    stamp_box: StampBox | None = None
    extra_sections: list[ExtraSection] = field(default_factory=list)
    empty_text: str = "(无明细)"
    page_subtotal_label: str = "本页小计"
    brought_forward_label: str = "承前页"
    carried_forward_label: str = "过次页"
    #: the owner's wording above the table (温馨提示) and below the totals (bank details)
    header_text: str = ""
    footer_text: str = ""
    #: the firm's seal (电子章), a transparent PNG, stamped near the signatures
    seal_png: bytes = b""
    #: the copies (联) to print, each whole; empty: one plain copy
    copies: list[PrintCopy] = field(default_factory=list)

    @property
    def reprint_mark(self) -> str:
        """The 补打 mark, or "" for a first print."""
        if not self.reprint:
            return ""
        return f"补打（第{self.print_count}次打印）" if self.print_count > 1 else "补打"
