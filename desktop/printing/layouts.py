"""Print layouts the owner adjusts: which columns, their order, widths and captions, the
header and footer wording, logo and seal, the copies (联) and their captions and tints,
rows per page on continuous paper, and the font size.

Why plain data with one validator: the same layout comes from the window, from the command
line, from another desk through sync and from a file a dealer handed over; all of them go
through :func:`validate` (and :func:`from_json` for what was read from outside), so a
layout that cannot print is refused the same way everywhere, with a message saying what to
change. Nothing here touches the ledger; ``services.print_layouts`` stores layouts.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from desktop.errors import NotFound, ValidationError
from desktop.printing.layout_catalog import KINDS, catalog, kind_title
from desktop.printing.paper import PAPERS, Paper
from desktop.printing.seal import check_seal

FORMAT = "zhangfang-print-layout"
FORMAT_VERSION = 1
#: the layout a print uses unless another is named
DEFAULT_NAME = "默认"
MIN_FONT = 8.0  # below this older owners cannot read a printed bill
MAX_FONT = 14.0
MAX_COPIES = 6
MIN_COLUMN_MM = 5.0
MAX_TEXT = 300
MAX_CAPTION = 12
MAX_NAME = 30
MAX_FILE_BYTES = 600 * 1024
#: tints for coloured multi-part paper, as light fills (r, g, b in 0..1)
TINTS: dict[str, tuple[float, float, float]] = {
    "pink": (1.0, 0.9, 0.92),
    "yellow": (1.0, 0.98, 0.8),
    "blue": (0.88, 0.94, 1.0),
    "green": (0.9, 1.0, 0.9),
}
TINT_ZH = {"": "无", "pink": "粉红", "yellow": "黄", "blue": "蓝", "green": "绿"}
#: what 三联 forms usually call their copies
USUAL_CAPTIONS = ("存根", "客户", "回单", "财务")
NUMERALS = "一二三四五六"


@dataclass(frozen=True)
class LayoutColumn:
    """A column shown: its key in the document, the caption ("" keeps the document's own)
    and its width in mm (shares the table width when the widths add up to less)."""

    key: str
    width_mm: float
    caption: str = ""


@dataclass(frozen=True)
class CopySpec:
    """One copy (联): its caption printed on every page and an optional tint."""

    caption: str = ""
    tint: str = ""


@dataclass(frozen=True)
class Layout:
    """How one kind of document prints on one paper."""

    kind: str
    paper: str
    name: str = DEFAULT_NAME
    columns: tuple[LayoutColumn, ...] = ()
    header_text: str = ""
    footer_text: str = ""
    logo: bool = True
    seal: bytes = b""
    copies: tuple[CopySpec, ...] = (CopySpec(),)
    rows_per_page: int | None = None
    font_size: float | None = None  # None: the paper's own

    def body(self) -> dict[str, Any]:
        """What is stored and synced (without kind, paper and name, which key the row)."""
        return {
            "columns": [
                {"key": c.key, "width_mm": round(c.width_mm, 2), "caption": c.caption}
                for c in self.columns
            ],
            "header_text": self.header_text,
            "footer_text": self.footer_text,
            "logo": self.logo,
            "seal": base64.b64encode(self.seal).decode("ascii") if self.seal else "",
            "copies": [{"caption": c.caption, "tint": c.tint} for c in self.copies],
            "rows_per_page": self.rows_per_page,
            "font_size": self.font_size,
        }

    def with_(self, **changes: Any) -> Layout:
        return replace(self, **changes)


def paper_of(key: str) -> Paper:
    paper = PAPERS.get(key)
    if paper is None:
        raise ValidationError(
            "layout_paper",
            f"不认识的纸张：{key}（可用 {'、'.join(PAPERS)}）",
            f"Unknown paper: {key} (use {', '.join(PAPERS)})",
        )
    return paper


def printable_mm(paper: Paper) -> float:
    return paper.width_mm - paper.margin_left_mm - paper.margin_right_mm


def default_layout(kind: str, paper_key: str) -> Layout:
    """What prints when nothing was saved: every column, widths as the builders weigh
    them, the paper's font, one copy. "Reset to default" returns to this."""
    _check_kind(kind)
    paper = paper_of(paper_key)
    cols = catalog(kind)
    total = sum(c.weight for c in cols)
    room = printable_mm(paper)
    shown = tuple(LayoutColumn(c.key, round(room * c.weight / total, 2)) for c in cols)
    return Layout(kind, paper.key, DEFAULT_NAME, shown)


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValidationError(
            "layout_kind",
            f"不认识的单据类型：{kind}",
            f"Unknown document kind: {kind} (use {', '.join(KINDS)})",
        )


def _text(value: str, what_zh: str, what_en: str, limit: int) -> None:
    if len(value) > limit:
        raise ValidationError(
            "layout_text_long",
            f"{what_zh}太长（{len(value)} 字），最多 {limit} 字，请删短一些。",
            f"The {what_en} is too long ({len(value)} characters); shorten it to {limit}.",
        )
    if any(ord(ch) < 32 and ch != "\n" for ch in value):
        raise ValidationError(
            "layout_text_control",
            f"{what_zh}里有看不见的控制字符，请重新输入。",
            f"The {what_en} holds invisible control characters; type it again.",
        )


def validate(layout: Layout) -> Layout:
    """The layout itself when it can print; otherwise a ValidationError that says what to
    change (no columns, widths over the paper, text too small, too many copies ...)."""
    _check_kind(layout.kind)
    paper = paper_of(layout.paper)
    name = layout.name.strip()
    if not name or len(name) > MAX_NAME:
        raise ValidationError(
            "layout_name",
            f"版式名称不能为空，最多 {MAX_NAME} 字。",
            f"The layout needs a name of at most {MAX_NAME} characters.",
        )
    _check_columns(layout, paper)
    _text(layout.header_text, "页眉文字", "header text", MAX_TEXT)
    _text(layout.footer_text, "页脚文字", "footer text", MAX_TEXT)
    if layout.seal:
        check_seal(layout.seal)
    _check_copies(layout.copies)
    _check_font(layout.font_size)
    if layout.rows_per_page is not None:
        _check_rows(layout, paper)
    columns = tuple(replace(c, width_mm=round(c.width_mm, 2)) for c in layout.columns)
    return replace(layout, name=name, columns=columns)


def _check_columns(layout: Layout, paper: Paper) -> None:
    if not layout.columns:
        raise ValidationError(
            "layout_no_columns",
            "版式里没有要打印的列，请至少勾选一列。",
            "The layout prints no columns; tick at least one.",
        )
    known = {c.key: c for c in catalog(layout.kind)}
    seen: set[str] = set()
    for col in layout.columns:
        if col.key not in known:
            raise ValidationError(
                "layout_column",
                f"这种单据没有“{col.key}”列，请去掉它。",
                f"This kind of document has no column '{col.key}'; remove it.",
            )
        if col.key in seen:
            raise ValidationError(
                "layout_column_twice",
                f"“{known[col.key].title}”列出现了两次，请去掉一个。",
                f"The column '{col.key}' appears twice; remove one.",
            )
        seen.add(col.key)
        _text(col.caption, "列标题", "column caption", MAX_CAPTION)
        if not col.width_mm >= MIN_COLUMN_MM:  # also refuses NaN
            raise ValidationError(
                "layout_column_narrow",
                f"“{col.caption or known[col.key].title}”列太窄（{col.width_mm:g} 毫米），"
                f"至少 {MIN_COLUMN_MM:g} 毫米。",
                f"The column '{col.key}' is too narrow ({col.width_mm:g} mm); "
                f"make it at least {MIN_COLUMN_MM:g} mm.",
            )
    missing = [c for c in known.values() if not c.hideable and c.key not in seen]
    if missing:
        names = "、".join(f"“{c.title}”" for c in missing)
        raise ValidationError(
            "layout_column_required",
            f"{names}列必须打印，请勾选。",
            f"The column(s) {', '.join(c.key for c in missing)} must print; tick them.",
        )
    total = sum(c.width_mm for c in layout.columns)
    room = printable_mm(paper)
    if total > room + 0.5:
        raise ValidationError(
            "layout_too_wide",
            f"各列宽度合计 {total:.0f} 毫米，超过纸张可打印宽度 {room:.0f} 毫米，"
            f"请把某些列调窄 {total - room:.0f} 毫米或去掉一列。",
            f"The columns add up to {total:.0f} mm, wider than the {room:.0f} mm the paper "
            f"prints; narrow them by {total - room:.0f} mm or drop a column.",
        )


def _check_copies(copies: tuple[CopySpec, ...]) -> None:
    if not copies:
        raise ValidationError("layout_no_copies", "至少要打印一联。", "Print at least one copy.")
    if len(copies) > MAX_COPIES:
        raise ValidationError(
            "layout_copies",
            f"联数太多（{len(copies)} 联），最多 {MAX_COPIES} 联。",
            f"Too many copies ({len(copies)}); at most {MAX_COPIES}.",
        )
    for copy in copies:
        _text(copy.caption, "联的名称", "copy caption", MAX_CAPTION)
        if copy.tint and copy.tint not in TINTS:
            raise ValidationError(
                "layout_tint",
                f"不认识的底色：{copy.tint}（可用 {'、'.join(TINTS)}）",
                f"Unknown tint: {copy.tint} (use {', '.join(TINTS)})",
            )


def _check_font(size: float | None) -> None:
    if size is None:
        return
    if not size >= MIN_FONT:
        raise ValidationError(
            "layout_font_small",
            f"字号 {size:g} 太小，打印出来看不清，至少 {MIN_FONT:g} 号。",
            f"Font size {size:g} is too small to read on paper; use at least {MIN_FONT:g}.",
        )
    if size > MAX_FONT:
        raise ValidationError(
            "layout_font_big",
            f"字号 {size:g} 太大，表格放不下，最多 {MAX_FONT:g} 号。",
            f"Font size {size:g} is too big for the table; use at most {MAX_FONT:g}.",
        )


def _check_rows(layout: Layout, paper: Paper) -> None:
    rows = layout.rows_per_page or 0
    if not paper.continuous:
        raise ValidationError(
            "layout_rows_cut_sheet",
            f"{paper.name}不是连续纸，行数随内容而定，请不要设定每页行数。",
            f"{paper.key} is not continuous paper: rows follow the content; leave rows per "
            "page empty.",
        )
    fits = paper.rows_per_page or 1
    if rows < 1 or rows > fits:
        raise ValidationError(
            "layout_rows",
            f"每页行数 {rows} 不合适，{paper.name}每页可放 1–{fits} 行。",
            f"{rows} rows per page does not fit: {paper.key} holds 1–{fits} rows.",
        )


def copy_label(index: int, copy: CopySpec) -> str:
    """第一联　存根 (or just 第一联 without a caption); "" for a single uncaptioned copy."""
    number = f"第{NUMERALS[index]}联" if index < len(NUMERALS) else f"第{index + 1}联"
    return f"{number}　{copy.caption}" if copy.caption else number


# --- reading from JSON (stored bodies, files, sync) -------------------------------------------


def _bad(detail_zh: str, detail_en: str) -> ValidationError:
    return ValidationError(
        "layout_file",
        f"版式内容无法识别：{detail_zh}。没有导入任何内容。",
        f"The layout cannot be read: {detail_en}. Nothing was imported.",
    )


def _field(data: dict[str, Any], key: str, kind: type | tuple[type, ...], default: Any) -> Any:
    value = data.get(key, default)
    if value is default:
        return value
    if isinstance(value, bool) and kind in (int, float, (int, float)):
        raise _bad(f"“{key}”不是数字", f"'{key}' is not a number")
    if not isinstance(value, kind):
        raise _bad(f"“{key}”的值不对", f"'{key}' has the wrong type")
    return value


def pick_layout(
    kind: str, paper: str, name: str | None, saved: Callable[[str, str, str], Any]
) -> Layout:
    """The layout a print of ``kind`` on ``paper`` uses: the one saved under ``name``
    (默认 when not named), else the built-in default; an unknown other name is an error.
    ``saved(kind, paper_key, name)`` is the stored body, or None (the ORM's read, or the
    plain one of ``printing.plain_print``)."""
    paper = paper_of(paper).key
    wanted = (name or DEFAULT_NAME).strip()
    body = saved(kind, paper, wanted)
    if body is not None:
        return from_body(kind, paper, wanted, body)
    if wanted == DEFAULT_NAME:
        return default_layout(kind, paper)
    raise NotFound(
        "layout_not_found",
        f"没有名为“{wanted}”的版式（{kind}，{paper}）。可用 zhangfang layout list 查看。",
        f"No layout named '{wanted}' for {kind} on {paper}; see zhangfang layout list.",
    )


def from_body(kind: str, paper: str, name: str, body: Any) -> Layout:
    """A layout from its stored/synced body, validated; a plain error when malformed."""
    if not isinstance(body, dict):
        raise _bad("内容不是一个对象", "the body is not an object")
    allowed = {
        "columns",
        "header_text",
        "footer_text",
        "logo",
        "seal",
        "copies",
        "rows_per_page",
        "font_size",
    }
    unknown = set(body) - allowed
    if unknown:
        raise _bad(f"有不认识的项 {sorted(unknown)}", f"unknown entries {sorted(unknown)}")
    columns = []
    for item in _field(body, "columns", list, []):
        if not isinstance(item, dict) or set(item) - {"key", "width_mm", "caption"}:
            raise _bad("列的写法不对", "a column is malformed")
        columns.append(
            LayoutColumn(
                str(_field(item, "key", str, "")),
                float(_field(item, "width_mm", (int, float), 0.0)),
                str(_field(item, "caption", str, "")),
            )
        )
    copies = []
    for item in _field(body, "copies", list, [{}]):
        if not isinstance(item, dict) or set(item) - {"caption", "tint"}:
            raise _bad("联的写法不对", "a copy is malformed")
        copies.append(CopySpec(_field(item, "caption", str, ""), _field(item, "tint", str, "")))
    seal_text = _field(body, "seal", str, "")
    try:
        seal = base64.b64decode(seal_text, validate=True) if seal_text else b""
    except (binascii.Error, ValueError) as exc:
        raise _bad("印章图片的编码不对", "the seal is not valid base64") from exc
    rows = _field(body, "rows_per_page", (int, type(None)), None)
    font = _field(body, "font_size", (int, float, type(None)), None)
    layout = Layout(
        kind=kind,
        paper=paper,
        name=name,
        columns=tuple(columns),
        header_text=_field(body, "header_text", str, ""),
        footer_text=_field(body, "footer_text", str, ""),
        logo=_field(body, "logo", bool, True),
        seal=seal,
        copies=tuple(copies),
        rows_per_page=rows,
        font_size=float(font) if font is not None else None,
    )
    return validate(layout)


def to_file(layout: Layout) -> str:
    """The small JSON file a dealer hands to another shop (versioned)."""
    data = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "kind": layout.kind,
        "paper": layout.paper,
        "name": layout.name,
        "body": layout.body(),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def from_file(raw: bytes) -> Layout:
    """A layout from an exported file, fully validated before anything is stored."""
    if len(raw) > MAX_FILE_BYTES:
        raise _bad("文件太大，不像版式文件", "the file is too big to be a layout")
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _bad("不是版式文件（JSON）", "not a layout file (JSON)") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _bad("不是账房导出的版式文件", "not a layout file exported by Zhangfang")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version > FORMAT_VERSION:
        raise _bad(
            f"版式文件版本 {version} 比本程序新，请先升级账房",
            f"layout file version {version} is newer than this program; update Zhangfang",
        )
    if set(data) - {"format", "version", "kind", "paper", "name", "body"}:
        raise _bad("文件里有多余的项", "the file has unknown entries")
    for key in ("kind", "paper", "name"):
        if not isinstance(data.get(key), str):
            raise _bad(f"缺少“{key}”", f"'{key}' is missing")
    try:
        return from_body(data["kind"], data["paper"], data["name"], data.get("body"))
    except ValidationError as exc:
        if exc.code == "layout_file":
            raise
        raise ValidationError(  # what is wrong in it, and that nothing was stored
            exc.code, f"{exc.zh}没有导入任何内容。", f"{exc.en} Nothing was imported."
        ) from exc


def describe(layout: Layout) -> dict[str, Any]:
    """A layout as the command line shows it (the seal as its size, not its bytes)."""
    zh, _en = kind_title(layout.kind)
    body = layout.body()
    body["seal"] = f"{len(layout.seal)} bytes" if layout.seal else ""
    return {"kind": layout.kind, "kind_zh": zh, "paper": layout.paper, "name": layout.name, **body}


def scaled_paper(layout: Layout, paper: Paper) -> Paper:
    """``paper`` with the layout's font size (all sizes scaled alike) and rows per page."""
    out = paper
    if layout.font_size is not None and layout.font_size != paper.font_size:
        k = layout.font_size / paper.font_size
        out = replace(
            out,
            font_size=paper.font_size * k,
            table_font_size=paper.table_font_size * k,
            title_font_size=paper.title_font_size * k,
            firm_font_size=paper.firm_font_size * k,
        )
    if layout.rows_per_page is not None and paper.continuous:
        out = out.with_rows_per_page(layout.rows_per_page)
    return out


__all__ = [
    "DEFAULT_NAME",
    "CopySpec",
    "Layout",
    "LayoutColumn",
    "copy_label",
    "default_layout",
    "from_body",
    "from_file",
    "scaled_paper",
    "to_file",
    "validate",
]
