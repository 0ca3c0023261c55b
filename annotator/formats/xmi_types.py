"""UIMA type-system rules of the XMI format: which types are spans or relations, labels, and the export side."""

from __future__ import annotations

import json
import keyword
import re
import warnings
from typing import Any

import cassis

from annotator.core.model import DocumentRecord
from annotator.formats.base import ExportReport

ANNOTATION = "uima.tcas.Annotation"
DOCUMENT_ANNOTATION = "uima.tcas.DocumentAnnotation"
STRING = "uima.cas.String"
SPAN_TYPE = "webanno.custom.Span"
RELATION_TYPE = "webanno.custom.SpanRelation"
METADATA_TYPE = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
METADATA_FEATURES = ("documentTitle", "documentId", "documentUri", "collectionId", "documentBaseUri")
GOVERNOR, DEPENDENT = "Governor", "Dependent"

# Layers a tagger or INCEpTION adds around the analyst's work (tokens, sentences, POS, parses,
# tag sets, document metadata): they are not spans an analyst drew, so they are not imported.
_STRUCTURAL = (
    ".segmentation.type.",
    ".lexmorph.type.",
    ".syntax.type.",
    ".transform.type.",
    "org.dkpro.core.api.xml.type.",
    "DocumentMetaData",
    "TagsetDescription",
)
# Features that name the label of a span or relation, tried in this order (NamedEntity has `value`).
_LABEL_FEATURES = ("label", "value", "Label")
_SKIPPED_FEATURES = {"sofa", "begin", "end"}
# Our own features' descriptions carry the attribute name, which a UIMA feature name may not spell,
# as a JSON string: XML would drop surrounding blanks and turn a CR into LF.
ATTRIBUTE_PREFIX = "annotator attribute: "
# XML 1.0 cannot hold these; one replacement character keeps every offset (code point and UTF-16) in place.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Names that clash with UIMA's own features, Java getters or cassis's Python accessors (cassis
# builds a Python class per type, so a feature named `else` or `from` cannot even be created).
_RESERVED = {"begin", "end", "sofa", "type", "self", "address", "class", "label", "note", "governor", "dependent"}
_JAVA_KEYWORDS = """abstract assert boolean break byte case catch char const continue default do double else enum extends
final finally float for goto if implements import instanceof int interface long native new package private protected
public return short static strictfp super switch synchronized this throw throws transient try void volatile while
true false null""".split()
_KEYWORDS = set(keyword.kwlist) | set(_JAVA_KEYWORDS)


def role(ts: cassis.TypeSystem, type_: Any) -> str | None:
    """ "span", "relation", or None for types that are not imported (non-annotations, structure)."""
    if not ts.subsumes(ANNOTATION, type_) or ts.subsumes(DOCUMENT_ANNOTATION, type_):
        return None
    if any(part in type_.name for part in _STRUCTURAL):
        return None
    if type_.get_feature(GOVERNOR) is not None and type_.get_feature(DEPENDENT) is not None:
        return "relation"
    return "span"


def label_feature(type_: Any) -> Any:
    """The string feature holding the label of this type, or None (the label is then the type's short name)."""
    by_name = {f.name: f for f in type_.all_features if f.rangeType.name == STRING}
    return next((by_name[name] for name in _LABEL_FEATURES if name in by_name), None)


def label_of(fs: Any, type_: Any) -> str:
    feature = label_feature(type_)
    value = fs[feature.name] if feature is not None else None
    return value if isinstance(value, str) and value else type_.short_name


def attribute_name(feature: Any) -> str:
    """The attribute a feature stands for: our description's name, else the feature's UIMA name."""
    description = feature.description or ""
    if description.startswith(ATTRIBUTE_PREFIX):
        try:
            name = json.loads(description[len(ATTRIBUTE_PREFIX) :])
        except ValueError:
            name = None
        if isinstance(name, str):
            return name
    # cassis renames `type` and `self` to `type_` and `self_` for Python
    python_name: str = feature.name
    return python_name[:-1] if getattr(feature, "_has_reserved_name", False) else python_name


def other_features(type_: Any, own: bool) -> list[Any]:
    """Features that become attributes: all but begin/end/sofa, the label and relation ends (and our note)."""
    label = label_feature(type_)
    skipped = _SKIPPED_FEATURES | {GOVERNOR, DEPENDENT} | ({"note"} if own else set())
    return [f for f in type_.all_features if f.name not in skipped and f is not label]


def feature_value(ts: cassis.TypeSystem, feature: Any, value: Any) -> str | None:
    """A feature value as attribute text; None for references and lists, which attributes cannot hold."""
    if ts.is_primitive(feature.rangeType):
        if isinstance(value, bool):
            return "true" if value else "false"
        return str(value)
    if ts.is_primitive_array(feature.rangeType):  # INCEpTION's multi-value features
        return json.dumps(list(value.elements or []), ensure_ascii=False)
    return None


