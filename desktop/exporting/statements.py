"""Statements (对账单) to Excel: one sheet per customer or supplier, and a summary sheet.

The same figures and words as the printed statement (``printing/builders/statement.py``):
opening balance, every movement of the period with a running balance, the period's totals,
closing balance and its 大写, aging, and the confirmation text with room for the customer's
stamp. Owners who reconcile in Excel can send the workbook as it is; each sheet prints on A4
with the header repeated.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop.amount_words import amount_in_words
from desktop.exporting.safe import neutralise
from desktop.exporting.xlsx import font
from desktop.models import Account, Firm, Party
from desktop.money import fmt_money
from desktop.printing.builders.statement import AP_TEXTS, AR_TEXTS, stamp_text
from desktop.services.receivables import BUCKETS
from desktop.services.statements import Statement

MONEY = "#,##0.00;[Red]-#,##0.00"
DAY = "yyyy-mm-dd"
_WIDTHS = (12, 12, 22, 34, 15, 15, 16)
_BOLD = font(bold=True)
_TITLE = font(16, bold=True)
_PLAIN = font()
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="999999")
_BOX = Border(top=_THIN, bottom=_THIN, left=_THIN, right=_THIN)
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")


@dataclass
class StatementsWorkbook:
    """What :func:`write_statements` wrote."""

    path: Path
    sheets: list[str] = field(default_factory=list)
    closing_total: Decimal = Decimal(0)

    @property
    def count(self) -> int:
        return len(self.sheets)


def sheet_title(party: Party, taken: set[str]) -> str:
    """``C0001 张三五金`` cut to Excel's 31 characters, unique in the workbook."""
    base = _SHEET_UNSAFE.sub("_", f"{party.code} {party.name}").strip("' ")[:31] or "对账单"
    title, n = base, 2
    while title.lower() in taken:
        suffix = f"~{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(title.lower())
    return title


def write_statements(
    firm: Firm,
    statements: Iterable[tuple[Party, Statement]],
    path: str | Path,
    *,
    date_from: date,
    date_to: date,
    account: str = Account.AR,
    cancel: Callable[[], bool] | None = None,
) -> StatementsWorkbook | None:
    """One workbook: a 汇总 sheet, then a sheet per party in the order given.

    Returns None when ``cancel`` said stop (nothing is written then); the file is written
    whole or not at all (a temporary file renamed into place).
    """
    out = Path(path)
    texts = AR_TEXTS if account == Account.AR else AP_TEXTS
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = "汇总"
    summary_rows: list[list[Any]] = []
    result = StatementsWorkbook(out)
    taken = {"汇总"}
    for party, st in statements:
        if cancel and cancel():
            return None
        title = sheet_title(party, taken)
        _statement_sheet(wb.create_sheet(title), firm, party, st, texts)
        result.sheets.append(title)
        result.closing_total += st.closing
        summary_rows.append(
            [
                party.code,
                neutralise(party.name),
                st.opening,
                st.total_debit,
                st.total_credit,
                st.closing,
                st.overdue,
                len(st.lines),
            ]
        )
    _summary_sheet(summary, firm, texts, summary_rows, date_from, date_to)
    tmp = out.with_name(out.name + ".tmp")
    try:
        wb.save(tmp)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    return result


