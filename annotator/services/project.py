"""The Project facade: one open project database, its analyst, schema, edits and change notices."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.core.errors import AnnotatorError, NotFound
from annotator.core.labels import LabelSchema, default_schema
from annotator.core.model import Annotation, Document, DocumentSummary, Relation
from annotator.core.offsets import span_problem, trim_span
from annotator.formats import ExportReport
from annotator.formats import get as get_format
from annotator.services import exchange
from annotator.services.export_in_two import export_in_two
from annotator.services.importer import Importer
from annotator.services.outputs import check_output
from annotator.services.records import iter_records
from annotator.services.relation_edits import RelationEdits
from annotator.services.review import Review
from annotator.services.roles import require_known, reviewer_role, scoped_analysts, the_one_set, visible_analysts
from annotator.services.schema_editor import SchemaEditor
from annotator.services.user_settings import UserSettings, default_database, resolve_analyst
from annotator.store import open_store


@dataclass(frozen=True, slots=True)
class Change:
    """A notice that something in the project changed, so views can refresh."""

    kind: str  # "annotations", "relations", "documents", "schema", "status"
    document_id: int | None = None
    annotation_ids: tuple[int, ...] = ()  # of a relation: its two ends
    initiator: object = None
    relation_ids: tuple[int, ...] = ()


Listener = Callable[[Change], None]


class Project:
    """An open project. Every edit is committed before the method returns."""

    def __init__(self, repository, analyst: str, settings: UserSettings, location: str, reviewer: bool = False):
        self.repository = repository
        self.analyst = analyst
        self.settings = settings
        self.location = location
        self.reviewer = reviewer
        self._listeners: list[Listener] = []
        self._schema: LabelSchema | None = None
        self._lengths: dict[int, int] = {}
        self._last_text: tuple[int | None, str] = (None, "")
        self._started: set[tuple[int, str]] = set()  # (document, analyst) known to be past "not started"
        self._seen_version = repository.data_version()
        self.review = Review(self)
        # an analyst on a server with team roles: imports may bring only their own work onto documents already there
        self.own_work_only = False

    # --- opening

    @classmethod
    def open(
        cls,
        db: str | Path | None = None,
        analyst: str | None = None,
        settings: UserSettings | None = None,
        reviewer: bool | None = None,
    ) -> Project:
        """Open `db` (a path or URL); without one, the default project, seeded with the sample article.

        `reviewer` (else the saved "reviewer" setting) lets this session see every analyst's
        work in blind mode, compare, adjudicate and measure agreement.
        """
        settings = settings or UserSettings()
        path = Path(db) if db is not None and "://" not in str(db) else None
        is_default = db is None
        if is_default:
            path = default_database()
        is_new = path is not None and not path.exists()
        who = resolve_analyst(analyst, settings)  # a blank or unprintable --analyst is refused before anything opens
        repository = open_store(path if path is not None else str(db))
        role = reviewer_role(reviewer, settings)
        team = None
        if path is None:  # a server with team roles: the login is the analyst, and its group the role
            from annotator.services.team import server_session

            try:
                team = server_session(repository, analyst, reviewer)
            except AnnotatorError:
                repository.close()
                raise
            who, role = team or (who, role)
        # a server's URL as shown everywhere (title, status bar, reports): never with its password
        project = cls(repository, who, settings, str(path) if path is not None else repository.url, role)
        project.own_work_only = team is not None and not role
        if is_default and is_new:
            project.import_seeds()
        return project

    def close(self) -> None:
        self.repository.close()

    @property
    def read_only(self) -> str | None:
        """Why this project can only be read (read-only media, no permission to write), or None when edits are saved."""
        return self.repository.read_only

    def import_seeds(self) -> exchange.ImportReport:
        """Import the sample articles shipped with the application."""
        from annotator.core.shipped import seeds_folder

        return self.import_paths([seeds_folder()], format_name="txt")

    # --- change notices

    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    def changed_elsewhere(self) -> bool:
        """Whether another window or process has committed to the project since we last looked."""
        version = self.repository.data_version()
        if version is None or version in (self._seen_version, self.repository.own_version):
            self._seen_version = version
            return False
        self._seen_version = version
        self._schema = None  # another process may have added labels
        return True

    def listen(self) -> int | None:
        """On a server, hear of other connections' commits the moment they happen (changed_elsewhere counts them):
        the socket their notices arrive on, to wait on in an event loop; None for a project file."""
        socket = self.repository.listen()
        self._seen_version = self.repository.data_version()
        return socket

    def notice_socket(self) -> int | None:
        """The socket of `listen` as it is now (a lost connection comes back on another), or None."""
        return self.repository.notice_socket()

    def file_problem(self) -> str | None:
        """Why edits may no longer reach the project file (it or its log replaced or deleted by another program), else None."""
        return self.repository.file_problem()

    def notify_annotations(
        self, document_id: int, annotation_ids: Sequence[int] = (), initiator: object = None
    ) -> None:
        self._notify(Change("annotations", document_id, tuple(annotation_ids), initiator))

    def notify_relations(self, relation: Relation, initiator: object = None) -> None:
        ends = (relation.source_id, relation.target_id)
        self._notify(Change("relations", relation.document_id, ends, initiator, (relation.id,)))

    def notify_status(self, document_id: int) -> None:
        self._notify(Change("status", document_id))

    def notify_documents(self) -> None:
        self._notify(Change("documents"))

    # --- blind mode and roles

    @property
    def blind(self) -> bool:
        """Whether analysts see only their own annotations (a project setting)."""
        return bool(self.repository.setting("blind_mode", False))

    def set_blind(self, blind: bool) -> None:
        self.require_reviewer()
        self.repository.set_setting("blind_mode", bool(blind))
        self.notify_documents()

    def require_reviewer(self) -> None:
        if not self.reviewer:
            raise AnnotatorError("only a reviewer can do this (start Annotator with --reviewer)")

    def require_all_visible(self) -> None:
        """Comparing analysts needs to see them all: not in an analyst's blind session."""
        if self.visible_analysts() is not None:
            raise AnnotatorError("blind mode: only a reviewer can compare analysts (start Annotator with --reviewer)")

    def visible_analysts(self) -> list[str] | None:
        """The annotation sets this session may see: all (None), or in blind mode only the analyst's own."""
        return visible_analysts(self.reviewer, self.blind, self.analyst)

    def _scope(self, analysts: Sequence[str] | None) -> list[str] | None:
        return scoped_analysts(self.visible_analysts(), analysts, self.analyst)

    def _require_own(self, annotation: Annotation) -> None:
        if annotation.analyst != self.analyst and not self.reviewer:
            raise AnnotatorError(f"this annotation belongs to {annotation.analyst}; you can change only your own")

    # --- schema

    @property
    def schema(self) -> LabelSchema:
        if self._schema is None:
            stored = self.repository.setting("schema")
            self._schema = LabelSchema.from_dict(stored) if isinstance(stored, dict) else default_schema()
        return self._schema

    def reload_schema(self, initiator: object = None) -> None:
        self._schema = None
        self._notify(Change("schema", initiator=initiator))

    @property
    def schema_editor(self) -> SchemaEditor:
        """Edits of the label schema (services/schema_editor.py), checked against what annotations use."""
        return SchemaEditor(self)

    # --- documents

    def document_count(self) -> int:
        return self.repository.document_count()

    def document_summaries(self, offset: int = 0, limit: int | None = None) -> list[DocumentSummary]:
        return self.repository.document_summaries(offset, limit, self.visible_analysts())

    def document_summary(self, document_id: int) -> DocumentSummary | None:
        found = self.repository.document_summaries(analysts=self.visible_analysts(), document_ids=[document_id])
        return found[0] if found else None

    def document_ids(self) -> list[int]:
        return self.repository.document_ids()

    def document(self, document_id: int) -> Document:
        return self.repository.document(document_id)

    def last_document_id(self) -> int | None:
        """The document this analyst had open last, if it still exists, else the first one."""
        remembered = self.repository.setting(f"last_document:{self.analyst}")
        if isinstance(remembered, int) and self.repository.document_ids([remembered]):
            return remembered
        return self.repository.first_document_id()

    def remember_document(self, document_id: int) -> None:
        self.repository.set_setting(f"last_document:{self.analyst}", document_id)

    def analysts(self) -> list[str]:
        """Analysts with annotations that this session may see."""
        visible = self.visible_analysts()
        found = self.repository.analysts()
        return found if visible is None else [a for a in found if a in visible]

    # --- annotations

    def annotations(
        self, document_id: int, analysts: Sequence[str] | None = None, *, starting: tuple[int, int | None] | None = None
    ) -> list[Annotation]:
        """A document's annotations in text order; `starting` = (first, stop) keeps those whose start
        lies in [first, stop) (stop None: to the end), for reading a long article a stretch at a time."""
        return self.repository.annotations(document_id, self._scope(analysts), starting=starting)

    def annotations_by_id(self, annotation_ids: Sequence[int]) -> list[Annotation]:
        """Those of the given annotations that exist and that this session may see."""
        visible = self.visible_analysts()
        found = self.repository.annotations_by_id(annotation_ids)
        return found if visible is None else [a for a in found if a.analyst in visible]

    def relations(self, document_id: int) -> list[Relation]:
        return self.repository.relations(document_id, self._scope(None))

    def relations_with_ends(
        self, document_id: int
    ) -> list[tuple[Relation, tuple[str, int, int] | None, tuple[str, int, int] | None]]:
        """`relations` with each end's (label, start, end), None for an end this session may not see; one query."""
        visible = self.visible_analysts()
        return [
            (
                relation,
                None if visible is not None and source[0] not in visible else source[1:],
                None if visible is not None and target[0] not in visible else target[1:],
            )
            for relation, source, target in self.repository.relations_with_ends(document_id, self._scope(None))
        ]

    def annotation(self, annotation_id: int) -> Annotation:
        annotation = self.repository.annotation(annotation_id)
        self._scope([annotation.analyst])
        return annotation

    def _length(self, document_id: int) -> int:
        if document_id not in self._lengths:
            self._lengths[document_id] = len(self._text(document_id))
        return self._lengths[document_id]

    def _text(self, document_id: int) -> str:
        """A document's text, the last one asked for kept: an article's text never changes, and
        reading a long one for every edit would make each edit cost more the longer it is."""
        if self._last_text[0] != document_id:
            self._last_text = (document_id, self.repository.document(document_id).text)
        return self._last_text[1]

    def add_annotation(
        self,
        document_id: int,
        label: str,
        start: int,
        end: int,
        *,
        attributes: dict[str, str] | None = None,
        note: str = "",
        trim: bool = True,
        initiator: object = None,
    ) -> Annotation:
        """Tag [start, end) of a document with `label` for this session's analyst (edges trimmed)."""
        if self.schema.get(label) is None:
            raise NotFound(f"no label {label!r} in this project's schema")
        text = self._text(document_id)
        problem = span_problem(len(text), start, end)
        if problem:
            raise AnnotatorError(problem)
        if trim:
            trimmed = trim_span(text, start, end)
            if trimmed is None:
                raise AnnotatorError("the selection holds only whitespace")
            start, end = trimmed
        annotation = self.repository.add_annotation(
            Annotation(0, document_id, self.analyst, label, start, end, dict(attributes or {}), note)
        )
        self._notify(Change("annotations", document_id, (annotation.id,), initiator))
        self._mark_started(document_id)
        return annotation

    def _mark_started(self, document_id: int) -> None:
        """The first annotation of an analyst in a document puts it "in progress"."""
        key = (document_id, self.analyst)
        if key in self._started:
            return
        if key not in self.repository.review.statuses([document_id]):
            self.repository.review.set_status(document_id, self.analyst, "in_progress")
            self.notify_status(document_id)
        self._started.add(key)

    def update_annotation(self, annotation_id: int, *, initiator: object = None, **changes) -> Annotation:
        """Change label, attributes, note or bounds of an annotation."""
        if "label" in changes and self.schema.get(changes["label"]) is None:
            raise NotFound(f"no label {changes['label']!r} in this project's schema")
        current = self.repository.annotation(annotation_id)
        self._require_own(current)
        if "start" in changes or "end" in changes:
            problem = span_problem(
                self._length(current.document_id), changes.get("start", current.start), changes.get("end", current.end)
            )
            if problem:
                raise AnnotatorError(problem)
        annotation = self.repository.update_annotation(annotation_id, **changes)
        self._notify(Change("annotations", annotation.document_id, (annotation_id,), initiator))
        return annotation

    def delete_annotation(self, annotation_id: int, *, initiator: object = None) -> tuple[Annotation, list[Relation]]:
        """Delete an annotation (and its relations); returns what is needed to restore it."""
        self._require_own(self.repository.annotation(annotation_id))
        annotation, relations = self.repository.delete_annotation(annotation_id)
        self._notify(Change("annotations", annotation.document_id, (annotation_id,), initiator))
        return annotation, relations

    def restore_annotation(
        self, annotation: Annotation, relations: Sequence[Relation] = (), *, initiator: object = None
    ) -> Annotation:
        """Put back a deleted annotation under its old id (undo)."""
        self._require_own(annotation)
        restored = self.repository.restore_annotation(annotation, relations)
        self._notify(Change("annotations", annotation.document_id, (annotation.id,), initiator))
        return restored

    # --- relations (checked against the schema; see services/relation_edits.py)

    def relation(self, relation_id: int) -> Relation:
        relation = self.repository.relation(relation_id)
        self._scope([relation.analyst])
        return relation

    def add_relation(
        self, document_id: int, type: str, source_id: int, target_id: int, *, initiator: object = None
    ) -> Relation:
        """Link two annotations of one analyst in a document with a relation type the schema allows for their labels."""
        return RelationEdits(self).add(document_id, type, source_id, target_id, initiator)

    def update_relation(
        self, relation_id: int, *, type: str | None = None, reverse: bool = False, initiator: object = None
    ) -> Relation:
        """Change a relation's type and/or swap its ends, checked against the schema again."""
        return RelationEdits(self).update(relation_id, type, reverse, initiator)

    def delete_relation(self, relation_id: int, *, initiator: object = None) -> Relation:
        """Delete a relation; returns what `restore_relation` needs (undo)."""
        return RelationEdits(self).delete(relation_id, initiator)

    def restore_relation(self, relation: Relation, *, initiator: object = None) -> Relation:
        """Put back a deleted relation under its old id (undo)."""
        return RelationEdits(self).restore(relation, initiator)

    # --- exchange

    def import_paths(
        self,
        paths: Sequence[Path],
        *,
        format_name: str | None = None,
        analyst: str | None = None,
        encoding: str | None = None,
        progress: exchange.Progress | None = None,
    ) -> exchange.ImportReport:
        """Import files and folders as one transaction: every document and annotation, or nothing."""
        records = exchange.read_all(paths, format_name, encoding, progress)
        report = Importer(self, analyst or self.analyst, progress).run(records)  # counts the files too
        self._notify(Change("documents"))
        return report

    def export(
        self,
        format_name: str,
        out: Path,
        *,
        analysts: Sequence[str] | None = None,
        progress: exchange.Progress | None = None,
    ) -> ExportReport:
        """Write the project (or the sets of `analysts`) in a format; the report says what was lost."""
        fmt = get_format(format_name)
        check_output(out, self.location)
        blind = self.visible_analysts() is not None
        if analysts is not None and not blind:
            self.require_analysts(analysts)  # a mistyped name would export empty documents without a word
        analysts = self._scope(analysts)
        if fmt.one_set and analysts is None:
            analysts = [self.only_set(f"the {fmt.name} format holds")]
        # a large export of a project file on the command line (no progress to show) may be written in two parts
        split = export_in_two(self.repository, fmt, Path(out), analysts) if progress is None else None
        report = split or fmt.write(iter_records(self.repository, analysts, progress), Path(out))
        if blind:  # the analyst may not know that the others' work was held back
            none = "" if self.analysts() else f", and {self.analyst} has none yet"
            report.notices.append(f"blind mode: only {self.analyst}'s annotations were exported{none}")
        return report

    def require_analysts(self, names: Sequence[str]) -> None:
        """Refuse names with no annotations this session can see, saying which analysts there are."""
        require_known(self.analysts(), names)

    def only_set(self, holder: str) -> str:
        """The one annotation set for something that holds one (`holder`, e.g. "the brat format holds"), or an error asking which."""
        return the_one_set(self.analysts(), holder, self.analyst)
