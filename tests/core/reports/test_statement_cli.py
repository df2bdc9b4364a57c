"""``zhangfang statement track|confirm|dispute|pending`` and ``print statement --sent`` on
the golden ledger (甲五金's March closing 296.00, 乙建材's 90.00)."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.cli.main import main


def _run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_track_answer_and_pending(books, ledger_path: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    books.close()
    led = ("--ledger", str(ledger_path))
    march = ("--from", "2026-03-01", "--to", "2026-03-31")
    code, out, _ = _run(capsys, "statement", "track", "甲五金", *led, *march, "--via", "wechat",
                        "--on", "2026-04-02", "--json")  # fmt: skip
    assert code == 0
    sent = json.loads(out)
    assert (sent["closing"], sent["via"], sent["status"]) == ("296.00", "微信", "sent")
    # printed and recorded as sent in one go
    pdf = tmp_path / "yi.pdf"
    code, out, _ = _run(capsys, "print", "statement", "乙建材", *led, *march, "--out", str(pdf),
                        "--sent", "邮件", "--json")  # fmt: skip
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    assert json.loads(out)["sent"]["closing"] == "90.00"

    code, out, _ = _run(capsys, "statement", "pending", *led, "--json")
    assert code == 0
    assert sorted(x["party"]["name"] for x in json.loads(out)) == ["乙建材", "甲五金"]

    code, out, _ = _run(capsys, "statement", "dispute", "甲五金", *led, "--by", "甲会计",
                        "--note", "退货未扣", "--on", "2026-04-05")  # fmt: skip
    assert code == 0 and "退货未扣" in out
    code, out, _ = _run(capsys, "statement", "confirm", "乙建材", *led, "--by", "乙老板")
    assert code == 0
    code, out, _ = _run(capsys, "statement", "pending", *led)
    assert code == 0 and "甲五金" in out and "有异议" in out and "乙建材" not in out

    # an answer to a confirmed statement: one plain line, no traceback
    code, out, err = _run(capsys, "statement", "dispute", "乙建材", *led, "--by", "乙",
                          "--note", "x")  # fmt: skip
    assert code != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    code, _, err = _run(capsys, "statement", "confirm", "甲五金", *led)
    assert code == 2 and "--by" in err


def test_supplier_statements_take_the_same_path(
    books, ledger_path: Path, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    """应付对账单: 丙批发's March statement (the 03-04 bill, 1,200.00 owed) printed, recorded
    as sent, listed among the suppliers' statements not confirmed (not the customers'),
    disputed on its bill, then confirmed — the customers' commands with --payables."""
    import subprocess

    books.close()
    led = ("--ledger", str(ledger_path))
    march = ("--from", "2026-03-01", "--to", "2026-03-31")
    pdf = tmp_path / "bing.pdf"
    code, out, _ = _run(capsys, "print", "statement", "丙批发", "--payables", *led, *march,
                        "--out", str(pdf), "--sent", "传真", "--json")  # fmt: skip
    assert code == 0
    sent = json.loads(out)["sent"]
    assert (sent["closing"], sent["via"], sent["party"]["name"]) == ("1200.00", "传真", "丙批发")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "供应商对账单" in text and "1,200.00" in text

    code, out, _ = _run(capsys, "report", "statements", "--by", "supplier", *led, "--json")
    table = json.loads(out)
    assert code == 0 and table["title"]["zh"] == "供应商对账单未确认"
    assert [c["zh"] for c in table["columns"][:2]] == ["供应商编码", "供应商"]
    assert [(r["cells"]["name"], r["cells"]["closing"]) for r in table["rows"]] == [
        ("丙批发", "1200.00")
    ]
    assert {"supplier_bill", "purchase_return", "payment"} == set(
        table["rows"][0]["drill"]["kinds"]
    )
    code, out, _ = _run(capsys, "report", "statements", *led, "--json")
    assert code == 0 and json.loads(out)["rows"] == []  # no customer statement was sent

    from datetime import date

    from desktop.services.ledger import Ledger
    from desktop.services.statements import statement

    again = Ledger.open(ledger_path, actor="test")
    with again.read() as s:
        lines = statement(s, "丙批发", date(2026, 3, 1), date(2026, 3, 31), "AP").lines
    again.close()
    number = next(x.number for x in lines if x.debit > 0)
    assert number in text  # the bill printed on it
    code, out, _ = _run(capsys, "statement", "dispute", "丙批发", "--payables", *led, "--by",
                        "丙会计", "--note", "单价不对", "--line", number, "--json")  # fmt: skip
    assert code == 0 and json.loads(out)["disputed_lines"] == [number]
    code, out, _ = _run(capsys, "statement", "pending", "--payables", *led)
    assert code == 0 and "丙批发" in out and "单价不对" in out
    code, out, _ = _run(capsys, "statement", "confirm", "丙批发", "--payables", *led, "--by", "丙")
    assert code == 0
    code, out, _ = _run(capsys, "report", "statements", "--by", "supplier", *led, "--json")
    assert code == 0 and json.loads(out)["rows"] == []
