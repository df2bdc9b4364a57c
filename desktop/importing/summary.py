"""What an import tells its user: a short summary, and the per-row detail only on request.

A 540,000-line history has 540,000 outcomes; printing all of them (62 MB of JSON) took as
long as the import itself. So the summary carries the counts, the notes, the skipped rows
by reason and the first problem rows; :func:`row_records` yields every row's outcome one at a
time, for ``--rows`` and ``--rows-file`` to stream without building the list.

Keys and outcome codes stay English (``new``, ``error``): scripts read them in any
language. Reasons, field labels and notes are in the language asked for.
"""

from __future__ import annotations

import csv
import heapq
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from desktop.importing.rows import ERROR, OUTCOME_ZH, SKIPPED, Row

if TYPE_CHECKING:
    from desktop.importing.plan import ImportReport

#: problem rows shown in the summary (the JSON's ``problems`` and the plain report)
FIRST_PROBLEMS = 20
#: the most frequent reasons counted in the summary (``top_reasons``)
TOP_REASONS = 10

#: the outcome words of the plain report and the CSV row file, by language
OUTCOME_EN = {"new": "new", "update": "updated", "unchanged": "unchanged", "skipped": "skipped"}
OUTCOME_EN[ERROR] = "error"


#: the record fields an update changes (stored names), as a person reads them: the notes of
#: updated customers, suppliers and products say 成本价, never cost_price
CHANGED_FIELD: dict[str, tuple[str, str]] = {
    "code": ("编码", "code"),
    "name": ("名称", "name"),
    "barcode": ("条码", "barcode"),
    "category": ("类别", "category"),
    "spec": ("规格", "spec"),
    "base_unit": ("基本单位", "base unit"),
    "retail_price": ("零售价", "retail price"),
    "cost_price": ("成本价", "cost price"),
    "tax_rate": ("税率", "tax rate"),
    "min_order_qty": ("起订量", "minimum order"),
    "min_stock": ("最低库存", "minimum stock"),
    "units": ("包装单位", "pack units"),
    "levels": ("价格等级", "price levels"),
    "tiers": ("阶梯价", "quantity tiers"),
    "notes": ("备注", "notes"),
    "archived": ("停用", "archived"),
    "short_name": ("简称", "short name"),
    "contact": ("联系人", "contact"),
    "phone": ("电话", "phone"),
    "bill_to": ("地址", "address"),
    "invoice_tax_id": ("纳税人识别号", "tax ID"),
    "invoice_bank": ("开户行", "bank"),
    "invoice_account": ("银行账号", "bank account"),
    "credit_limit": ("信用额度", "credit limit"),
    "terms_kind": ("结算方式", "terms"),
    "terms_days": ("账期天数", "terms days"),
    "customer": ("客户", "customer"),
    "supplier": ("供应商", "supplier"),
}


def changes_note(code: str, changes: dict[str, Any], show: Any = str) -> tuple[str, str]:
    """The (zh, en) note of an update: "更新 P1：成本价：1.50 → 2.00"."""
    parts = {
        lang: [
            f"{CHANGED_FIELD.get(k, (k, k))[0 if lang == 'zh' else 1]}"
            f"{'：' if lang == 'zh' else ': '}{show(a)} → {show(b)}"
            for k, (a, b) in changes.items()
        ]
        for lang in ("zh", "en")
    }
    return f"更新 {code}：{'；'.join(parts['zh'])}", f"Updates {code}: {'; '.join(parts['en'])}"


def outcome_word(outcome: str, lang: str) -> str:
    """An outcome code as a person reads it (新增 / new)."""
    if lang == "zh":
        return OUTCOME_ZH.get(outcome, outcome)
    return OUTCOME_EN.get(outcome, outcome)


def note_text(note: Any, lang: str) -> str:
    """A report note in ``lang``: an Issue-like object (``message(lang)``), a (zh, en) pair
    or a plain string."""
    if hasattr(note, "message"):
        return str(note.message(lang))
    if isinstance(note, tuple) and len(note) == 2:
        return str(note[0] if lang == "zh" else note[1])
    return str(note)


