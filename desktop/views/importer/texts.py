"""Words the import and export windows share, through Qt's translation system."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from desktop.errors import DomainError, file_problem
from desktop.importing.errors import ImportFileError
from desktop.views.i18n import language


def kind_name(kind: str) -> str:
    names = {
        "customer": QCoreApplication.translate("Importer", "客户"),
        "supplier": QCoreApplication.translate("Importer", "供应商"),
        "product": QCoreApplication.translate("Importer", "商品"),
        "opening_balance": QCoreApplication.translate("Importer", "期初应收应付"),
        "opening_stock": QCoreApplication.translate("Importer", "期初库存"),
        "sales_history": QCoreApplication.translate("Importer", "销售历史"),
        "purchase_history": QCoreApplication.translate("Importer", "采购历史"),
        "payment": QCoreApplication.translate("Importer", "收付款"),
        "fapiao": QCoreApplication.translate("Importer", "发票登记"),
    }
    return names.get(kind, kind)


def date_order_name(order: str) -> str:
    names = {
        "year_first": QCoreApplication.translate("Importer", "年-月-日（2023-05-06）"),
        "day_first": QCoreApplication.translate("Importer", "日-月-年（06/05/2023）"),
        "month_first": QCoreApplication.translate("Importer", "月-日-年（05/06/2023）"),
    }
    return names.get(order, order)


def field_label(spec: Any) -> str:
    return str(spec.zh if language() == "zh" else spec.en)


def problem_text(exc: BaseException) -> str:
    """The plain message of a failed read/preview/import, in the user's language."""
    if isinstance(exc, ImportFileError | DomainError):
        return exc.message(language())
    if isinstance(exc, PermissionError):
        return QCoreApplication.translate(
            "Importer", "无法打开或写入这个文件：它可能正在 Excel 中打开，请关闭后再试。"
        )
    if isinstance(exc, OSError):  # in the same words as the command line (errors.file_problem)
        return file_problem(exc).message(language())
    from desktop.views.errors import error_text, log_unexpected

    if not getattr(exc, "_zf_logged", False):
        log_unexpected(exc)
    return error_text(exc)


def counts_text(c: dict[str, int]) -> str:
    return QCoreApplication.translate(
        "Importer",
        "共 {total} 行：新增 {new}，更新 {updated}，无变化 {unchanged}，跳过 {skipped}，错误 {error}",
    ).format(**c)
