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
