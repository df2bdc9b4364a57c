"""导入向导: file → kind and columns → preview → import, every slow step off the GUI thread."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Signal
from PySide6.QtWidgets import QWidget, QWizard

from desktop.errors import OwnerRequired
from desktop.importing import wizard as pipeline
from desktop.views import owner_dialog
from desktop.views.context import Context
from desktop.views.i18n import language
from desktop.views.importer.pages import FilePage, MappingPage
from desktop.views.importer.preview_model import preview_entries
from desktop.views.importer.result_pages import DonePage, PreviewPage
from desktop.views.importer.texts import problem_text
from desktop.views.screen_fit import sized
from desktop.views.worker import Cancelled, run_task

_CANCELLED = object()


class ImportWizard(QWizard):
    #: an import was committed or undone (the report / the batch id)
    imported = Signal(object)

    def __init__(self, ctx: Context, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.ctx = ctx
        self.path: Path | None = None
        self.book: Any = None
        self.analysis: pipeline.Analysis | None = None
        self.kind_order: list[str] = []
        self.report: Any = None  # the latest preview
        self.result: Any = None  # what the import did
        self.busy = 0
        self._generation = 0
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setWindowTitle(self.tr("导入向导"))
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("上一步"))
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("导入"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("关闭"))
        self.file_page = FilePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.done_page = DonePage(self)
        for page in (self.file_page, self.mapping_page, self.preview_page, self.done_page):
            self.addPage(page)

    def sizeHint(self) -> QSize:
        char = self.fontMetrics().horizontalAdvance("0")
        line = self.fontMetrics().height()
        return QSize(max(900, char * 110), max(640, line * 34))

    def lang(self) -> str:
        return language()

    # ---------------------------------------------------------------- running
    def _run(
        self,
        title: str,
        fn: Callable[..., Any],
        done: Callable[[Any], None],
        failed: Callable[[str], None],
        writer: bool = False,
    ) -> None:
        """``fn`` off the GUI thread behind a progress dialog with Cancel; a cancelled job
        comes back as nothing done, a failed one as its plain message."""
        self.busy += 1
        self._generation += 1
        generation = self._generation
        self._refresh_buttons()

        def guarded(*args: Any) -> Any:
            try:
                return fn(*args)
            except Cancelled:
                return _CANCELLED

        def ok(result: object) -> None:
            self.busy -= 1
            if generation == self._generation or writer:
                done(None if result is _CANCELLED else result)
            self._refresh_buttons()

        def bad(exc: BaseException) -> None:
            self.busy -= 1
            if generation == self._generation or writer:
                failed(problem_text(exc))
            self._refresh_buttons()

        run_task(self, title, guarded, ok, bad, self.ctx.writer if writer else None)

    def _refresh_buttons(self) -> None:
        page = self.currentPage()
        if page is not None:
            page.completeChanged.emit()

    def idle(self) -> bool:
        return self.busy == 0

    # ---------------------------------------------------------------- steps
    def load(self, path: Path, sheet: str | None = None) -> None:
        """Read the file (and find its table) off the GUI thread."""
        self.path = Path(path)
        self.book = self.analysis = self.report = None
        self.file_page.show_book()
        self.file_page.path.setText(str(path))
        ledger_ready = self.ctx.ledger

        def work(progress: Any) -> Any:
            book = pipeline.read(path, sheet, progress)
            progress(70, "")
            return self._analyse(ledger_ready, book, None, None)

        def done(analysis: Any) -> None:
            if analysis is None:
                self.file_page.show_book()
                return
            self._take(analysis)
            self.file_page.show_book()
            if analysis.kind is None:
                self.file_page.show_problem(problem_text(pipeline.unrecognised(analysis.book)))

        self._run(self.tr("正在读取文件…"), work, done, self.file_page.show_problem)

    @staticmethod
    def _analyse(ledger: Any, book: Any, kind: str | None, header: int | None) -> Any:
        return pipeline.analyse_saved(ledger, book, kind, header)

    def _take(self, analysis: pipeline.Analysis) -> None:
        self.book = analysis.book
        self.analysis = analysis
        self.kind_order = pipeline.ranked_kinds(analysis.table.headers, analysis.table)
        self.report = None

    def analyse(self, kind: str | None, header_index: int | None) -> None:
        """Look again with another kind or header row (the user's choice on page b)."""
        book, ledger = self.book, self.ctx.ledger

        def done(analysis: Any) -> None:
            if analysis is not None:
                self._take(analysis)
            self.mapping_page.show_analysis()

        self._run(
            self.tr("正在分析表格…"),
            lambda _p: self._analyse(ledger, book, kind, header_index),
            done,
            self.mapping_page.show_problem,
        )

    def plan(self) -> pipeline.Plan:
        assert self.analysis is not None
        mapping = self.mapping_page.mapping()
        assert mapping is not None
        analysis = self.analysis
        if self.mapping_page.touched:
            analysis.source = "user"
        return pipeline.Plan(
            analysis,
            mapping,
            self.preview_page.import_options(),
            self.mapping_page.date_order_value(),
        )

    def preview(self) -> None:
        if self.analysis is None or self.analysis.kind is None:
            return
        plan, ledger = self.plan(), self.ctx.ledger
        self.report = None

        def work(progress: Any) -> Any:
            report = pipeline.preview(ledger, plan, progress)
            return report, preview_entries(report)  # its table's lines, off the GUI thread

        def done(result: Any) -> None:
            self.report, entries = result if result is not None else (None, None)
            self.preview_page.show_report(entries)

        self._run(
            self.tr("正在预览…"),
            work,
            done,
            self.preview_page.show_problem,
        )

    def commit(self, plan: pipeline.Plan | None = None) -> None:
        plan = plan or self.plan()
        self.result = None

        def work(ledger: Any, progress: Any) -> Any:
            try:
                return pipeline.commit(ledger, plan, progress)
            except OwnerRequired as exc:  # the file raises credit limits: ask the owner
                return exc

        def done(outcome: Any) -> None:
            if isinstance(outcome, OwnerRequired):
                approval = owner_dialog.ask_owner(self, outcome.message(self.lang()))
                if approval is not None:
                    plan.options.owner = approval
                    self.commit(plan)
                    return
                outcome = None  # cancelled: nothing was written
            # what the import changed reached the screens through ctx.changed already
            if outcome is not None:
                self.result, _changes = outcome
            self.done_page.show_result()
            if self.result is not None and self.result.batch_id is not None:
                self.imported.emit(self.result)

        self._run(self.tr("正在导入…"), work, done, self.done_page.show_problem, writer=True)

    def undo_import(self) -> None:
        if self.result is None or self.result.batch_id is None:
            return
        batch = str(self.result.batch_id)

        def done(report: Any) -> None:
            if report is not None:
                self.done_page.show_undone()
                self.imported.emit(batch)

        self._run(
            self.tr("正在撤销导入…"),
            lambda ledger, _p: pipeline.undo(ledger, batch),
            done,
            self.done_page.show_problem,
            writer=True,
        )

    def save_errors(self, path: Path) -> None:
        from desktop.importing.error_workbook import error_workbook_path, write_error_workbook

        report, lang = self.result, self.lang()
        path = error_workbook_path(path)

        def done(count: Any) -> None:
            if count is not None:
                self.done_page.note.setText(
                    self.tr("已把 {n} 行错误标在 {path}，改好后可以直接再导入。").format(
                        n=count, path=path
                    )
                )

        self._run(
            self.tr("正在保存…"),
            lambda _p: write_error_workbook(report, path, lang),
            done,
            self.done_page.show_problem,
        )

    def write_template(self, kind: str, path: Path) -> None:
        from desktop.exporting.templates import write_template

        def done(written: Any) -> None:
            if written is not None:
                self.file_page.info.setText(self.tr("模板已保存到：{path}").format(path=written))

        self._run(
            self.tr("正在保存…"),
            lambda _p: write_template(kind, path),
            done,
            self.file_page.show_problem,
        )


def open_import_wizard(
    ctx: Context, parent: QWidget | None = None, path: Path | None = None
) -> ImportWizard:
    """Show the wizard (modeless); with ``path`` the file is read at once."""
    wizard = ImportWizard(ctx, parent)
    sized(wizard, wizard.sizeHint().width(), wizard.sizeHint().height())
    wizard.show()
    if path is not None:
        wizard.load(Path(path))
    return wizard
