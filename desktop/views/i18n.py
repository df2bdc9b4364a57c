"""Languages through Qt's translation system: Chinese is the source, English a .qm file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

LANGUAGES = (("zh", "中文"), ("en", "English"))
I18N_DIR = Path(__file__).resolve().parents[2] / "resources" / "i18n"

_state: dict[str, object] = {"lang": "zh", "translator": None}


def qm_path(lang: str) -> Path:
    return I18N_DIR / f"zhangfang_{lang}.qm"


def set_language(lang: str) -> bool:
    """Install the translator for ``lang`` ("zh" or "en"); True when it took effect."""
    app = QCoreApplication.instance()
    old = _state["translator"]
    if app is not None and isinstance(old, QTranslator):
        app.removeTranslator(old)
        _state["translator"] = None
    _state["lang"] = "zh"
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


def language() -> str:
    """The current language code, for ``DomainError.message``."""
    return str(_state["lang"])


def tr(context: str, text: str) -> str:
    return QCoreApplication.translate(context, text)