def _summary_sheet(
    ws: Worksheet,
    firm: Firm,
    texts: tuple[str, ...],
    rows: list[list[Any]],
    date_from: date,
    date_to: date,
) -> None:
    title, party_label, *_rest = texts
    ws.append([f"{neutralise(firm.name)} {title}汇总"])
    ws["A1"].font = _TITLE
    ws.append([f"对账期间：{date_from} 至 {date_to}　共 {len(rows)} 份"])
    ws.append([])
    headers = ["编码", party_label, "期初余额", texts[4], texts[5], "期末余额", "逾期金额", "笔数"]
    _header_row(ws, headers)
    first = ws.max_row + 1
    for row in rows:
        ws.append(row)
    ws.append(
        [
            "合计",
            None,
            *(sum((r[i] for r in rows), Decimal(0)) for i in range(2, 7)),
            sum(r[7] for r in rows),
        ]
    )
    for cells in ws.iter_rows(min_row=first, max_row=ws.max_row, min_col=3, max_col=7):
        for cell in cells:
            cell.number_format = MONEY
    for cell in ws[ws.max_row]:
        cell.font = _BOLD
    for i, width in enumerate((12, 30, 15, 15, 15, 15, 15, 8), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"A{first}"
    _print_setup(ws, first - 1)


def _statement_sheet(
    ws: Worksheet, firm: Firm, party: Party, st: Statement, texts: tuple[str, ...]
) -> None:
    title, party_label, debit, credit, sum_debit, sum_credit, unapplied_label = texts
    ws.append([f"{neutralise(firm.name)} {title}"])
    ws["A1"].font = _TITLE
    ws.append([f"{party_label}：{neutralise(party.name)}（{party.code}）"])
    ws.append([f"对账期间：{st.date_from} 至 {st.date_to}"])
    details = "　".join(
        f"{label}：{value}"
        for label, value in (
            ("联系人", party.contact),
            ("电话", party.phone),
            ("付款条件", st.terms),
            ("业务员", st.salesperson),
        )
        if value
    )
    ws.append([neutralise(details)] if details else [])
    ws.append([])
    _header_row(ws, ["日期", "单据类型", "单号", "摘要", debit, credit, "余额"])
    header_row = ws.max_row
    ws.append([None, None, None, "期初余额", None, None, st.opening])
    ws[ws.max_row][3].font = _BOLD
    for x in st.lines:
        ws.append(
            [
                x.entry_date,
                x.kind_label,
                x.number,
                neutralise(x.memo),
                x.debit or None,
                x.credit or None,
                x.balance,
            ]
        )
    if not st.lines:
        ws.append([None, None, None, "（本期无往来发生额）"])
    ws.append([None, None, None, "本期合计", st.total_debit, st.total_credit, None])
    ws.append([None, None, None, "期末余额", None, None, st.closing])
    for row in ws.iter_rows(min_row=ws.max_row - 1, max_row=ws.max_row):
        for cell in row:
            cell.font = _BOLD
    for row in ws.iter_rows(min_row=header_row + 1, max_row=ws.max_row):
        row[0].number_format = DAY
        for cell in row[4:7]:
            cell.number_format = MONEY
        for cell in row[:7]:
            cell.border = _BOX
            if not cell.font.b:
                cell.font = _PLAIN
    ws.append([f"期末余额大写：{amount_in_words(st.closing)}"])
    ws.append(
        [f"（{sum_debit} {fmt_money(st.total_debit)}，{sum_credit} {fmt_money(st.total_credit)}）"]
    )
    ws.append([])
    _aging(ws, st, unapplied_label)
    ws.append([])
    confirm = ws.max_row + 1
    ws.append([stamp_text(neutralise(firm.name), st)])
    ws.merge_cells(start_row=confirm, start_column=1, end_row=confirm, end_column=7)
    ws.cell(confirm, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[confirm].height = 36
    ws.append([])
    ws.append([f"{party_label}确认（签章）：", None, None, "日期：", None, "制单：", None])
    ws.append([])
    ws.append([f"{neutralise(firm.name)}（盖章）", None, None, "日期：", None, "审核：", None])
    for i, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    _print_setup(ws, header_row)


def _aging(ws: Worksheet, st: Statement, unapplied_label: str) -> None:
    ws.append([f"账龄分析（截至 {st.date_to}，按逾期天数）"])
    ws[ws.max_row][0].font = _BOLD
    labels = [label for _, label in BUCKETS]
    values: list[Any] = [st.aging.get(label) or Decimal(0) for label in labels]
    if st.unapplied:
        labels.append(unapplied_label)
        values.append(-st.unapplied)
    labels.append("合计")
    values.append(st.closing)
    _header_row(ws, labels)
    ws.append(values)
    for cell in ws[ws.max_row]:
        cell.number_format = MONEY
        cell.border = _BOX
        cell.font = _PLAIN


def _header_row(ws: Worksheet, headers: list[str]) -> None:
    ws.append(headers)
    for cell in ws[ws.max_row]:
        cell.font = _BOLD
        cell.fill = _HEADER_FILL
        cell.border = _BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _print_setup(ws: Worksheet, header_row: int) -> None:
    ws.page_setup.orientation = "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = f"{header_row}:{header_row}"


def export_statements(
    ledger: Any,
    date_from: date,
    date_to: date,
    out: str | Path,
    *,
    account: str = Account.AR,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> StatementsWorkbook | None:
    """Every party due a statement for the period (as the batch print picks them) into one
    workbook; None when cancelled. Raises ValidationError for a bad period."""
    from desktop.services.firm import get_firm
    from desktop.services.statements import parties_with_balance, statement

    with ledger.read() as session:
        firm = get_firm(session)
        parties = parties_with_balance(session, date_from, date_to, account)
        total = len(parties)
        if progress:
            progress(0, total)

        def each() -> Iterable[tuple[Party, Statement]]:
            for done, party in enumerate(parties, start=1):
                yield party, statement(session, party, date_from, date_to, account)
                if progress:
                    progress(done, total)

        return write_statements(
            firm,
            each(),
            out,
            date_from=date_from,
            date_to=date_to,
            account=account,
            cancel=cancel,
        )
