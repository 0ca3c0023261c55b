"""File → Import and Export: asks what to do, runs it off the UI thread with a cancellable progress dialog."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from annotator.gui.exchange.exchange_worker import ExchangeWorker
from annotator.gui.exchange.export_dialog import ExportDialog
from annotator.services import Project
from annotator.services.exchange import FormatInfo, ImportReport, Progress, available_formats

if TYPE_CHECKING:
    from annotator.formats import ExportReport

MAX_LISTED = 200

Result = TypeVar("Result")  # what a job returns and its success handler takes


class ExchangeController(QObject):
    """Owns at most one running import or export; `finished(message)` reports how it ended."""

    finished = Signal(str)

    def __init__(self, project: Project, parent: QWidget):
        super().__init__(parent)
        self.project = project
        self.window = parent
        self.worker: ExchangeWorker | None = None
        self.progress: QProgressDialog | None = None
        self._formats: list[FormatInfo] | None = None
        self.last_folder = Path.home()

    @property
    def formats(self) -> list[FormatInfo]:
        if self._formats is None:
            self._formats = available_formats()
        return self._formats

    @property
    def busy(self) -> bool:
        return self.worker is not None

    # --- asking

    def _filters(self) -> list[str]:
        every = " ".join(sorted({f"*{e}" for f in self.formats for e in f.extensions}))
        return [f"Everything Annotator reads ({every})"] + [
            f"{f.name} — {f.description} ({' '.join('*' + e for e in f.extensions)})" for f in self.formats
        ]

    def ask_import_files(self) -> None:
        filters = self._filters()
        paths, chosen = QFileDialog.getOpenFileNames(
            self.window, "Import files", str(self.last_folder), ";;".join(filters)
        )
        if paths:
            self.last_folder = Path(paths[0]).parent
            index = filters.index(chosen) if chosen in filters else 0
            self.start_import([Path(p) for p in paths], self.formats[index - 1].name if index > 0 else None)

    def ask_import_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Import a folder", str(self.last_folder))
        if folder:
            self.last_folder = Path(folder)
            self.start_import([Path(folder)], None)

    def ask_export(self) -> None:
        dialog = ExportDialog(self.formats, self.project.analysts(), self.last_folder, self.window)
        if dialog.exec():
            self.last_folder = dialog.out.parent
            self.start_export(dialog.format_name, dialog.out, dialog.analysts)

    # --- running

    def start_import(self, paths: list[Path], format_name: str | None) -> None:
        names = ", ".join(p.name for p in paths[:3]) + (" …" if len(paths) > 3 else "")
        self._run(
            f"Importing {names}",
            lambda progress: self.project.import_paths(paths, format_name=format_name, progress=progress),
            self._imported,
        )

    def start_export(self, format_name: str, out: Path, analysts: list[str] | None) -> None:
        self._run(
            f"Exporting to {out}",
            lambda progress: self.project.export(format_name, out, analysts=analysts, progress=progress),
            lambda report: self._exported(report, out),
        )

    def _run(self, label: str, job: Callable[[Progress], Result], on_success: Callable[[Result], None]) -> None:
        if self.busy:
            return
        self.progress = QProgressDialog(label, "Cancel", 0, 0, self.window)
        self.progress.setWindowTitle("Annotator")
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(300)  # quick jobs finish without a flash of a dialog
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        self.worker = ExchangeWorker(job)
        self.worker.progressed.connect(self._progressed)
        self.worker.succeeded.connect(on_success)
        self.worker.refused.connect(self._refused)
        self.worker.cancelled.connect(lambda: self._done("Cancelled: nothing was changed."))
        self.progress.canceled.connect(self.worker.cancel)
        self.worker.start()

    def _progressed(self, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress.setMaximum(max(total, 1))
            self.progress.setValue(min(done, max(total, 1)))

    def wait(self) -> None:
        """Block until the running job has finished (for tests and for closing the window)."""
        if self.worker is not None:
            self.worker.wait()

    def _done(self, message: str) -> None:
        if self.progress is not None:
            self.progress.close()
            self.progress.deleteLater()
            self.progress = None
        if self.worker is not None:
            self.worker.wait()
            self.worker.deleteLater()
            self.worker = None
        self.finished.emit(message)

    # --- results

    def _imported(self, report: ImportReport) -> None:
        message = f"Imported {report.files} file{'s' if report.files != 1 else ''}: {report.summary()}."
        details = list(report.warnings)
        if report.added_labels:
            message += f"\nNew labels added to the schema: {', '.join(report.added_labels)}."
        self._done(message)
        self._tell(QMessageBox.Icon.Information, "Import finished", message, details)

    def _exported(self, report: ExportReport, out: Path) -> None:
        message = f"Exported {report.documents} documents and {report.annotations} annotations to {out}."
        message += "".join(f"\n{notice[0].upper()}{notice[1:]}." for notice in report.notices)
        lost = report.summary()
        if lost:
            message += f"\nThe format could not hold everything: {len(lost)} kind{'s' if len(lost) > 1 else ''} of loss (see details)."
        self._done(message)
        self._tell(QMessageBox.Icon.Warning if lost else QMessageBox.Icon.Information, "Export finished", message, lost)

    def _refused(self, problems: list[str]) -> None:
        count = len(problems)
        message = (
            f"Nothing was changed: {count} problem{'s' if count != 1 else ''} found."
            if count > 1
            else f"Nothing was changed.\n{problems[0]}"
        )
        self._done(message)
        self._tell(QMessageBox.Icon.Critical, "Annotator", message, problems)

    def _tell(self, icon: QMessageBox.Icon, title: str, message: str, details: list[str]) -> None:
        box = QMessageBox(icon, title, message, QMessageBox.StandardButton.Ok, self.window)
        if details:
            shown = details[:MAX_LISTED] + (
                [f"… and {len(details) - MAX_LISTED} more"] if len(details) > MAX_LISTED else []
            )
            box.setDetailedText("\n".join(shown))
        box.setObjectName("exchangeResult")
        box.open()  # not exec(): tests and long sessions must not block on it
        self.last_box = box
