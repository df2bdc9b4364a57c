"""Creating the records a file names: yes by default in a new ledger (said once in the
report), the user's explicit choice otherwise; a refusal names the option as the window
and the command line call it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from desktop.cli.main import main
from desktop.importing.kinds.base import (
    CREATE_MISSING_EN,
    CREATE_MISSING_ZH,
    ImportOptions,
    ledger_is_new,
)
from desktop.importing.plan import run_import
from desktop.services.products import create_product

HISTORY = "日期,客户,商品名称,数量,单价,金额\n2024-01-05,甲公司,螺丝,1,2,2\n2024-01-06,乙公司,螺母,2,2,4\n"


def _history(tmp_path: Path) -> Path:
    path = tmp_path / "销售记录.csv"
    path.write_text(HISTORY, encoding="utf-8")
    return path


def _by_the_rule(ledger: Any, tmp_path: Path) -> Any:
    """The history previewed with creating left to the rule (``create_missing=None``)."""
    return run_import(
        ledger,
        _history(tmp_path),
        kind="sales_history",
        options=ImportOptions(create_missing=None),
        dry_run=True,
    )


def _cli(capsys: Any, *args: str) -> tuple[int, dict[str, Any]]:
    code = main(["import", *args, "--json", "--rows"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, json.loads(out)


def test_a_new_ledger_creates_what_a_history_names_and_says_so(ledger: Any, tmp_path: Path) -> None:
    with ledger.read() as s:
        assert ledger_is_new(s)
    report = _by_the_rule(ledger, tmp_path)
    assert report.counts["new"] == 2 and report.counts["error"] == 0
    assert report.notes[0].message("zh").startswith("账本里还没有客户、供应商和商品")
    assert CREATE_MISSING_ZH in report.notes[0].message("zh")
    assert "--no-create-missing" in report.notes[0].message("en")


def test_a_ledger_with_records_leaves_creating_to_the_user(ledger: Any, tmp_path: Path) -> None:
    with ledger.unit() as uow:
        create_product(uow, code="P1", name="垫片", base_unit="个")
    report = _by_the_rule(ledger, tmp_path)
    assert report.counts["error"] == 2 and not report.notes
    reasons = [row.reason("zh") for row in report.rows]
    assert all(f"“{CREATE_MISSING_ZH}”" in r and "--create-missing" in r for r in reasons)
    english = report.rows[0].reason("en")
    assert f"'{CREATE_MISSING_EN}'" in english


def test_a_product_list_says_nothing_about_creating(ledger: Any, tmp_path: Path) -> None:
    path = tmp_path / "商品.csv"
    path.write_text("商品编码,商品名称,单位\nP1,螺丝,个\n", encoding="utf-8")
    report = run_import(ledger, path, options=ImportOptions(create_missing=None), dry_run=True)
    assert report.prepared.kind == "product" and report.counts["new"] == 1
    assert report.notes == []


def test_the_command_line_default_and_its_refusal(
    capsys: Any, ledger_path: Path, tmp_path: Path
) -> None:
    path = _history(tmp_path)
    base = [str(path), "--ledger", str(ledger_path), "--kind", "sales_history"]
    code, refused = _cli(capsys, *base, "--no-create-missing")
    assert code == 1 and refused["counts"]["error"] == 2 and refused["batch"] is None
    code, done = _cli(capsys, *base)
    assert code == 0 and done["counts"]["new"] == 2
    assert "--no-create-missing" in done["notes"][0]  # said once, in the user's language
    code, again = _cli(capsys, *base)  # no longer a new ledger, and nothing to create
    assert again["counts"]["unchanged"] == 2 and again["notes"] == []
