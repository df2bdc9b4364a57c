"""The report of ``zhangfang import``: a summary by default, every row only when asked.

Plain text is in the user's language throughout (outcomes 新增/更新/无变化/跳过/错误, field
names 编码/条码/成本价); JSON keeps English keys and outcome codes for scripts, with the
reasons and labels in the user's language (see :mod:`desktop.importing.summary`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from desktop.cli.output import emit_json, say, table
from desktop.importing.plan import ImportReport
from desktop.importing.summary import outcome_word, row_records


def emit(
    report: ImportReport,
    summary: dict[str, Any],
    lang: str,
    *,
    as_json: bool,
    all_rows: bool,
) -> None:
    """Print the summary (JSON or text); ``all_rows`` adds every row's outcome, streamed."""
    if as_json:
        if all_rows:
            _json_with_rows(summary, report, lang)
        else:
            emit_json(summary)
        return
    _text(summary, report, lang, all_rows)


def _json_with_rows(summary: dict[str, Any], report: ImportReport, lang: str) -> None:
    """The summary document with a ``rows`` list written one compact row a line, as the rows
    come: one JSON document, never held whole in memory."""
    from desktop.services.serialize import jsonable

    head = json.dumps(jsonable(summary), ensure_ascii=False, indent=2)
    out = sys.stdout
    out.write(head[: head.rindex("}")].rstrip())
    out.write(',\n  "rows": [\n')
    first = True
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for rec in row_records(report, lang):
        if not first:
            out.write(",\n")
        out.write("    " + encode(rec))
        first = False
    out.write("\n  ]\n}\n")


def _say_guess(summary: dict[str, Any]) -> None:
    """看起来是销售历史（次选：采购历史）: the kind the file was taken for, and the next best."""
    from desktop.importing.synonyms import KIND_ZH

    kind, other = summary["kind"], summary.get("runner_up")
    if other is None:
        say(
            f"看起来是{KIND_ZH[kind]}（可用 --kind 指定）",
            f"This looks like {kind} (--kind sets it)",
        )
    else:
        say(
            f"看起来是{KIND_ZH[kind]}（次选：{KIND_ZH[other]}；可用 --kind 指定）",
            f"This looks like {kind} (next best: {other}; --kind sets it)",
        )