class ExportSchema:
    """The type system of an export: a span layer that gains one string feature per attribute name seen."""

    def __init__(self) -> None:
        self.features: dict[str, str] = {}  # attribute name -> UIMA feature name
        self._taken = {"label", "note"}
        self._ts: cassis.TypeSystem | None = None

    def feature_for(self, attribute: str) -> str:
        if attribute not in self.features:
            self.features[attribute] = self._new_name(attribute)
            self._ts = None  # cassis cannot add a feature to a type already used: rebuild
        return self.features[attribute]

    def _new_name(self, attribute: str) -> str:
        name = re.sub(r"[^A-Za-z0-9_]", "_", attribute)
        if not name[:1].isascii() or not name[:1].isalpha():
            name = "a_" + name
        if name.lower() in _RESERVED or name in _KEYWORDS:
            name += "_"
        unique, number = name, 2
        while unique.lower() in self._taken:  # INCEpTION tells features apart ignoring case
            unique, number = f"{name.rstrip('_')}_{number}", number + 1
        self._taken.add(unique.lower())
        return unique

    def typesystem(self) -> cassis.TypeSystem:
        """The type system holding every feature seen so far (so each XMI written stays valid for the last)."""
        if self._ts is None:
            self._ts = self._build()
        return self._ts

    def _build(self) -> cassis.TypeSystem:
        ts = cassis.TypeSystem()
        meta = ts.create_type(
            METADATA_TYPE, DOCUMENT_ANNOTATION, description="DKPro document metadata, as INCEpTION expects"
        )
        for name in METADATA_FEATURES:
            ts.create_feature(meta, name, STRING)
        ts.create_feature(meta, "isLastSegment", "uima.cas.Boolean")
        span = ts.create_type(
            SPAN_TYPE, ANNOTATION, description="Annotator span: label, note and one feature per attribute"
        )
        ts.create_feature(span, "label", STRING)
        ts.create_feature(span, "note", STRING)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for attribute, name in self.features.items():
                ts.create_feature(
                    span, name, STRING, description=ATTRIBUTE_PREFIX + json.dumps(attribute, ensure_ascii=False)
                )
        relation = ts.create_type(
            RELATION_TYPE, ANNOTATION, description="Annotator relation; begin/end copy the dependent's span"
        )
        ts.create_feature(relation, GOVERNOR, span)
        ts.create_feature(relation, DEPENDENT, span)
        ts.create_feature(relation, "label", STRING)
        return ts


# --- a CAS from a record


def document_xmi(doc: DocumentRecord, document_id: str, schema: ExportSchema, report: ExportReport) -> str:
    ident = doc.external_id or doc.title or document_id
    for key in doc.meta:
        report.lose("metadata fields", f"{ident}: {key}")
    clean = _Cleaner(ident, report)
    for ann in doc.annotations:
        for key in ann.attributes:
            schema.feature_for(clean(key))
    ts = schema.typesystem()
    span_type, relation_type = ts.get_type(SPAN_TYPE), ts.get_type(RELATION_TYPE)
    text = clean(doc.text or "")
    cas = cassis.Cas(typesystem=ts)
    cas.sofa_string = text
    cas.sofa_mime = "text"
    cas.add(
        ts.get_type(METADATA_TYPE)(
            begin=0,
            end=len(text),
            documentId=clean(document_id),
            documentTitle=clean(doc.title) if doc.title else None,
            language="x-unspecified",
            isLastSegment=False,
        )
    )
    by_id: dict[str, Any] = {}
    for ann in doc.annotations:
        if not 0 <= ann.start < ann.end <= len(text):
            report.lose("annotations with offsets outside the text", f"{ident}: {ann.label} {ann.start}-{ann.end}")
            continue
        features = {schema.features[clean(key)]: clean(value) for key, value in ann.attributes.items()}
        # cassis counts code points and writes UTF-16 units through the sofa's converter (checked by the tests)
        fs = span_type(
            begin=ann.start, end=ann.end, label=clean(ann.label), note=clean(ann.note or "") or None, **features
        )
        cas.add(fs)
        report.annotations += 1
        if ann.id is not None:
            by_id[ann.id] = fs
    for rel in doc.relations:
        governor, dependent = by_id.get(rel.source), by_id.get(rel.target)
        if governor is None or dependent is None:
            report.lose("relations to annotations not exported", f"{ident}: {rel.type} {rel.source} -> {rel.target}")
            continue
        cas.add(
            relation_type(
                begin=dependent.begin, end=dependent.end, Governor=governor, Dependent=dependent, label=clean(rel.type)
            )
        )
    xmi: str = cas.to_xmi(pretty_print=True)  # without a path cassis returns the document as a string
    return xmi


class _Cleaner:
    """Replaces characters XML 1.0 cannot hold with U+FFFD, reporting each document once."""

    def __init__(self, ident: str, report: ExportReport):
        self.ident, self.report, self.reported = ident, report, False

    def __call__(self, value: str) -> str:
        if not _NOT_XML.search(value):
            return value
        if not self.reported:
            self.reported = True
            self.report.lose("control characters XML cannot hold (written as U+FFFD)", self.ident)
        return _NOT_XML.sub("\ufffd", value)
