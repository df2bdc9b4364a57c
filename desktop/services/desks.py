"""This desk's code: the letter(s) that keep numbers and codes made here apart from other desks.

Document numbers (``XS-A-2611-0001``) and the codes of new customers, suppliers and products
(``C-A-0001``) carry the desk code, so desks that work offline never hand out the same one.
The code is a setting of this copy of the ledger only (``local_setting``), never synced.

Until sync exists the owner chooses it (first-run wizard, settings, ``zhangfang init
--desk``). Enrolment with the server (the sync issue) is the place that will assign it
instead: it calls :func:`set_desk` with the code the server hands out, which is unique per
firm; nothing else needs to change. Changing the code affects only numbers taken afterwards.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from desktop.errors import ValidationError

if TYPE_CHECKING:
    from desktop.services.ledger import Ledger

#: the local setting that holds this desk's code
DESK_SETTING = "desk_code"
#: the code of a ledger nobody chose one for (a single desk needs no other)
DEFAULT_DESK = "A"

_DESK_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,3}$")


def validate_desk_code(code: object) -> str:
    """The one check of a desk code: 1-4 capital letters or digits, starting with a letter.

    Returns the code cleaned (spaces trimmed, lower case raised). Short because it is
    part of every number; a letter first so ``XS-B2-2611-0001`` reads as a desk, not a count.
    """
    text = str(code or "").strip().upper()
    if not _DESK_CODE.match(text):
        raise ValidationError(
            "bad_desk_code",
            "工作站代码须为 1 到 4 位大写字母或数字，并以字母开头，例如 A 或 B2。",
            "A desk code is 1 to 4 capital letters or digits starting with a letter, "
            "for example A or B2.",
            field="desk",
        )
    return text


def set_desk(ledger: Ledger, code: object) -> str:
    """Check ``code`` and make it this desk's code from now on; returns the code kept."""
    desk = validate_desk_code(code)
    ledger.set_local_setting(DESK_SETTING, desk)
    return desk
