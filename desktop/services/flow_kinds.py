"""Sales and purchases as two flows of one shape: which document kinds, which account and
which way stock moves. What the trade flows, the unbilled sums and the checks all read.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.models import Account, DocKind, DocStatus, FlowName


@dataclass(frozen=True)
class Flow:
    name: str
    order: str
    fulfil: str
    bill: str
    ret: str
    pay: str
    account: str
    #: which way goods move when the flow fulfils an order: −1 out (sales), +1 in (purchases)
    stock_sign: int


SALES = Flow(
    FlowName.SALES,
    DocKind.SALES_ORDER,
    DocKind.DELIVERY,
    DocKind.SALES_BILL,
    DocKind.SALES_RETURN,
    DocKind.RECEIPT,
    Account.AR,
    -1,
)
PURCHASE = Flow(
    FlowName.PURCHASE,
    DocKind.PURCHASE_ORDER,
    DocKind.GOODS_RECEIPT,
    DocKind.SUPPLIER_BILL,
    DocKind.PURCHASE_RETURN,
    DocKind.PAYMENT,
    Account.AP,
    +1,
)
FLOWS = {f.name: f for f in (SALES, PURCHASE)}
FLOW_OF_KIND = {
    kind: f for f in (SALES, PURCHASE) for kind in (f.order, f.fulfil, f.bill, f.ret, f.pay)
}
#: posted lines of these statuses count (a reversed original and its reversal net out)
COUNTED = (DocStatus.POSTED, DocStatus.REVERSED)


def entry_sign(kind: str) -> int:
    """How a document of ``kind`` moves its party's balance: bills +, returns/payments −."""
    flow = FLOW_OF_KIND.get(kind)
    if flow is None:
        return 0
    return 1 if kind == flow.bill else -1 if kind in (flow.ret, flow.pay) else 0
