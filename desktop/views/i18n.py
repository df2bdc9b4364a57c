"""Languages through Qt's translation system: Chinese is the source, English a .qm file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop.resources import resources_dir

LANGUAGES = (("zh", "中文"), ("en", "English"))

_state: dict[str, object] = {"lang": "zh", "translator": None, "qt": None}
#: Qt's own texts (message-box buttons, context menus, file dialogs) in the UI's language
QT_CATALOGS = {"zh": "qtbase_zh_CN"}


def qm_path(lang: str) -> Path:
    return resources_dir() / "i18n" / f"zhangfang_{lang}.qm"


def set_language(lang: str) -> bool:
    """Install the translator for ``lang`` ("zh" or "en"); True when it took effect."""
    app = QCoreApplication.instance()
    old = _state["translator"]
    if app is not None and isinstance(old, QTranslator):
        app.removeTranslator(old)
        _state["translator"] = None
    _state["lang"] = "zh"
    _qt_texts(lang)
    if lang == "zh":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        return True
    translator = QTranslator(app)
    if app is None or not translator.load(str(qm_path(lang))):
        return False
    app.installTranslator(translator)
    _state["translator"] = translator
    _state["lang"] = lang
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    return True


def _qt_texts(lang: str) -> None:
    """Install Qt's own catalogue for ``lang`` (the app's texts are written in Chinese, but
    Qt's standard buttons and dialogs say "OK", "Cancel", "Copy" unless told otherwise)."""
    app = QCoreApplication.instance()
    old = _state["qt"]
    if app is not None and isinstance(old, QTranslator):
        app.removeTranslator(old)
        _state["qt"] = None
    catalog = QT_CATALOGS.get(lang)
    if app is None or catalog is None:
        return
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(catalog, folder):
        app.installTranslator(translator)
        _state["qt"] = translator


def language() -> str:
    """The current language code, for ``DomainError.message``."""
    return str(_state["lang"])


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)
