"""Printing from the editor: the core builds the print data, the preview shows and prints it.

The editor no longer builds its own printout: the preview renders the saved
document through ``desktop.printing`` (the same pages as ``zhangfang print``),
and a real print or a saved PDF records the print, so the next copy says 补打.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from desktop.views.editor.window import DocumentEditor
    from desktop.views.printing.preview import PrintPreview


def open_preview(ed: DocumentEditor) -> None:
    """Save a changed draft first (Ctrl+P on an unsaved order), then preview the document."""
    if ed.busy:
        return
    if ed.state is None and not ed.model.filled():
        ed.say(QCoreApplication.translate("Editor", "请先录入并保存单据，再打印。"))
        return
    if ed.state is not None and not ed.dirty:
        show(ed, ed.state.id)
        return
    ed.save(then=lambda doc_id: show(ed, doc_id))


def show(ed: DocumentEditor, doc_id: uuid.UUID) -> PrintPreview:
    from desktop.views.printing.preview import open_document

    preview = open_document(ed, ed.ctx, doc_id)
    preview.printed.connect(lambda _saved: _printed(ed))
    return preview


def _printed(ed: DocumentEditor) -> None:
    try:
        if not ed.busy:
            ed.reload()
    except RuntimeError:  # the editor was closed meanwhile
        pass