def field_label(report: ImportReport, name: str, lang: str) -> str:
    """A field's name as the user reads it (成本价 / Cost price); the key if unknown."""
    for spec in report.prepared.handler.fields:
        if spec.name == name:
            return spec.zh if lang == "zh" else spec.en
    return name


def _letter(col: int) -> str:
    """A 0-based column as Excel names it (0 → A, 26 → AA), without importing openpyxl
    (a third of a second of the command's start for one letter per mapped column)."""
    n, out = col + 1, ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def skip_reason(reason: str, lang: str) -> str:
    from desktop.importing.plan import SKIP_ZH

    zh, en = SKIP_ZH.get(reason, (reason, reason))
    return zh if lang == "zh" else en


def summary(
    report: ImportReport,
    lang: str = "zh",
    *,
    first: int = FIRST_PROBLEMS,
    kind_guessed: bool | None = None,
) -> dict[str, Any]:
    """The summary of an import: file, kind, mapping, counts per outcome, notes, skipped rows
    by reason, the first ``first`` problem rows and how many there are in all."""
    p = report.prepared
    headers = p.mapping.headers
    problems = problem_rows(report)
    shown = [record(report, n, outcome, row, lang) for n, outcome, row in problems[:first]]
    skipped = Counter(s.reason for s in report.skipped_rows)
    return {
        "file": str(p.book.path),
        "kind": p.kind,
        "kind_guessed": kind_guessed,
        #: the next most plausible kind when the kind was guessed
        "runner_up": p.runner_up,
        "sheet": p.book.sheet,
        "header_row": p.table.header_row,
        "mapping": {
            f: {
                "column": _letter(c),
                "header": headers[c] if c < len(headers) else "",
                "label": field_label(report, f, lang),
            }
            for f, c in sorted(p.mapping.fields.items(), key=lambda fc: fc[1])
        },
        "mapping_source": p.mapping_source,
        "unmapped": [headers[c] for c in p.mapping.unmapped],
        "counts": report.counts,
        "skipped_rows": {
            reason: {"rows": n, "label": skip_reason(reason, lang)}
            for reason, n in sorted(skipped.items())
        },
        "notes": [note_text(n, lang) for n in report.notes],
        "problem_rows": len(problems),
        "problems": shown,
        "top_reasons": top_reasons(problems, lang),
        "dry_run": report.dry_run,
        "imported": report.batch_id is not None,  # False for a preview, a roll-back, no change
        "batch": str(report.batch_id) if report.batch_id else None,
        "backup": str(report.backup_path) if report.backup_path else None,
        "aborted": (
            {"row": report.aborted.excel_row, "reason": report.aborted.reason(lang)}
            if report.aborted
            else None
        ),
    }


def top_reasons(
    problems: list[tuple[int, str, Row | None]], lang: str, top: int = TOP_REASONS
) -> list[dict[str, Any]]:
    """The most frequent reasons among the problem rows, with how many rows and the first:
    135,079 lines saying "缺少客户。" read better as one line than as 20 of them."""
    tally: Counter[str] = Counter()
    first: dict[str, int] = {}
    for n, _outcome, row in problems:
        text = row.reason(lang) if row is not None else ""
        tally[text] += 1
        first.setdefault(text, n)
    return [
        {"reason": text, "rows": count, "first_row": first[text]}
        for text, count in tally.most_common(top)
    ]


def full_summary(report: ImportReport, lang: str = "zh") -> dict[str, Any]:
    """The summary plus every error and every row's outcome, as lists (tests, small files)."""
    out = summary(report, lang)
    headers = report.prepared.mapping.headers
    out["errors"] = [
        {
            "row": row.excel_row,
            "column": _letter(issue.column) if issue.column is not None else None,
            "header": (
                headers[issue.column]
                if issue.column is not None and issue.column < len(headers)
                else None
            ),
            "reason": issue.message(lang),
        }
        for _n, _outcome, row in problem_rows(report)
        if row is not None
        for issue in row.errors
    ]
    out["rows"] = list(row_records(report, lang))
    return out


