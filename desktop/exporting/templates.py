"""Blank import templates, one per kind, that import back cleanly.

Row 1 says what the sheet is for and which columns are required; row 2 holds the headers
(required ones marked ``*``, which the importer ignores); code and phone columns are
formatted as text so Excel keeps leading zeros; data starts on row 3.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill
from openpyxl.utils import get_column_letter

from desktop.exporting.table import display_width
from desktop.exporting.xlsx import font
from desktop.importing.plan import KIND_ZH, handler_for

#: header text per field where the field's own label is not the clearest synonym
_HEADERS: dict[str, dict[str, str]] = {
    "customer": {"code": "客户编码", "name": "客户名称", "opening_receivable": "期初应收"},
    "supplier": {"code": "供应商编码", "name": "供应商名称", "opening_payable": "期初应付"},
    "product": {"pack_unit": "副单位", "pack_factor": "比例", "cost": "进价"},
    "opening_balance": {"party_code": "往来单位编码", "party": "往来单位", "amount": "期初余额"},
    "opening_stock": {"qty": "期初数量", "unit_cost": "成本单价"},
    "sales_history": {
        "doc_number": "单号",
        "doc_date": "日期",
        "party_code": "客户编码",
        "party": "客户名称",
    },
    "purchase_history": {
        "doc_number": "单号",
        "doc_date": "日期",
        "party_code": "供应商编码",
        "party": "供应商名称",
    },
    "payment": {"party": "往来单位", "party_code": "往来单位编码", "reference": "关联单号"},
    "fapiao": {},
}
_SKIP = {"tax_rate"}  # parties: a rate is not a party field (kept for other files only)
_TEXT_TYPES = {"code"}


def template_headers(kind: str) -> list[tuple[str, str, bool]]:
    """(field, header, required) for the kind's template."""
    handler = handler_for(kind)
    names = _HEADERS.get(kind, {})
    out = []
    for spec in handler.fields:
        if kind in ("customer", "supplier") and spec.name in _SKIP:
            continue
        if kind in ("sales_history", "purchase_history", "opening_stock") and spec.name == "amount":
            continue
        out.append((spec.name, names.get(spec.name, spec.zh), spec.required))
    return out


def write_template(kind: str, path: str | Path) -> Path:
    path = Path(path)
    handler = handler_for(kind)
    types = {f.name: f.type for f in handler.fields}
    cols = template_headers(kind)
    wb = Workbook()
    ws = wb.active
    ws.title = f"{KIND_ZH.get(kind, kind)}导入"
    required = "、".join(h for _f, h, r in cols if r)
    ws.cell(
        row=1,
        column=1,
        value=(
            f"{KIND_ZH.get(kind, kind)}导入模板：带 * 的列必须填写（{required}）；"
            "从第 3 行开始填写，每行一条；编码列已设为文本格式，前导 0 会保留。"
        ),
    ).font = font(bold=True, color="C00000")
    fill = PatternFill("solid", fgColor="DDEBF7")
    for i, (fname, header, req) in enumerate(cols, start=1):
        cell = ws.cell(row=2, column=i, value=header + ("*" if req else ""))
        cell.font = font(bold=True)
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center")
        letter = get_column_letter(i)
        ws.column_dimensions[letter].width = max(10, display_width(header) + 4)
        if types.get(fname) in _TEXT_TYPES:
            ws.column_dimensions[letter].number_format = "@"
            for r in range(3, 203):
                ws.cell(row=r, column=i).number_format = "@"
        elif types.get(fname) == "date":
            for r in range(3, 203):
                ws.cell(row=r, column=i).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A3"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
