"""``zhangfang market``: publish, list what buyers see, the inbox, accept and decline; a
refusal is one plain line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.cli.main import main
from desktop.services import market
from desktop.services.ledger import Ledger
from tests.core.market_helpers import buyer, listed, request
from tests.helpers import customer, product


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_publish_list_and_unpublish(capsys, ledger_path: Path) -> None:
    at = ("--ledger", str(ledger_path))
    ledger = Ledger.open(ledger_path)
    product(ledger, code="0042", name="六角螺栓 M8", min_order_qty="10")
    ledger.close()
    code, out, _ = run(capsys, "market", "list", *at)
    assert code == 0 and "还没有发布" in out
    argv = ("market", "publish", "0042", "--title", "镀锌螺栓", "--buffer", "5", "--show", "level")
    assert run(capsys, *argv, *at)[0] == 0
    code, out, _ = run(capsys, "market", "list", *at)
    assert code == 0 and "镀锌螺栓" in out and "缺货" in out
    code, out, _ = run(capsys, "market", "list", "--json", *at)
    (row,) = json.loads(out)["products"]
    assert (row["code"], row["title"], row["moq"], row["level"], row["shown"]) == (
        "0042",
        "镀锌螺栓",
        "10",
        "out",
        "level",
    )
    assert row["pack_units"] == [{"unit": "箱", "factor": "24"}]
    assert run(capsys, "market", "unpublish", "0042", *at)[0] == 0
    assert json.loads(run(capsys, "market", "list", "--json", *at)[1])["products"] == []


def test_the_inbox_and_the_clerks_answers(capsys, ledger_path: Path) -> None:
    at = ("--ledger", str(ledger_path))
    wang, li = buyer(), buyer(name="李四", company="")
    ledger = Ledger.open(ledger_path)
    bolt = listed(ledger)
    customer(ledger, "张三五金", code="C001")
    with ledger.unit() as uow:
        order = market.receive_request(uow, request("order", wang, [(bolt, "个", "10")]))
        inquiry = market.receive_request(uow, request("inquiry", li, [(bolt, "箱", "2")]))
        numbers = order.number, inquiry.number
    ledger.close()
    code, out, _ = run(capsys, "market", "inbox", *at)
    assert code == 0 and numbers[0] in out and "王五（王五建材）" in out and "待接受" in out
    assert str(wang.id) in out and "待审核" in out
    data = json.loads(run(capsys, "market", "inbox", "--json", *at)[1])
    assert [d["number"] for d in data["drafts"]] == list(numbers)
    assert [d["lines"] for d in data["drafts"]] == [1, 1]
    assert {b["name"] for b in data["buyers"]} == {"王五", "李四"}
    assert run(capsys, "market", "accept-buyer", str(wang.id), *at)[0] == 0
    code, out, _ = run(capsys, "market", "accept-buyer", str(li.id), "--customer", "C001", *at)
    assert code == 0 and "张三五金" in out
    code, out, _ = run(capsys, "market", "decline", numbers[1], "--reason", "缺货", *at)
    assert code == 0
    data = json.loads(run(capsys, "market", "inbox", "--json", *at)[1])
    assert data["buyers"] == [] and [d["customer"] for d in data["drafts"]] == ["王五建材"]
    for argv, words in (
        (("decline", numbers[0], "--reason", " "), "请写明原因"),
        (("accept-buyer", "nobody"), "买家编号不对"),
        (("accept-buyer", str(wang.id)), "已经接受过了"),
        (("publish", "9999"), "找不到商品"),
        (("publish", "0042", "--buffer", "很多"), "安全库存必须是数字"),
    ):
        code, out, err = run(capsys, "market", *argv, *at)
        assert code == 1 and words in err, argv
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