def _zh(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _text(summary: dict[str, Any], report: ImportReport, lang: str, all_rows: bool) -> None:
    from desktop.importing.synonyms import KIND_ZH

    kind = KIND_ZH.get(summary["kind"], summary["kind"]) if lang == "zh" else summary["kind"]
    if summary.get("kind_guessed"):
        _say_guess(summary)
    name = Path(summary["file"]).name
    say(
        f"{name}：工作表“{summary['sheet']}”，表头在第 {summary['header_row']} 行，按{kind}导入",
        f"{name}: sheet '{summary['sheet']}', header on row {summary['header_row']}, "
        f"imported as {kind}",
    )
    mapped = _zh(lang, "、", ", ").join(
        f"{v['header']}→{v['label']}" for v in summary["mapping"].values()
    )
    say(f"列对应：{mapped}", f"Columns: {mapped}")
    if summary["unmapped"]:
        unused = _zh(lang, "、", ", ").join(summary["unmapped"])
        say(f"未导入的列：{unused}", f"Columns not imported: {unused}")
    for note in summary["notes"]:
        say(f"提示：{note}", f"Note: {note}")
    if all_rows:
        _every_row(report, lang)
    elif summary["problems"]:
        _problem_table(summary["problems"], lang)
        if summary["problem_rows"] > len(summary["problems"]):
            _top_reasons(summary["top_reasons"], lang)
    _counts(summary, report, lang)
    more = 0 if all_rows else summary["problem_rows"] - len(summary["problems"])
    if more > 0 and not (summary.get("rows_file") or summary.get("errors_file")):
        say(
            f"另有 {more} 行有错误或提示未列出：--rows-file 行.csv 写出每一行的结果，"
            "--errors 错误.xlsx 写出标好错误的工作表。",
            f"{more} more rows with errors or notes are not listed: --rows-file rows.csv "
            "writes every row's outcome, --errors errors.xlsx the sheet with the errors marked.",
        )
    _closing(summary, report)


def _problem_table(problems: list[dict[str, Any]], lang: str) -> None:
    table(
        [_zh(lang, "行", "Row"), _zh(lang, "结果", "Outcome"), _zh(lang, "说明", "Reason")],
        [[str(p["row"]), outcome_word(p["outcome"], lang), p["reason"]] for p in problems],
        right={0},
    )


def _top_reasons(top: list[dict[str, Any]], lang: str) -> None:
    say("最常见的问题：", "Most frequent problems:")
    for t in top:
        say(
            f"  {t['rows']} 行（第一行：{t['first_row']}）：{t['reason']}",
            f"  {t['rows']} rows (first: row {t['first_row']}): {t['reason']}",
        )


def _every_row(report: ImportReport, lang: str) -> None:
    """Every row, streamed as it comes (no column widths to measure first)."""
    print(
        "\t".join(
            [_zh(lang, "行", "Row"), _zh(lang, "结果", "Outcome"), _zh(lang, "说明", "Reason")]
        )
    )
    for rec in row_records(report, lang):
        print(f"{rec['row']}\t{outcome_word(rec['outcome'], lang)}\t{rec['reason']}")


def _counts(summary: dict[str, Any], report: ImportReport, lang: str) -> None:
    c = summary["counts"]
    skipped = summary["skipped_rows"]
    why = _zh(lang, "、", ", ").join(f"{v['label']} {v['rows']}" for v in skipped.values())
    why = f"（{why}）" if why and lang == "zh" else f" ({why})" if why else ""
    words = {k: outcome_word(k, lang) for k in ("new", "update", "unchanged", "skipped", "error")}
    if report.dry_run:
        what = _zh(lang, "预览（未写入）", "Preview (nothing written)")
    elif report.aborted is not None:  # never "N new" when nothing was written
        what = _zh(lang, "未导入（整批已撤回），原计划", "Nothing imported (rolled back); planned")
    elif report.batch_id is None:  # nothing new or changed: no batch was written
        what = _zh(lang, "没有写入（没有新行或变化）", "Nothing written (no new or changed rows)")
    else:
        what = _zh(lang, "已导入", "Imported")
    say(
        f"{what}：共 {c['total']} 行，{words['new']} {c['new']}，{words['update']} {c['updated']}，"
        f"{words['unchanged']} {c['unchanged']}，{words['skipped']} {c['skipped']}{why}，"
        f"{words['error']} {c['error']}",
        f"{what}: {c['total']} rows, {c['new']} new, {c['updated']} updated, "
        f"{c['unchanged']} unchanged, {c['skipped']} skipped{why}, {c['error']} errors",
    )


def _closing(summary: dict[str, Any], report: ImportReport) -> None:
    if report.aborted is not None:
        say(
            f"第 {report.aborted.excel_row} 行无法写入，整批已撤回，账本没有任何改动：{report.aborted.reason('zh')}",
            f"Row {report.aborted.excel_row} could not be written; nothing was imported: "
            f"{report.aborted.reason('en')}",
        )
    if report.batch_id:
        short = str(report.batch_id)[:13]
        say(
            f"批次号 {report.batch_id}（撤销：zhangfang import --undo {short}）；"
            f"导入前备份：{report.backup_path}",
            f"Batch {report.batch_id} (undo: zhangfang import --undo {short}); "
            f"backup: {report.backup_path}",
        )
    if summary.get("errors_file"):
        say(
            f"错误行已标在 {summary['errors_file']}（只含导入的工作表），改好后可直接再导入。",
            f"Rows with errors are marked in {summary['errors_file']} (the imported sheet "
            "only); fix them there and import it again.",
        )
    if summary.get("rows_file"):
        say(
            f"每一行的结果已写入 {summary['rows_file']}。",
            f"Every row's outcome is in {summary['rows_file']}.",
        )
