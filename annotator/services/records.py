"""A project's documents as exchange records, streamed out of the repository, and the hash that identifies a text."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence

from annotator.core.errors import Cancelled
from annotator.core.model import DocumentRecord
from annotator.store.bulk import Progress


def text_sha256(text: str) -> str:
    """The hash that makes the same article the same document, whichever file it came from."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def iter_records(
    repository,
    analysts: Sequence[str] | None,
    progress: Progress | None = None,
    id_range: tuple[int, int] | None = None,
) -> Iterator[DocumentRecord]:
    """The project's documents (with ids in `id_range`, if given) as exchange records (with the analysts'
    statuses), streamed."""
    total = repository.document_count()
    statuses: dict[int, dict[str, str]] = {}
    for (document_id, who), status in repository.review.statuses().items():
        if analysts is None or who in analysts:
            statuses.setdefault(document_id, {})[who] = status
    for done, (document_id, record) in enumerate(repository.iter_export(analysts, id_range)):
        if progress is not None and not progress(done, total):
            raise Cancelled("export cancelled")
        record.statuses = statuses.get(document_id, {})
        yield record
