"""ORM row classes; they never leave store/ (the repository turns them into core values)."""

from datetime import datetime, timezone

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def as_utc(value: datetime | None) -> datetime | None:
    """Times are stored in UTC; SQLite hands them back without a zone, so add it (one kind of datetime everywhere)."""
    return value.replace(tzinfo=timezone.utc) if value is not None and value.tzinfo is None else value


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    external_id: Mapped[str] = mapped_column(String(255), unique=True)
    title: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    length: Mapped[int] = mapped_column(Integer)
    meta: Mapped[dict] = mapped_column(JSON, default=dict)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class AnalystRow(Base):
    __tablename__ = "analysts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)


class AnnotationRow(Base):
    __tablename__ = "annotations"
    # the GUI loads one document's annotations for one or more analysts, and a long article's
    # a stretch of text at a time (by start)
    __table_args__ = (
        Index("ix_annotations_document_analyst", "document_id", "analyst_id"),
        Index("ix_annotations_document_start", "document_id", "start_offset"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    analyst_id: Mapped[int] = mapped_column(ForeignKey("analysts.id", ondelete="RESTRICT"))
    label: Mapped[str] = mapped_column(String(255))
    start: Mapped[int] = mapped_column("start_offset", Integer)
    end: Mapped[int] = mapped_column("end_offset", Integer)
    attributes: Mapped[dict] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RelationRow(Base):
    __tablename__ = "relations"
    __table_args__ = (Index("ix_relations_document_analyst", "document_id", "analyst_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    analyst_id: Mapped[int] = mapped_column(ForeignKey("analysts.id", ondelete="RESTRICT"))
    type: Mapped[str] = mapped_column(String(255))
    source_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("annotations.id", ondelete="CASCADE"), index=True)


class SettingRow(Base):
    """Project-wide settings (label schema, last opened document per analyst), JSON values."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class DocumentStatusRow(Base):
    """How far an analyst has got with a document: not_started (no row), in_progress, done."""

    __tablename__ = "document_status"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    analyst_id: Mapped[int] = mapped_column(ForeignKey("analysts.id", ondelete="CASCADE"), primary_key=True)
    status: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class DecisionRow(Base):
    """One adjudication decision: who chose what, when, from which source annotations, and why."""

    __tablename__ = "decisions"
    __table_args__ = (Index("ix_decisions_document", "document_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    reviewer: Mapped[str] = mapped_column(String(255))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    action: Mapped[str] = mapped_column(String(40))
    sources: Mapped[list] = mapped_column(JSON, default=list)  # ids of the analysts' annotations it came from
    gold_annotation_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    label: Mapped[str] = mapped_column(String(255), default="")
    start: Mapped[int | None] = mapped_column("start_offset", Integer, nullable=True)
    end: Mapped[int | None] = mapped_column("end_offset", Integer, nullable=True)
    rationale: Mapped[str] = mapped_column(Text, default="")
    # a decision on relations: the analysts' relations it came from (`sources` is then empty) and the gold one it made
    relation_sources: Mapped[list | None] = mapped_column(JSON, nullable=True)
    gold_relation_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
