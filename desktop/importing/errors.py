"""Errors of the importer, always carrying a plain-language message in Chinese and English.

The office clerk must be told *what is wrong and what to do*, never "导入失败，请检查表格内容",
so every error carries both languages and a stable ``code`` the UI and tests can rely on.
"""

from __future__ import annotations


class ImportFileError(Exception):
    """The file as a whole cannot be read (corrupt, encrypted, too big, unknown format...)."""

    def __init__(self, code: str, message_zh: str, message_en: str) -> None:
        super().__init__(f"[{code}] {message_en}")
        self.code = code
        self.message_zh = message_zh
        self.message_en = message_en

    def __reduce__(self) -> tuple[type, tuple[str, str, str]]:
        # raised in a reader process and re-raised here: pickle needs all three arguments
        return (self.__class__, (self.code, self.message_zh, self.message_en))

    def message(self, lang: str = "zh") -> str:
        """The message in the user's language ("zh" or "en")."""
        return self.message_zh if lang.startswith("zh") else self.message_en


class ValueProblem(ValueError):
    """One cell cannot be understood as the value its column needs."""

    def __init__(self, message_zh: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en

    def message(self, lang: str = "zh") -> str:
        """The message in the user's language ("zh" or "en")."""
        return self.message_zh if lang.startswith("zh") else self.message_en
