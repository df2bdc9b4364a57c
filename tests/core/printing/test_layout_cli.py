"""``zhangfang layout list|show|export|import|reset`` and ``print --layout``: one plain line
for every refusal, never a traceback."""

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


def test_layout_commands_round_trip(capsys, ledger, ledger_path: Path, tmp_path: Path) -> None:
    t = set_up(ledger)
    ledger.close()
    lg = ("--ledger", str(ledger_path))
    code, out, _ = run(capsys, "layout", "list", "--kind", "sales_bill", "--json", *lg)
    listed = json.loads(out)
    assert code == 0 and len(listed) == 4 and not any(x["saved"] for x in listed)
    code, out, _ = run(capsys, "layout", "show", "sales_bill", "--paper", "241x93", *lg)
    shown = json.loads(out)
    assert shown["paper"] == "c241x93" and shown["columns"][2]["key"] == "name"
    # an edited file, imported under 默认: the bill prints without 编码 and in two copies
    shown["columns"] = [c for c in shown["columns"] if c["key"] != "code"]
    shown["copies"] = [{"caption": "存根", "tint": ""}, {"caption": "客户", "tint": "blue"}]
    body = {k: shown[k] for k in ("columns", "header_text", "footer_text", "logo", "seal")}
    body |= {k: shown[k] for k in ("copies", "rows_per_page", "font_size")}
    edited = {
        "format": "zhangfang-print-layout",
        "version": 1,
        "kind": "sales_bill",
        "paper": "c241x93",
        "name": "默认",
        "body": body,
    }
    path = tmp_path / "edited.json"
    path.write_text(json.dumps(edited, ensure_ascii=False), encoding="utf-8")
    code, out, _ = run(capsys, "layout", "import", str(path), *lg)
    assert code == 0 and "sales_bill/c241x93/默认" in out
    pdf = tmp_path / "bill.pdf"
    code, _, _ = run(capsys, "print", t.bill, "--out", str(pdf), "--paper", "241x93", *lg)
    assert code == 0 and page_count(pdf) == 2
    texts = ["".join(p.split()) for p in page_texts(pdf)]
    assert "第一联存根" in texts[0] and "第二联客户" in texts[1] and "编码" not in texts[0]
    code, _, _ = run(
        capsys,
        "layout",
        "export",
        "sales_bill",
        "--paper",
        "241x93",
        "--out",
        str(tmp_path / "back.json"),
        *lg,
    )
    back = json.loads((tmp_path / "back.json").read_text(encoding="utf-8"))
    assert code == 0 and back["body"]["copies"][1]["tint"] == "blue"
    code, out, _ = run(capsys, "layout", "reset", "sales_bill", "--paper", "241x93", *lg)
    assert code == 0
    code, _, _ = run(capsys, "print", t.bill, "--out", str(pdf), "--paper", "241x93", *lg)
    assert page_count(pdf) == 1 and "编码" in "".join(page_texts(pdf)[0].split())


def test_refusals_are_one_plain_line(capsys, ledger, ledger_path: Path, tmp_path: Path) -> None:
    t = set_up(ledger)
    ledger.close()
    lg = ("--ledger", str(ledger_path))
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "zhangfang-print-layout", "version": 1, "kind": "sales_bill", '
        '"paper": "a4", "name": "x", "body": {"columns": []}}',
        encoding="utf-8",
    )
    cases = [
        ("layout", "import", str(bad)),
        ("layout", "import", str(tmp_path / "missing.json")),
        ("layout", "show", "nonsense"),
        ("layout", "reset", "sales_bill", "--paper", "a3"),
        ("print", t.bill, "--out", str(tmp_path / "x.pdf"), "--layout", "没有这个"),
    ]
    for argv in cases:
        code, _out, err = run(capsys, *argv, *lg)
        assert code in (1, 2), argv
        lines = [x for x in err.splitlines() if x.strip()]
        assert len(lines) == 1 and "Traceback" not in err, (argv, err)
    assert not (tmp_path / "x.pdf").exists()