def problem_rows(report: ImportReport) -> list[tuple[int, str, Row | None]]:
    """(Excel row, outcome, Row) of every row with an error or a note, in sheet order; the
    row whose write failed (``aborted``) among them."""
    rows = report.rows
    with_issues = getattr(rows, "with_issues", None)  # a streamed history keeps only these
    found = with_issues() if with_issues is not None else [r for r in rows if r.errors or r.notes]
    if report.aborted is not None and report.aborted not in found:
        found = [*found, report.aborted]
    return sorted(((r.excel_row, r.outcome or ERROR, r) for r in found), key=lambda t: t[0])


def _outcomes(rows: Sequence[Row]) -> Iterator[tuple[int, str, Row | None]]:
    """(Excel row, outcome, Row or None) of every row; a streamed history's rows are not
    made unless they carry an issue."""
    kept = getattr(rows, "with_issues", None)
    if kept is not None and hasattr(rows, "excel_row") and hasattr(rows, "outcome"):
        by_row = {r.excel_row: r for r in kept()}
        for i in range(len(rows)):
            n = rows.excel_row(i)
            yield n, rows.outcome(i), by_row.get(n)
        return
    for row in rows:
        yield row.excel_row, row.outcome or ERROR, row


def record(
    report: ImportReport, excel_row: int, outcome: str, row: Row | None, lang: str
) -> dict[str, Any]:
    """One row's detail: its number, outcome code, reason and the columns it is about."""
    if row is None:
        return {"row": excel_row, "outcome": outcome, "reason": "", "columns": []}
    headers = report.prepared.mapping.headers
    columns = sorted({i.column for i in row.errors if i.column is not None})
    return {
        "row": excel_row,
        "outcome": outcome,
        "reason": row.reason(lang),
        "columns": [
            {"column": _letter(c), "header": headers[c] if c < len(headers) else ""}
            for c in columns
        ],
    }


def row_records(report: ImportReport, lang: str = "zh") -> Iterator[dict[str, Any]]:
    """Every row's :func:`record` in sheet order, the rows the table scan skipped among
    them, one at a time."""
    skipped = (
        {
            "row": s.excel_row,
            "outcome": SKIPPED,
            "reason": skip_reason(s.reason, lang),
            "columns": [],
        }
        for s in sorted(report.skipped_rows, key=lambda s: s.excel_row)
    )
    rows = (record(report, n, o, r, lang) for n, o, r in _outcomes(report.rows))
    return heapq.merge(rows, skipped, key=lambda d: d["row"])


def write_rows_file(report: ImportReport, path: Path, lang: str) -> int:
    """Stream every row's outcome into ``path``: CSV (``.csv``, for a spreadsheet; headers
    and outcomes in ``lang``, UTF-8 with BOM so Excel shows Chinese) or JSON Lines (anything
    else, for scripts: English keys). Returns how many rows were written."""
    records = row_records(report, lang)
    tmp = path.with_name(path.name + ".part")
    try:
        if path.suffix.lower() == ".csv":
            with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
                n = _write_csv(fh, records, lang)
        else:
            with tmp.open("w", encoding="utf-8") as fh:
                n = write_jsonl(fh, records)
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return n


def write_jsonl(fh: IO[str], records: Iterable[dict[str, Any]]) -> int:
    """One compact JSON object a line."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    n = 0
    for rec in records:
        fh.write(encode(rec))
        fh.write("\n")
        n += 1
    return n


def _write_csv(fh: IO[str], records: Iterable[dict[str, Any]], lang: str) -> int:
    out = csv.writer(fh)
    out.writerow(
        ["行", "结果", "说明", "列"] if lang == "zh" else ["Row", "Outcome", "Reason", "Columns"]
    )
    n = 0
    for rec in records:
        cols = " ".join(c["column"] for c in rec.get("columns", ()))
        out.writerow([rec["row"], outcome_word(rec["outcome"], lang), rec["reason"], cols])
        n += 1
    return n
