"""``zhangfang print``: documents, one statement, every statement; exit codes and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.cli.main import main
from tests.core.printing.printing_ledger import set_up
from tests.core.printing.printing_pdftools import needs_poppler, page_count, page_texts

pytestmark = needs_poppler


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_print_a_document_then_reprint(capsys, ledger, ledger_path: Path, tmp_path: Path) -> None:
    t = set_up(ledger)
    ledger.close()
    out = tmp_path / "bill.pdf"
    lg = ("--ledger", str(ledger_path))
    code, text, _ = run(capsys, "print", t.bill, "--out", str(out), *lg)
    assert code == 0 and t.bill in text and page_count(out) == 1
    code, text, _ = run(
        capsys, "print", t.bill, "--out", str(out), "--paper", "241x93", "--json", *lg
    )
    data = json.loads(text)
    assert code == 0 and data["reprint"] and data["print_count"] == 2
    assert data["paper"] == "c241x93"
    assert "补打" in "".join(page_texts(out)[0].split())
    code, _, _ = run(capsys, "print", t.delivery, "--out", str(out), "--no-prices", *lg)
    assert code == 0 and "2,040.00" not in page_texts(out)[0]


def test_print_statements(capsys, ledger, ledger_path: Path, tmp_path: Path) -> None:
    set_up(ledger)
    ledger.close()
    lg = ("--ledger", str(ledger_path))
    period = ("--from", "2026-10-01", "--to", "2026-10-31")
    one = tmp_path / "one.pdf"
    code, text, _ = run(capsys, "print", "statement", "张三五金店", *period, "--out", str(one), *lg)
    assert code == 0 and "1,062.50" in text and one.is_file()
    code, text, _ = run(
        capsys, "print", "statements", *period, "--out", str(tmp_path / "all"), "--json", *lg
    )
    data = json.loads(text)
    assert code == 0 and data["count"] == 1 and Path(data["combined"]).is_file()
    assert data["files"][0]["closing"] == "1062.50"
    code, text, _ = run(
        capsys, "print", "statements", "--from", "2020-01-01", "--to", "2020-01-31",
        "--out", str(tmp_path / "none"), *lg,
    )  # fmt: skip
    assert code == 0 and "没有需要对账" in text


def test_bad_usage_and_unknown_things(capsys, ledger, ledger_path: Path, tmp_path: Path) -> None:
    set_up(ledger)
    ledger.close()
    lg = ("--ledger", str(ledger_path))
    out = str(tmp_path / "x.pdf")
    code, _, err = run(capsys, "print", "XS-NOPE", "--out", out, *lg)
    assert code == 1 and "找不到单据" in err
    code, _, err = run(capsys, "print", "statement", "张三五金店", "--out", out, *lg)
    assert code == 2 and "--from" in err
    code, _, err = run(
        capsys, "print", "statements", "--from", "2026-10-31", "--to", "2026-10-01",
        "--out", str(tmp_path), *lg,
    )  # fmt: skip
    assert code == 2 and "after" in err
    code, _, err = run(capsys, "print", "statement", "无此客户", "--from", "2026-10-01",
                       "--to", "2026-10-31", "--out", out, *lg)  # fmt: skip
    assert code == 1 and "找不到往来单位" in err
    code, _, _ = run(capsys, "print", "XS-A-2610-0001", "--out", out, "--paper", "a3", *lg)
    assert code == 2
    code, _, err = run(capsys, "print", "XS-A-2610-0001", "--out", str(tmp_path / "no" / "x.pdf"),
                       *lg)  # fmt: skip
    assert code == 1 and "不存在" in err
    code, _, err = run(capsys, "print", "XS-A-2610-0001", "--out", out, "--offset-x", "99", *lg)
    assert code == 1 and "偏移" in err
    assert not Path(out).exists()
