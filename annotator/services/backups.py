"""Rotating backups of a project file in the user data folder, and restoring one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from annotator.core.errors import AnnotatorError
from annotator.services.user_settings import data_dir
from annotator.store.snapshot import is_sqlite_file, snapshot

KEEP = 5


@dataclass(frozen=True, slots=True)
class Backup:
    path: Path
    taken_at: datetime
    size: int


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


def make_backup(db: Path, *, keep: int = KEEP, only_if_changed: bool = False) -> Backup | None:
    """Copy the project (consistently, while it may be in use) and drop all but the newest `keep` backups.

    With `only_if_changed`, nothing is copied when the newest backup is younger than the
    project file's last change (opening the app twice makes one backup, not two).
    """
    db = Path(db)
    if not db.is_file() or not is_sqlite_file(db):
        return None
    existing = list_backups(db)
    if only_if_changed and existing:
        changed = max(p.stat().st_mtime for p in (db, db.with_name(db.name + "-wal")) if p.exists())
        if existing[0].path.stat().st_mtime >= changed:
            return None
    folder = backup_folder(db)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{stamp}.sqlite"
    partial = target.with_suffix(".part")
    snapshot(db, partial)
    partial.replace(target)  # a backup is either complete or not there
    for old in list_backups(db)[keep:]:
        old.path.unlink(missing_ok=True)
    return list_backups(db)[0]


def restore_backup(db: Path, backup: Path) -> Backup | None:
    """Put a backup's content into the project file; the current content is backed up first.

    Uses SQLite's backup API into the live file, so other connections see either the old
    or the restored project, never a mixture.
    """
    if not is_sqlite_file(backup):
        raise AnnotatorError(f"{backup}: not a backup of an Annotator project")
    safety = make_backup(db, keep=KEEP + 1)
    snapshot(backup, db)
    return safety
