"""A refused transition says so in one whole sentence per action, in Chinese and English.

The English used to be glued ("cannot be {action}ed"): "reverseed", "sended", "billed"
by luck. Every lifecycle, action and refused status is checked against sentences written
out here, not rebuilt from the code's own table.
"""

from __future__ import annotations

import re

import pytest

from desktop.errors import TransitionError
from desktop.models import DocKind, DocStatus, Document
from desktop.services import lifecycle

NUMBER = "XS-A-2601-0007"

# what follows "Document XS-A-2601-0007 is <status>; " for each action
EN_TAIL = {
    "send": "it cannot be sent now.",
    "accept": "it cannot be accepted and turned into an order now.",
    "reject": "it cannot be rejected now.",
    "cancel": "it cannot be cancelled now.",
    "edit": "it cannot be changed now.",
    "confirm": "it cannot be confirmed now.",
    "deliver": "goods cannot be delivered or received against it now.",
    "bill": "it cannot be billed now.",
    "progress": "its progress cannot be updated now.",
    "close": "it cannot be closed now.",
    "post": "it cannot be posted now.",
    "reverse": "it cannot be reversed now.",
    "allocate": "nothing can be allocated to it now.",
}
EN_STATUS = {
    "draft": "a draft",
    "sent": "sent",
    "accepted": "accepted",
    "rejected": "rejected",
    "confirmed": "confirmed",
    "partial": "partly fulfilled",
    "fulfilled": "fulfilled",
    "closed": "closed",
    "posted": "posted",
    "cancelled": "cancelled",
    "reversed": "reversed",
}
ZH_REFUSED = {
    "send": "不能发送",
    "accept": "不能转为订单",
    "reject": "不能拒绝",
    "cancel": "不能作废",
    "edit": "不能修改",
    "confirm": "不能确认",
    "deliver": "不能发货或收货",
    "bill": "不能开单",
    "progress": "不能更新进度",
    "close": "不能关闭",
    "post": "不能过账",
    "reverse": "不能红冲",
    "allocate": "不能核销",
}
ZH_STATUS = {
    "draft": "草稿",
    "sent": "已发送",
    "accepted": "已接受",
    "rejected": "已拒绝",
    "confirmed": "已确认",
    "partial": "部分完成",
    "fulfilled": "已完成",
    "closed": "已关闭",
    "posted": "已过账",
    "cancelled": "已作废",
    "reversed": "已红冲",
}

# a few written out whole, as a reader sees them
WHOLE = [
    (
        DocKind.SALES_BILL,
        DocStatus.POSTED,
        "post",
        "Document XS-A-2601-0007 is posted; it cannot be posted now.",
    ),
    (
        DocKind.SALES_BILL,
        DocStatus.DRAFT,
        "reverse",
        "Document XS-A-2601-0007 is a draft; it cannot be reversed now.",
    ),
    (
        DocKind.QUOTE,
        DocStatus.ACCEPTED,
        "send",
        "Document XS-A-2601-0007 is accepted; it cannot be sent now.",
    ),
    (
        DocKind.SALES_ORDER,
        DocStatus.DRAFT,
        "deliver",
        "Document XS-A-2601-0007 is a draft; goods cannot be delivered or received against it now.",
    ),
    (
        DocKind.PURCHASE_ORDER,
        DocStatus.CANCELLED,
        "bill",
        "Document XS-A-2601-0007 is cancelled; it cannot be billed now.",
    ),
    (
        DocKind.RECEIPT,
        DocStatus.REVERSED,
        "allocate",
        "Document XS-A-2601-0007 is reversed; nothing can be allocated to it now.",
    ),
]


def _refusal(kind: str, status: str, action: str) -> TransitionError:
    doc = Document(kind=kind, status=status, number=NUMBER)
    with pytest.raises(TransitionError) as caught:
        lifecycle.require(doc, action)
    return caught.value


@pytest.mark.parametrize(("kind", "status", "action", "sentence"), WHOLE)
def test_some_refusals_word_for_word(kind: str, status: str, action: str, sentence: str) -> None:
    error = _refusal(kind, status, action)
    assert error.en == sentence
    assert error.message("en") == sentence


CASES = [(kind, action) for kind, table in lifecycle.LIFECYCLES.items() for action in table]


def test_every_action_of_every_lifecycle_is_covered() -> None:
    assert {action for _, action in CASES} == set(EN_TAIL)


@pytest.mark.parametrize(("kind", "action"), CASES)
def test_every_refusal_is_one_whole_sentence(kind: str, action: str) -> None:
    sources = lifecycle.LIFECYCLES[kind][action][0]
    refused = [status for status in DocStatus if status not in sources]
    assert refused
    for status in refused:
        error = _refusal(kind, status, action)
        assert error.en == f"Document {NUMBER} is {EN_STATUS[status]}; {EN_TAIL[action]}"
        assert error.zh == f"单据 {NUMBER} 当前状态为“{ZH_STATUS[status]}”，{ZH_REFUSED[action]}。"
        assert not re.search(r"eed\b|ded\b", error.en), error.en  # "reverseed", "sended"
        # the code and the details a program reads are as before
        assert error.code == "bad_transition"
        assert error.details == {"number": NUMBER, "status": status, "action": action}


def test_an_unknown_action_is_refused_in_a_whole_sentence() -> None:
    error = _refusal(DocKind.SALES_BILL, DocStatus.POSTED, "teleport")
    assert error.en == f"Document {NUMBER} is posted; this action is not possible now."
    assert error.zh == f"单据 {NUMBER} 当前状态为“已过账”，不能执行这个操作。"
    assert error.details["action"] == "teleport"
