"""Rotating backups of a project file in the user data folder, and restoring one (checked as opening it would be)."""

from __future__ import annotations

import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.services.user_settings import data_dir
from annotator.store.project_check import check_copy, project_problem
from annotator.store.snapshot import snapshot

KEEP = 5
# A restore first saves the project's state under this name: the way back, never rotated out.
BEFORE_RESTORE = "-before-restore"


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken_at: datetime
    size: int

    @property
    def before_restore(self) -> bool:
        """Whether this is the state a restore replaced (kept until deleted by hand), not a rotating backup."""
        return self.path.stem.endswith(BEFORE_RESTORE)

    @property
    def kind(self) -> str:
        return "before restore" if self.before_restore else "automatic"


def backup_folder(db: Path) -> Path:
    """Where the backups of one project live: named after the file, unique per full path."""
    db = Path(db).resolve()
    digest = hashlib.sha256(str(db).encode("utf-8")).hexdigest()[:10]
    return data_dir() / "backups" / f"{db.stem}-{digest}"


def list_backups(db: Path) -> list[Backup]:
    """Backups of a project, newest first."""
    folder = backup_folder(db)
    found = []
    for path in folder.glob("*.sqlite"):
        stat = path.stat()
        found.append(Backup(path, datetime.fromtimestamp(stat.st_mtime, timezone.utc), stat.st_size))
    return sorted(found, key=lambda b: b.path.name, reverse=True)


def make_backup(
    db: Path, *, keep: int = KEEP, only_if_changed: bool = False, before_restore: bool = False
) -> Backup | None:
    """Copy the project (consistently, while it may be in use) and drop all but the newest `keep` rotating backups.

    With `only_if_changed`, nothing is copied when the newest backup is younger than the
    project file's last change (opening the app twice makes one backup, not two). A copy
    made `before_restore` is named apart and never rotated out. A file that is not an
    Annotator project (damaged, empty, another program's) is refused with the reason.
    """
    db = Path(db)
    if not db.is_file():
        return None
    problem = project_problem(db)
    if problem is not None:
        raise AnnotatorError(f"{db}: {problem}; nothing backed up")
    existing = list_backups(db)
    if only_if_changed and existing:
        changed = max(p.stat().st_mtime for p in (db, db.with_name(db.name + "-wal")) if p.exists())
        if existing[0].path.stat().st_mtime >= changed:
            return None
    folder = backup_folder(db)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{stamp}{BEFORE_RESTORE if before_restore else ''}.sqlite"
    partial = target.with_suffix(".part")
    snapshot(db, partial)
    partial.replace(target)  # a backup is either complete or not there
    for old in [b for b in list_backups(db) if not b.before_restore][keep:]:
        old.path.unlink(missing_ok=True)
    return next(b for b in list_backups(db) if b.path == target)


def restore_backup(db: Path, backup: Path) -> Backup | None:
    """Put a backup's content into the project file; the current content is kept first (see `make_backup`).

    The backup is checked on a private copy as opening it as a project would (an empty,
    foreign or newer database is refused, an older one upgraded in the copy, never in the
    backup itself), then copied in with SQLite's backup API, so other connections see either
    the old or the restored project, never a mixture.
    """
    if not str(backup).strip():
        raise AnnotatorError("no backup named: give a backup file, or a number from annotator backup --list")
    backup = Path(backup)
    try:
        info = os.stat(backup)
    except OSError as exc:
        raise AnnotatorError(f"{backup}: cannot read the backup: {(exc.strerror or str(exc)).lower()}") from None
    if not stat.S_ISREG(info.st_mode):
        raise AnnotatorError(f"{backup}: not a regular file; nothing restored")
    with tempfile.TemporaryDirectory(prefix="annotator-restore-") as folder:
        copy = Path(folder) / "restore.sqlite"
        try:
            snapshot(backup, copy)
            check_copy(copy, backup)
        except AnnotatorError as exc:
            raise AnnotatorError(f"{exc}; nothing restored") from exc
        safety = make_backup(db, before_restore=True)
        snapshot(copy, db)
    return safety
