"""Domain errors: a stable code plus a message a person can read.

Every service raises :class:`DomainError` (or a subclass) for input it rejects.
The GUI shows ``message`` in the user's language; the CLI prints it on one line.
Messages are kept in Chinese and English side by side so the core needs no Qt.
"""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A rejected request, with a machine code and a bilingual message."""

    def __init__(self, code: str, zh: str, en: str, **details: Any) -> None:
        self.code = code
        self.zh = zh
        self.en = en
        self.details = details
        super().__init__(f"{code}: {zh} / {en}")

    def message(self, language: str = "zh") -> str:
        """The message in ``language`` ("zh" or "en")."""
        return self.zh if language.startswith("zh") else self.en


class ValidationError(DomainError):
    """The request is malformed or breaks a rule (bad quantity, unknown product...)."""


class NotFound(DomainError):
    """A record the request names does not exist."""


class TransitionError(DomainError):
    """The document's state does not allow this action."""


class CreditError(DomainError):
    """Confirming would exceed the customer's credit and policy forbids it."""


class StockError(DomainError):
    """Stock would go negative and the firm blocks negative stock."""


class LedgerFileError(DomainError):
    """The ledger file cannot be opened, upgraded, backed up or restored."""


class LedgerBusy(DomainError):
    """Another desk kept the ledger busy saving for longer than a writer waits."""


class OwnerRequired(DomainError):
    """The change needs the owner's password (missing or wrong) and a reason."""


def not_found(what_zh: str, what_en: str, key: object) -> NotFound:
    return NotFound("not_found", f"找不到{what_zh}：{key}", f"{what_en} not found: {key}", key=key)


#: SQLite's result code for "database or disk is full"
_SQLITE_FULL = 13


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (or what it wraps: SQLAlchemy's ``orig``, a cause) is a full disk:
    ``ENOSPC``/``EDQUOT`` from the OS or ``SQLITE_FULL`` from SQLite."""
    import errno

    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        current = todo.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError) and current.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        code = getattr(current, "sqlite_errorcode", None)
        if isinstance(code, int) and code & 0xFF == _SQLITE_FULL:
            return True
        if "database or disk is full" in str(current):
            return True
        orig = getattr(current, "orig", None)
        todo.extend([orig if isinstance(orig, BaseException) else None])
        todo.extend([current.__cause__, current.__context__])
    return False


def disk_full(where: object) -> LedgerFileError:
    """The plain message for a full disk; ``where`` is the folder that could not be written."""
    return LedgerFileError(
        "disk_full",
        f"磁盘已满，无法写入 {where}。请腾出空间后再试。",
        f"The disk is full: could not write to {where}. Free some space and try again.",
    )


#: what the file system said, in plain words (errno → Chinese, English)
_FILE_PROBLEMS = {
    "ENOENT": ("找不到（或它所在的文件夹不存在）", "does not exist (or its folder does not)"),
    "EACCES": ("没有权限读写", "is not allowed to be read or written"),
    "EPERM": ("没有权限读写", "is not allowed to be read or written"),
    "EISDIR": ("是文件夹，不是文件", "is a folder, not a file"),
    "ENOTDIR": ("路径中有一段不是文件夹", "has a part that is not a folder"),
    "EEXIST": ("是文件，这里需要一个文件夹", "is a file where a folder is needed"),
    "EROFS": ("在只读的磁盘上", "is on a read-only disk"),
    "ENAMETOOLONG": ("名字太长", "has too long a name"),
    "EBUSY": ("正被其他程序占用", "is in use by another program"),
}


def file_problem(exc: OSError) -> LedgerFileError:
    """The plain message for a file the system would not read or write (a folder given
    for a file, a place without permission, a missing folder): never "Internal error"."""
    import errno

    where = exc.filename or ""
    name = errno.errorcode.get(exc.errno or 0, "")
    zh, en = _FILE_PROBLEMS.get(name, ("无法读写", "cannot be read or written"))
    detail = "" if name in _FILE_PROBLEMS else f"（{exc.strerror}）" if exc.strerror else ""
    return LedgerFileError(
        "file_problem",
        f"{where} {zh}{detail}。" if where else f"文件{zh}{detail}。",
        f"{where} {en}{f' ({exc.strerror})' if detail else ''}." if where else f"The file {en}.",
    )
