"""The window's start as a user runs it (``zhangfang app --ledger FILE``, a new process):
it reports its first paint and its dashboard filled (``views.startup``), paints before
SQLAlchemy, QtCharts, httpx, reportlab or openpyxl are loaded, before PySide builds the
enum types of Qt's ``Qt`` namespace, before the log's rotating handler (logging.handlers)
and without shiboken reading each module's source, and opens the ORM ledger once the
dashboard is filled. Checked through ``sys.modules``, PySide's own tables and the order of
events, not by timing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
LATER = (
    *("sqlalchemy", "httpx", "reportlab", "openpyxl", "PySide6.QtCharts", "alembic"),
    *("desktop.cli.firm_cmds", "desktop.views.list_screen", "desktop.views.printing.statements"),
)

PROBE = """
import json, sys
import desktop.views.startup as startup
report = startup.milestone
def milestone(name):
    report(name)
    probe(name)
def probe(name):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    main = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "main_window")
    loaded = sorted(m for m in {LATER!r} if m in sys.modules)
    import logging, PySide6.QtCore
    feature_table = sys.modules["shibokensupport.feature"].pyside_feature_dict
    seen = {
        "qt_namespace": "Qt" in vars(PySide6.QtCore),
        "logging.handlers": "logging.handlers" in sys.modules,
        "uuid": "uuid" in sys.modules,  # it loads platform: ~5 ms
        "log_handlers": [type(h).__name__ for h in logging.getLogger().handlers
                         if h.get_name() == "zhangfang-log-file"],
        "scanned": sorted(m for m in feature_table if m.startswith("desktop.views")),
        "headings": [main.nav.item(i).text() for i in range(main.nav.count())
                     if not main.nav.item(i).data(0x0101) and main.nav.item(i).flags()],
    }
    print("PROBE", json.dumps([name, loaded, main.ctx.writer.isRunning(), seen]), flush=True)
    if name == "filled":  # and once more when what follows "filled" is done
        QTimer.singleShot(0, lambda: (probe("after"), QApplication.instance().quit()))
