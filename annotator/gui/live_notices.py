"""Wakes a window the moment a server project announces another connection's commit (its LISTEN socket, in the event loop)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

if TYPE_CHECKING:  # imported for annotations only: the window is built before the services load
    from annotator.services.project import Project

# how often to look whether a lost listener came back on another socket (no database work: the socket's number only)
RESYNC_MS = 1000


class LiveNotices(QObject):
    """Calls `refresh` (the window's check for changes made elsewhere) whenever a notice arrives on a server project.

    Nothing is polled: Qt's event loop waits on the listener's socket. A project file has no socket, and
    this does nothing; the window's timer keeps looking at SQLite's data_version there.
    """

    def __init__(self, project: Project, refresh: Callable[[], object], parent: QObject | None = None):
        super().__init__(parent)
        self._project = project
        self._refresh = refresh
        self._notifier: QSocketNotifier | None = None
        self._socket = project.listen()
        self._watch(self._socket)
        # the listener reconnects on another socket after the server dropped it (the window's look does that)
        self._resync = QTimer(self, interval=RESYNC_MS)
        self._resync.timeout.connect(self._follow_socket)
        if self._socket is not None or "://" in project.location:
            self._resync.start()

    @property
    def listening(self) -> bool:
        return self._notifier is not None

    def _watch(self, socket: int | None) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None
        if socket is not None:
            self._notifier = QSocketNotifier(socket, QSocketNotifier.Type.Read, self)
            self._notifier.activated.connect(self._arrived)

    def _arrived(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)  # not woken again for the same bytes while the refresh reads them
        self._refresh()  # reads every notice waiting, and sees a lost connection
        self._follow_socket()
        if self._notifier is not None:
            self._notifier.setEnabled(True)

    def _follow_socket(self) -> None:
        socket = self._project.notice_socket()
        if socket != self._socket:
            self._socket = socket
            self._watch(socket)

    def stop(self) -> None:
        self._resync.stop()
        self._watch(None)
