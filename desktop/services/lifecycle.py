"""Document lifecycles: one table of allowed transitions, checked in one place.

Every status a document can have is a state of its kind's table here (a check in
``services.checks`` reports any row that is not).

A posted document is never edited or deleted; it is cancelled (drafts) or
reversed (红冲) by a new document that nets it to zero.
"""

from __future__ import annotations

from desktop.errors import TransitionError
from desktop.labels import STATUS_ZH
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

#: a bill may also be ``closed``: imported as a history record, it never moved a balance
#: (though it may have moved stock) and takes no payment; it can only be reversed, which
#: is how an import of history is undone. So may a return: a cancelled invoice in a
#: history (``history_returns``)
BILL: Table = {**POSTING, "reverse": (frozenset({PO, CL}), RV)}

LIFECYCLES: dict[str, Table] = {
    DocKind.QUOTE: QUOTE,
    DocKind.SALES_ORDER: ORDER,
    DocKind.PURCHASE_ORDER: ORDER,
    DocKind.SALES_BILL: BILL,
    DocKind.SUPPLIER_BILL: BILL,
    DocKind.SALES_RETURN: BILL,
    DocKind.PURCHASE_RETURN: BILL,
    **{
        kind: POSTING
        for kind in (
            DocKind.DELIVERY,
            DocKind.GOODS_RECEIPT,
            DocKind.RECEIPT,
            DocKind.PAYMENT,
            DocKind.STOCKTAKE,
        )
    },
}


def states(kind: str) -> frozenset[str]:
    """Every status a document of ``kind`` can be in: its table's sources and targets."""
    found: set[str] = set()
    for sources, target in LIFECYCLES.get(kind, {}).values():
        found.update(sources)
        if target is not None:
            found.add(target)
    return frozenset(found)


def allowed_actions(doc: Document) -> list[str]:
    """The actions this document's state allows (the window shows only these)."""
    table = LIFECYCLES[doc.kind]
    return [
        action
        for action, (sources, _) in table.items()
        if doc.status in sources and action != "progress"
    ]


# Why an action is refused, one whole sentence per action in each language (not a verb
# glued into a frame: English verbs do not all take "-ed"). {number} and {status} are filled
# in; the Chinese names the status as the window shows it.
REFUSED: dict[str, tuple[str, str]] = {
    "send": (
        "单据 {number} 当前状态为“{status}”，不能发送。",
        "Document {number} is {status}; it cannot be sent now.",
    ),
    "accept": (
        "单据 {number} 当前状态为“{status}”，不能转为订单。",
        "Document {number} is {status}; it cannot be accepted and turned into an order now.",
    ),
    "reject": (
        "单据 {number} 当前状态为“{status}”，不能拒绝。",
        "Document {number} is {status}; it cannot be rejected now.",
    ),
    "cancel": (
        "单据 {number} 当前状态为“{status}”，不能作废。",
        "Document {number} is {status}; it cannot be cancelled now.",
    ),
    "edit": (
        "单据 {number} 当前状态为“{status}”，不能修改。",
        "Document {number} is {status}; it cannot be changed now.",
    ),
    "confirm": (
        "单据 {number} 当前状态为“{status}”，不能确认。",
        "Document {number} is {status}; it cannot be confirmed now.",
    ),
    "deliver": (
        "单据 {number} 当前状态为“{status}”，不能发货或收货。",
        "Document {number} is {status}; goods cannot be delivered or received against it now.",
    ),
    "bill": (
        "单据 {number} 当前状态为“{status}”，不能开单。",
        "Document {number} is {status}; it cannot be billed now.",
    ),
    "progress": (
        "单据 {number} 当前状态为“{status}”，不能更新进度。",
        "Document {number} is {status}; its progress cannot be updated now.",
    ),
    "close": (
        "单据 {number} 当前状态为“{status}”，不能关闭。",
        "Document {number} is {status}; it cannot be closed now.",
    ),
    "post": (
        "单据 {number} 当前状态为“{status}”，不能过账。",
        "Document {number} is {status}; it cannot be posted now.",
    ),
    "reverse": (
        "单据 {number} 当前状态为“{status}”，不能红冲。",
        "Document {number} is {status}; it cannot be reversed now.",
    ),
    "allocate": (
        "单据 {number} 当前状态为“{status}”，不能核销。",
        "Document {number} is {status}; nothing can be allocated to it now.",
    ),
}
#: an action no lifecycle knows
REFUSED_OTHER = (
    "单据 {number} 当前状态为“{status}”，不能执行这个操作。",
    "Document {number} is {status}; this action is not possible now.",
)
# the status as the English sentence reads it ("is a draft", "is partly fulfilled")
_STATUS_EN: dict[str, str] = {
    D: "a draft",
    S: "sent",
    A: "accepted",
    R: "rejected",
    C: "confirmed",
    P: "partly fulfilled",
    F: "fulfilled",
    CL: "closed",
    PO: "posted",
    X: "cancelled",
    RV: "reversed",
}


def require(doc: Document, action: str) -> None:
    """Raise a readable error unless ``action`` is allowed in ``doc``'s state."""
    sources, _ = LIFECYCLES[doc.kind].get(action, (frozenset(), None))
    if doc.status not in sources:
        zh, en = REFUSED.get(action, REFUSED_OTHER)
        raise TransitionError(
            "bad_transition",
            zh.format(number=doc.number, status=STATUS_ZH.get(doc.status, doc.status)),
            en.format(number=doc.number, status=_STATUS_EN.get(doc.status, doc.status)),
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


def after(doc: Document, action: str) -> str:
    """The state ``action`` would move ``doc`` to (checked as :func:`apply` checks it),
    without moving it: for a document written once in its final state."""
    require(doc, action)
    target = LIFECYCLES[doc.kind][action][1]
    return target if target is not None else doc.status


def set_progress(doc: Document, status: str) -> None:
    """Move an order along its fulfilment (confirmed ↔ partial ↔ fulfilled)."""
    require(doc, "progress")
    if status not in (C, P, F):
        raise ValueError(status)
    doc.status = status


#: a statement sent to a party (``StatementRecord``): the party confirms it, or disputes it
#: (again, with a new note) until it confirms; a confirmed one is final — the next period
#: gets a statement of its own
STATEMENT: Table = {
    "confirm": (frozenset({"sent", "disputed"}), "confirmed"),
    "dispute": (frozenset({"sent", "disputed"}), "disputed"),
}
_STATEMENT_ZH = {"sent": "已寄出", "confirmed": "已确认", "disputed": "有异议"}


def statement_step(status: str, action: str, party: str) -> str:
    """The statement's state after ``action``, or a readable refusal."""
    sources, target = STATEMENT[action]
    if status not in sources or target is None:
        raise TransitionError(
            "bad_transition",
            f"{party} 的对账单{_STATEMENT_ZH.get(status, status)}，不能再"
            f"{'确认' if action == 'confirm' else '提出异议'}。",
            f"{party}'s statement is {status}; it cannot be {action}ed now.",
            status=status,
            action=action,
        )
    return target
