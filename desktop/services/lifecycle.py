"""Document lifecycles: one table of allowed transitions, checked in one place.

A posted document is never edited or deleted; it is cancelled (drafts) or
reversed (红冲) by a new document that nets it to zero.
"""

from __future__ import annotations

from desktop.errors import TransitionError
from desktop.models import DocKind, DocStatus, Document

D, S, A, R = DocStatus.DRAFT, DocStatus.SENT, DocStatus.ACCEPTED, DocStatus.REJECTED
C, P, F = DocStatus.CONFIRMED, DocStatus.PARTIAL, DocStatus.FULFILLED
CL, PO, X, RV = DocStatus.CLOSED, DocStatus.POSTED, DocStatus.CANCELLED, DocStatus.REVERSED

Table = dict[str, tuple[frozenset[str], str | None]]

QUOTE: Table = {
    "send": (frozenset({D}), S),
    "accept": (frozenset({D, S}), A),
    "reject": (frozenset({D, S}), R),
    "cancel": (frozenset({D, S}), X),
    "edit": (frozenset({D}), None),
}

ORDER: Table = {
    "confirm": (frozenset({D}), C),
    "edit": (frozenset({D}), None),
    "deliver": (frozenset({C, P}), None),
    "bill": (frozenset({C, P, F}), None),
    # fulfilment progress follows the delivered quantities, both ways (a reversal undoes)
    "progress": (frozenset({C, P, F}), None),
    "close": (frozenset({C, P, F}), CL),
    "cancel": (frozenset({D, C}), X),
}

POSTING: Table = {
    "edit": (frozenset({D}), None),
    "post": (frozenset({D}), PO),
    "cancel": (frozenset({D}), X),
    "reverse": (frozenset({PO}), RV),
    "allocate": (frozenset({PO}), None),
}

LIFECYCLES: dict[str, Table] = {
    DocKind.QUOTE: QUOTE,
    DocKind.SALES_ORDER: ORDER,
    DocKind.PURCHASE_ORDER: ORDER,
    **{
        kind: POSTING
        for kind in (
            DocKind.DELIVERY,
            DocKind.SALES_BILL,
            DocKind.SALES_RETURN,
            DocKind.GOODS_RECEIPT,
            DocKind.SUPPLIER_BILL,
            DocKind.PURCHASE_RETURN,
            DocKind.RECEIPT,
            DocKind.PAYMENT,
            DocKind.STOCKTAKE,
        )
    },
}

STATUS_ZH: dict[str, str] = {
    D: "草稿",
    S: "已发送",
    A: "已接受",
    R: "已拒绝",
    C: "已确认",
    P: "部分完成",
    F: "已完成",
    CL: "已关闭",
    PO: "已过账",
    X: "已作废",
    RV: "已红冲",
}
ACTION_ZH: dict[str, str] = {
    "send": "发送",
    "accept": "转为订单",
    "reject": "拒绝",
    "cancel": "作废",
    "edit": "修改",
    "confirm": "确认",
    "deliver": "发货",
    "bill": "开单",
    "progress": "更新进度",
    "close": "关闭",
    "post": "过账",
    "reverse": "红冲",
    "allocate": "核销",
}


def allowed_actions(doc: Document) -> list[str]:
    """The actions this document's state allows (the window shows only these)."""
    table = LIFECYCLES[doc.kind]
    return [
        action
        for action, (sources, _) in table.items()
        if doc.status in sources and action != "progress"
    ]


def require(doc: Document, action: str) -> None:
    """Raise a readable error unless ``action`` is allowed in ``doc``'s state."""
    sources, _ = LIFECYCLES[doc.kind].get(action, (frozenset(), None))
    if doc.status not in sources:
        status = STATUS_ZH.get(doc.status, doc.status)
        verb = ACTION_ZH.get(action, action)
        raise TransitionError(
            "bad_transition",
            f"单据 {doc.number} 当前状态为“{status}”，不能{verb}。",
            f"Document {doc.number} is {doc.status}; it cannot be {action}ed now.",
            number=doc.number,
            status=doc.status,
            action=action,
        )


def apply(doc: Document, action: str) -> None:
    """Check the transition and move ``doc`` to its new state."""
    require(doc, action)
    target = LIFECYCLES[doc.kind][action][1]
    if target is not None:
        doc.status = target


def set_progress(doc: Document, status: str) -> None:
    """Move an order along its fulfilment (confirmed ↔ partial ↔ fulfilled)."""
    require(doc, "progress")
    if status not in (C, P, F):
        raise ValueError(status)
    doc.status = status