startup.milestone = milestone
from desktop.cli.main import main
sys.exit(main(["app", "--ledger", sys.argv[1], "--quit-after", "60000"]))
"""


def test_the_window_paints_before_the_orm_and_reports_its_start(
    ledger_path: Path, home: Path
) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "QT_QPA_PLATFORM": "offscreen",
        "ZHANGFANG_HOME": str(home),
        "ZHANGFANG_START_REPORT": "1",
    }
    (home / "settings.ini").write_text("[backup]\nevery_hours=0\n", encoding="utf-8")
    out = subprocess.run(
        [sys.executable, "-c", PROBE.replace("{LATER!r}", repr(LATER)), str(ledger_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    reported = [line.split()[1] for line in out.stdout.splitlines() if line.startswith("ZF-")]
    probes = [json.loads(line[6:]) for line in out.stdout.splitlines() if line[:6] == "PROBE "]
    assert reported == ["painted", "filled"], out.stdout + out.stderr
    assert [p[0] for p in probes] == ["painted", "filled", "after"]
    painted, filled, after = probes
    assert painted[1] == [] and filled[1] == []  # nothing heavy yet, at either moment
    assert painted[2] is False  # the ORM ledger waits for the dashboard
    assert after[2] is True  # ... and opens once it is filled
    # put off until just after the first paint: Qt's enums (the nav's headings' flags); until
    # the dashboard is filled: the log's rotation; shiboken never read the window's modules
    first, then = painted[3], filled[3]
    assert first["qt_namespace"] is False and then["qt_namespace"] is True
    assert first["logging.handlers"] is False and first["log_handlers"] == ["FileHandler"]
    assert first["uuid"] is False
    assert then["log_handlers"] == ["FileHandler"]
    assert after[3]["log_handlers"] == ["RotatingFileHandler"]
    assert then["headings"] == []  # the nav's headings take no click (flags set after it)
    assert first["scanned"] == then["scanned"] == ["desktop.views.startup"]  # loaded before
    seconds = [float(line.split()[2]) for line in out.stdout.splitlines() if line[:3] == "ZF-"]
    assert 0 < seconds[0] <= seconds[1]


def test_what_waits_for_the_first_paint_runs_once_after_it_and_at_once_otherwise(
    ctx: Any,
) -> None:
    ran: list[str] = []
    ctx.after_first_paint(lambda: ran.append("not held"))
    assert ran == ["not held"]  # a test's window, a rebuilt one: at once
    ctx.hold()
    ctx.after_first_paint(lambda: ran.append("a"))
    ctx.after_first_paint(lambda: ran.append("b"))
    assert ran == ["not held"]
    ctx.release()
    assert ran == ["not held", "a", "b"]
    ctx.release()  # a second time: nothing left
    ctx.after_first_paint(lambda: ran.append("c"))
    assert ran == ["not held", "a", "b", "c"]
    ctx.hold()
    ctx.after_first_paint(lambda: ran.append("left"))
    ctx.close()  # the ledger left before its window painted: its jobs are dropped
    ctx.release()
    assert ran == ["not held", "a", "b", "c"]


def test_the_navs_role_is_qts_user_role_plus_one() -> None:
    from PySide6.QtCore import Qt

    from desktop.views.main_window import KEY_ROLE

    assert Qt.ItemDataRole.UserRole + 1 == KEY_ROLE


FEATURE_PROBE = """
import json, sys, pathlib
sys.path.insert(0, sys.argv[1])
from desktop.views.startup import skip_feature_scan
skip_feature_scan()
import desktop.views.nav  # uses PySide6: the scan would have listed it
table = sys.modules["shibokensupport.feature"].pyside_feature_dict
listed = "desktop.views.nav" in table
# PySide's snake_case switch still works for a module that asks for it
pathlib.Path(sys.argv[1], "snake_probe.py").write_text(
    "from __feature__ import snake_case\\n"
    "from PySide6.QtCore import QObject\\n"
    "o = QObject()\\n"
    "o.set_object_name('x')\\n"
    "NAME = o.object_name()\\n",
    encoding="utf-8",
)
import snake_probe
print(json.dumps([listed, snake_probe.NAME, "desktop.views.nav" in table]))
"""


def test_shiboken_does_not_read_each_module_and_its_feature_switch_still_works(
    tmp_path: Path,
) -> None:
    probe_dir = tmp_path / "probe"
    probe_dir.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": f"{ROOT}{os.pathsep}{probe_dir}",
        "QT_QPA_PLATFORM": "offscreen",
    }
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            FEATURE_PROBE,
            str(probe_dir),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    listed, name, listed_after = json.loads(out.stdout.strip().splitlines()[-1])
    assert listed is False  # not scanned when imported
    assert name == "x"  # snake_case on in the module that imported __feature__
    assert listed_after is True  # shiboken's own start of the switch listed it then


def test_the_start_logs_with_a_plain_handler_then_rotates_without_losing_a_line(
    home: Path,
) -> None:
    import logging
    from logging.handlers import RotatingFileHandler

    from desktop.app import LOG_HANDLER, rotate_logs, setup_logging

    root = logging.getLogger()
    before = list(root.handlers)
    for handler in before:  # another test's log file handler is put back afterwards
        if handler.get_name() == LOG_HANDLER:
            root.removeHandler(handler)
    try:
        path = setup_logging(rotating=False)
        mine = [h for h in root.handlers if h.get_name() == LOG_HANDLER]
        assert [type(h) for h in mine] == [logging.FileHandler]
        logging.getLogger("zhangfang").info("before the paint")
        rotate_logs()
        mine = [h for h in root.handlers if h.get_name() == LOG_HANDLER]
        assert [type(h) for h in mine] == [RotatingFileHandler]
        assert mine[0].baseFilename == str(path) and mine[0].maxBytes == 2_000_000
        logging.getLogger("zhangfang").info("after the paint")
        mine[0].flush()
        text = path.read_text(encoding="utf-8")
        assert "INFO zhangfang: before the paint" in text and "after the paint" in text
    finally:
        for handler in list(root.handlers):
            if handler.get_name() == LOG_HANDLER and handler not in before:
                root.removeHandler(handler)
                handler.close()
        for handler in before:
            if handler not in root.handlers:
                root.addHandler(handler)
