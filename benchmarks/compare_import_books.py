"""Same file, two versions of the code: are the import's summary and the books identical?

A speed change to the importer must not change what it decides or writes. This imports the
first ``--lines`` lines of a sales log (as .xlsx, and as .csv when one is given) with the
code of ``--before`` (a checkout of the old commit, e.g. ``git archive REV | tar -x -C DIR``)
and with this checkout, each into a fresh ledger, twice (the second run must change
nothing), through the command line as a user runs it; then compares:

* the summary JSON of both runs (batch id, backup path and file name left out);
* the books: customers and products (all columns but ids and times), every bill with its
  totals in number order, every line's figures, the counts of party entries, stock moves,
  balances, number series, units, prices and contacts, and a hash of every audit ``after``
  and every outbox intent (its arguments as parsed JSON) with ids and times masked.

Run: ``.venv/bin/python benchmarks/compare_import_books.py --before DIR "Online Retail.xlsx"
[--csv "Online Retail.csv"] [--lines 100000] [--work DIR]``. Exit 1 when anything differs.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEX = re.compile(r"[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
STAMP = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?")
VOLATILE = ("batch", "backup", "file")  # differ from run to run by nature


def _same_json(text: str) -> str:
    """An intent's arguments as one canonical text: what they say, not how the writer spaced
    or escaped them (the ORM's JSON and the bulk writers' one-pass JSON differ only so)."""
    return json.dumps(json.loads(text), sort_keys=True, ensure_ascii=False)


def masked(value: object) -> str:
    return STAMP.sub("<ts>", HEX.sub("<id>", value if isinstance(value, str) else str(value)))


def slices(xlsx: Path, csv: Path | None, lines: int, work: Path) -> list[tuple[Path, list[str]]]:
    """The first ``lines`` lines of each file (made once, kept in ``work``), with the
    options each needs (the CSV's text dates are month first)."""
    out: list[tuple[Path, list[str]]] = []
    target = work / f"slice{lines}.xlsx"
    if not target.exists():
        import openpyxl
        import python_calamine as pc

        book = pc.CalamineWorkbook.from_path(str(xlsx))
        name = book.sheet_names[0]
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)[: lines + 1]
        wb = openpyxl.Workbook(write_only=True)
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
        wb.save(target)
    out.append((target, []))
    if csv is not None:
        target = work / f"slice{lines}.csv"
        if not target.exists():
            with open(csv, encoding="utf-8") as src, open(target, "w", encoding="utf-8") as dst:
                for n, text in enumerate(src):
                    if n > lines:
                        break
                    dst.write(text)
        out.append((target, ["--date-order", "mdy"]))
    return out


def books(ledger: Path) -> list[str]:
    """The ledger's books as comparable lines (ids and times masked or replaced by codes)."""
    c = sqlite3.connect(f"file:{ledger}?mode=ro", uri=True)

    def cols(table: str) -> list[str]:
        return [r[1] for r in c.execute(f"pragma table_info({table})")]

    out: list[str] = []
    for table in ("party", "product"):
        keep = [x for x in cols(table) if x not in ("id", "created_at", "updated_at")]
        for r in c.execute(f"select {','.join(keep)} from {table} order by code"):
            out.append(f"{table} {r}")
    party = dict(c.execute("select id, code from party"))
    product = dict(c.execute("select id, code from product"))
    skip = ("id", "created_at", "updated_at", "posted_at", "party_id", "source_id")
    keep = [x for x in cols("document") if x not in skip]
    number_of: dict[object, str] = {}
    source_of: dict[object, object] = {}
    rows = c.execute(
        f"select id, party_id, source_id, {','.join(keep)} from document order by number"
    ).fetchall()
    for r in rows:
        number_of[r[0]] = r[3 + keep.index("number")]
        source_of[r[0]] = r[2]
    for r in rows:
        source = number_of.get(source_of[r[0]]) if source_of[r[0]] is not None else None
        out.append(f"doc {party[r[1]]} source={source} {r[3:]}")
    keep = [x for x in cols("document_line") if x not in ("id", "document_id", "product_id")]
    lines = c.execute(
        f"select document_id, product_id, {','.join(keep)} from document_line"
    ).fetchall()
    lines.sort(key=lambda r: (number_of[r[0]], r[2 + keep.index("line_no")]))
    out += [f"line {number_of[r[0]]} {product[r[1]]} {r[2:]}" for r in lines]
    for table in (
        "party_entry",
        "stock_move",
        "party_balance",
        "stock_balance",
        "number_series",
        "product_unit",
        "product_price",
        "party_contact",
    ):
        out.append(f"count {table} {c.execute(f'select count(*) from {table}').fetchone()[0]}")
    for r in c.execute(
        "select entity, action, count(*) from audit_log group by 1, 2 order by 1, 2"
    ):
        out.append(f"audit {r}")
    audits = sorted(
        masked(r[0])
        for r in c.execute(
            "select entity || ' ' || action || ' ' || coalesce(after, '') from audit_log"
        )
    )
    out.append("audit-content " + hashlib.sha256("\n".join(audits).encode()).hexdigest())
    for r in c.execute("select intent, state, count(*) from outbox group by 1, 2 order by 1, 2"):
        out.append(f"outbox {r}")
    intents = sorted(
        masked(r[0]) + " " + masked(_same_json(r[1]))
        for r in c.execute("select intent, args from outbox")
    )
    out.append("outbox-content " + hashlib.sha256("\n".join(intents).encode()).hexdigest())
    c.close()
    return out


