"""Changes only the owner may make: ask for the owner's password (and why), then try again.

The core refuses such a change with :class:`~desktop.errors.OwnerRequired` while a password
is set (``desktop.services.owner``); :func:`with_owner` catches that, asks in the dialog the
credit override uses (reason and owner's password) and runs the change again with the
approval on its unit of work. Cancelling the dialog saves nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QWidget

from desktop.errors import OwnerRequired
from desktop.services.owner import OwnerApproval
from desktop.views.i18n import language

Failed = Callable[[BaseException], None]
#: starts the change with this approval (None at first) and this failure callback
Start = Callable[[OwnerApproval | None, Failed], None]


def ask_owner(parent: QWidget | None, text: str, reason: str = "") -> OwnerApproval | None:
    """The owner's password and the reason (``reason``: already given, shown to change);
    None when cancelled. Tests replace this to answer without a dialog."""
    from desktop.views.editor.dialogs import ReasonDialog

    dialog = ReasonDialog(QCoreApplication.translate("Dialogs", "需要老板批准"), text, True, parent)
    dialog.setObjectName("owner_dialog")
    dialog.reason.setText(reason)
    (dialog.password if reason else dialog.reason).setFocus()
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return OwnerApproval(dialog.password.text(), dialog.reason.text().strip())


def with_owner(parent: QWidget | None, start: Start, failed: Failed, reason: str = "") -> None:
    """Run ``start``; while the core asks for the owner, ask and run it again."""

    def attempt(approval: OwnerApproval | None) -> None:
        def on_failure(exc: BaseException) -> None:
            if not isinstance(exc, OwnerRequired):
                failed(exc)
                return
            got = ask_owner(parent, exc.message(language()), reason)
            if got is not None:
                attempt(got)

        start(approval, on_failure)

    attempt(None)
