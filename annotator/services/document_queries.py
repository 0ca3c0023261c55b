"""The document list's questions: a sorted, filtered page of documents, the next unfinished one, an article's details."""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.core.errors import AnnotatorError
from annotator.core.listing import DocumentDetails, ListedDocument, ListingQuery
from annotator.store.listing_repository import ListingRepository

if TYPE_CHECKING:
    from annotator.services.project import Project


class DocumentQueries:
    """Reads for the document list and the Article panel, within what the session may see (blind mode)."""

    def __init__(self, project: Project):
        self._project = project
        self._store = ListingRepository(project.repository)

    def _own(self) -> str | None:
        """Whose status sorts and filters when the query names nobody: an analyst's own; a reviewer's, anyone's."""
        return None if self._project.reviewer else self._project.analyst

    def _check(self, query: ListingQuery) -> None:
        visible = self._project.visible_analysts()
        if query.analyst is not None and visible is not None and query.analyst not in visible:
            raise AnnotatorError(f"blind mode: the work of {query.analyst} is hidden from you")

    def page(self, query: ListingQuery, offset: int = 0, limit: int | None = None) -> list[ListedDocument]:
        """Rows `offset` to `offset + limit` of the list as `query` sorts and filters it."""
        self._check(query)
        return self._store.page(query, offset, limit, self._project.visible_analysts(), self._own())

    def row(self, document_id: int) -> ListedDocument | None:
        """One document's row (None if gone), with the counts the list shows."""
        found = self._store.page(
            ListingQuery(), 0, None, self._project.visible_analysts(), self._own(), document_ids=[document_id]
        )
        return found[0] if found else None

    def position(self, query: ListingQuery, document_id: int) -> int | None:
        """The row (from 0) of a document in the list as `query` sorts and filters it; None if left out."""
        self._check(query)
        return self._store.position(query, document_id, self._project.visible_analysts(), self._own())

    def next_unfinished(self, query: ListingQuery, after: int | None) -> int | None:
        """The next document in the list's order (wrapping round) that this analyst has not marked done."""
        self._check(query)
        return self._store.next_not_done(
            query, after, self._project.analyst, self._project.visible_analysts(), self._own()
        )

    def locations(self) -> list[str]:
        return self._store.locations()

    def analysts(self) -> list[str]:
        """The analysts the filter may name: everyone with work in the project, or in blind mode oneself."""
        visible = self._project.visible_analysts()
        if visible is not None:
            return list(visible)
        return sorted({*self._project.repository.analysts(), self._project.analyst} - {"gold"})

    def details(self, document_id: int) -> DocumentDetails | None:
        """The document's metadata and the statuses the session may see."""
        return self._store.details(document_id, self._project.visible_analysts())