def run_side(code: Path, file: Path, extra: list[str], work: Path, tag: str) -> dict[str, object]:
    """Import ``file`` twice with the code in ``code``; the two summaries and the books."""
    env = dict(os.environ, PYTHONPATH=str(code), ZHANGFANG_LANG="en")
    env["ZHANGFANG_HOME"] = str(work / "home")
    ledger = work / f"{tag}-{file.suffix[1:]}.zhangfang"
    for stale in work.glob(f"{ledger.name}*"):
        stale.unlink()
    py = [sys.executable, "-m", "desktop.cli.main"]
    subprocess.run(
        [*py, "init", "--firm", "基准测试", "--ledger", str(ledger)],
        env=env,
        cwd=code,
        check=True,
        capture_output=True,
    )
    command = [*py, "import", str(file), "--kind", "sales_history", "--create-missing", *extra]
    command += ["--ledger", str(ledger), "--json"]
    summaries = []
    for _ in range(2):
        done = subprocess.run(command, env=env, cwd=code, capture_output=True, text=True)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{tag}: import failed ({done.returncode}): {done.stderr[-2000:]}")
        summary = json.loads(done.stdout)
        for key in VOLATILE:
            summary.pop(key, None)
        summaries.append(summary)
    return {"first": summaries[0], "again": summaries[1], "books": books(ledger)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", type=Path, help="the sales log as .xlsx")
    parser.add_argument("--csv", type=Path, help="the same log as .csv")
    parser.add_argument("--before", type=Path, required=True, help="checkout of the old code")
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--work", type=Path, help="folder for slices and ledgers (kept)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="compare-import-"))
    work.mkdir(parents=True, exist_ok=True)
    same = True
    for file, extra in slices(args.file, args.csv, args.lines, work):
        before = run_side(args.before.resolve(), file, extra, work, "before")
        after = run_side(ROOT, file, extra, work, "after")
        for run in ("first", "again"):
            a, b = before[run], after[run]
            assert isinstance(a, dict) and isinstance(b, dict)
            if a == b:
                print(f"{file.name} {run} run: summary identical, counts {a['counts']}")
            else:
                same = False
                print(f"{file.name} {run} run: SUMMARY DIFFERS")
                for key in sorted(set(a) | set(b)):
                    if a.get(key) != b.get(key):
                        print(f"   {key}: {str(a.get(key))[:300]} | {str(b.get(key))[:300]}")
        la, lb = before["books"], after["books"]
        assert isinstance(la, list) and isinstance(lb, list)
        if la == lb:
            print(f"{file.name}: books identical ({len(la)} lines compared)")
        else:
            same = False
            print(f"{file.name}: BOOKS DIFFER")
            for d in list(difflib.unified_diff(la, lb, lineterm="", n=0))[:30]:
                print("   ", d[:200])
    print("identical" if same else "DIFFERENT")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
