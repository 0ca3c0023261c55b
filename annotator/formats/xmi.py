"""UIMA CAS XMI (INCEpTION, WebAnno, DKPro) through dkpro-cassis: spans, relations, UTF-16 offsets, a type system."""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import cassis
from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeElementTree
from lxml import etree

from annotator.core.errors import BadInput, Problem
from annotator.core.model import AnnotationRecord, DocumentRecord, RelationRecord
from annotator.core.offsets import Utf16Map
from annotator.formats import xmi_types as uima
from annotator.formats._text import read_bytes, safe_filename
from annotator.formats.base import ExportReport, Format
from annotator.formats.output import atomic_output, output_folder

_NS_XMI = "http://www.omg.org/XMI"
_XMI_ID = f"{{{_NS_XMI}}}id"
_NS_CAS = "http:///uima/cas.ecore"
_CAS_SKIPPED = {"NULL", "Sofa", "View"}
_INITIAL_VIEW = "_InitialView"
_REFUSED = "XML with a DTD or entities is refused"
_INTEGER = re.compile(r"[+-]?\d+")
_TYPESYSTEM_ROOT = re.compile(rb"<(?:[\w.-]+:)?typeSystemDescription[\s>/]")
_XML_PROLOG = re.compile(rb"<\?.*?\?>|<!--.*?-->|\s+", re.S)


@dataclass(slots=True)
class _Element:
    """What the raw XML says about one feature structure: cassis keeps neither lines nor UTF-16 offsets."""

    type_name: str
    line: int | None
    begin: int = 0  # UTF-16 units, as written; UIMA's default is 0
    end: int = 0


class XmiFormat:
    name = "xmi"
    description = "UIMA CAS XMI as INCEpTION, WebAnno and DKPro write it (one .xmi per document plus TypeSystem.xml)"
    extensions: tuple[str, ...] = (".xmi",)
    writes_folder = True
    one_set = True

    def __init__(self) -> None:
        self._typesystems: dict[tuple[str, int, int], cassis.TypeSystem] = {}

    def accepts(self, path: Path) -> bool:
        return Path(path).suffix.lower() == ".xmi"

    def companions(self, path: Path) -> list[Path]:
        found = _find_typesystem(Path(path))
        return [found] if found is not None else []

    # --- reading

    def read(self, path: Path, *, encoding: str | None = None) -> Iterator[DocumentRecord]:
        """The one document of an XMI file. `encoding` is ignored: XML declares its own."""
        path = Path(path)
        ts_path = _find_typesystem(path)
        if ts_path is None:
            raise BadInput.at(
                path, None, f"no TypeSystem.xml beside {path.name} (an XMI cannot be read without its type system)"
            )
        data = _safe_bytes(path)
        ts = self._typesystem(ts_path)
        elements = _elements(path, data, ts, ts_path)
        cas = _load_cas(path, data, ts)
        return iter([_document(path, cas, ts, elements)])

    def _typesystem(self, path: Path) -> cassis.TypeSystem:
        """The type system of `path`, loaded once per version of the file (a folder of XMIs shares one)."""
        stat = path.stat()
        key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
        if key not in self._typesystems:
            data = _safe_bytes(path)
            root = etree.QName(_parse(path, data)).localname
            if root != "typeSystemDescription":
                raise BadInput.at(path, None, f"not a UIMA type system (root element is {root!r})")
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    ts = cassis.load_typesystem(BytesIO(data))
            except Exception as exc:  # cassis raises what its parser meets; the user needs one line
                raise BadInput.at(path, None, f"not a valid UIMA type system: {_short(exc)}") from None
            if len(self._typesystems) >= 8:
                self._typesystems.clear()
            self._typesystems[key] = ts
        return self._typesystems[key]

    # --- writing

    def write(self, documents: Iterable[DocumentRecord], out: Path) -> ExportReport:
        out = output_folder(Path(out))
        report, schema = ExportReport(), uima.ExportSchema()
        taken: set[str] = set()  # file names given so far
        for doc in documents:
            ident = doc.external_id or doc.title or "document"
            if doc.text is None:
                report.lose("documents without text", ident)
                continue
            stem = safe_filename(ident, taken)
            xmi = uima.document_xmi(doc, doc.external_id or stem, schema, report)
            target = out / f"{stem}.xmi"
            with atomic_output(target) as handle:
                handle.write(xmi)
            report.documents += 1
            report.files.append(target)
        # Written last: it declares every attribute feature any document used.
        target = out / "TypeSystem.xml"
        with atomic_output(target) as handle:
            handle.write(schema.typesystem().to_xml())
        report.files.append(target)
        return report


# --- finding and checking the files


def _find_typesystem(path: Path) -> Path | None:
    """`<stem>-typesystem.xml`, `TypeSystem.xml`, else the one other .xml whose root is a type system."""
    folder, stem = path.parent, path.stem
    for name in (f"{stem}-typesystem.xml", f"{stem}-TypeSystem.xml", "TypeSystem.xml", "typesystem.xml"):
        if (folder / name).is_file():
            return folder / name
    try:
        candidates = sorted(p for p in folder.glob("*.xml") if p.is_file())
    except OSError:
        return None
    suffix = "-typesystem.xml"
    for candidate in candidates:
        owner = candidate.name[: -len(suffix)]
        if candidate.name.lower().endswith(suffix) and owner != stem and (folder / f"{owner}.xmi").is_file():
            continue  # another XMI's own type system
        if _looks_like_typesystem(candidate):
            return candidate
    return None


def _looks_like_typesystem(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(8192).removeprefix(b"\xef\xbb\xbf")  # a UTF-8 byte order mark
    except OSError:
        return False
    while (prolog := _XML_PROLOG.match(head)) is not None:  # skip the declaration, comments, blanks
        head = head[prolog.end() :]
    return _TYPESYSTEM_ROOT.match(head) is not None


def _safe_bytes(path: Path) -> bytes:
    """The file's bytes, after defusedxml has checked that they hold no DTD or entity (XXE, billion laughs)."""
    data = read_bytes(path)  # a regular file of a bounded size
    try:
        SafeElementTree.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        where = data.find(b"<!DOCTYPE")  # entities exist only inside a DOCTYPE
        raise BadInput.at(path, data[:where].count(b"\n") + 1 if where >= 0 else None, _REFUSED) from None
    except (LookupError, ValueError) as exc:  # an encoding Python does not know, or expat cannot read (UTF-7)
        raise BadInput.at(path, 1, f"XML error: {str(exc).lower()}") from None
    except SafeElementTree.ParseError as exc:
        line, column = getattr(exc, "position", None) or (None, 0)
        reason = str(exc).rsplit(": line ", 1)[0]
        raise BadInput.at(path, line, f"XML error at column {column + 1}: {reason}") from None
    return data


def _parse(path: Path, data: bytes) -> Any:
    """An lxml tree with line numbers; entities are neither resolved nor loaded (defusedxml checked first)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:  # limits expat does not have: nesting depth, huge text nodes
        reason = re.sub(r", line \d+, column \d+$", "", exc.msg)
        raise BadInput.at(path, exc.lineno, f"XML error: {reason}") from None


def _elements(path: Path, data: bytes, ts: cassis.TypeSystem, ts_path: Path) -> dict[int, _Element]:
    """Every feature structure's type, line and raw offsets by xmi:id; problems cassis would crash on."""
    root = _parse(path, data)
    if etree.QName(root).namespace != _NS_XMI:
        raise BadInput.at(
            path, root.sourceline, f"not a UIMA XMI file (root element is {etree.QName(root).localname!r})"
        )
    problems: list[Problem] = []
    unknown: set[str] = set()
    found: dict[int, _Element] = {}
    has_sofa = False
    for elem in root:
        if not isinstance(elem.tag, str):
            continue  # comments and processing instructions
        qname = etree.QName(elem)
        if qname.namespace == _NS_XMI or (qname.namespace == _NS_CAS and qname.localname in _CAS_SKIPPED):
            has_sofa = has_sofa or qname.localname == "Sofa"
            continue
        type_name = _type_name(qname)
        if not (qname.namespace or "http:///").startswith("http:///"):
            problems.append(Problem(str(path), elem.sourceline, f"element {elem.tag} is not a UIMA feature structure"))
            continue
        if not ts.contains_type(type_name):
            if type_name not in unknown:
                unknown.add(type_name)
                problems.append(
                    Problem(str(path), elem.sourceline, f"type {type_name} is not declared in {ts_path.name}")
                )
            continue
        xmi_id = elem.get(_XMI_ID, "")
        if not _INTEGER.fullmatch(xmi_id):
            problems.append(Problem(str(path), elem.sourceline, f"{qname.localname} has no integer xmi:id"))
            continue
        element = found[int(xmi_id)] = _Element(type_name, elem.sourceline)
        if ts.subsumes(uima.ANNOTATION, type_name):
            for key in ("begin", "end"):
                value = elem.get(key, "0")
                if _INTEGER.fullmatch(value.strip()):
                    setattr(element, key, int(value))
                else:
                    problems.append(
                        Problem(str(path), elem.sourceline, f"xmi:id {xmi_id}: {key} is not an integer: {value!r}")
                    )
    if not has_sofa:
        problems.append(Problem(str(path), None, "no cas:Sofa element: the file holds no document text"))
    if problems:
        raise BadInput(problems)
    return found


def _type_name(qname: Any) -> str:
    """`http:///de/x/type.ecore` + `NamedEntity` -> `de.x.type.NamedEntity`, as UIMA maps them."""
    package = (qname.namespace or "").removeprefix("http:///").removesuffix(".ecore").replace("/", ".")
    name = f"{package}.{qname.localname}" if package else qname.localname
    return name.removeprefix("uima.noNamespace.")


def _load_cas(path: Path, data: bytes, ts: cassis.TypeSystem) -> cassis.Cas:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # cassis warns about offsets it cannot map; we map them ourselves
            return cassis.load_cas_from_xmi(BytesIO(data), typesystem=ts)
    except Exception as exc:  # dangling references, bad values...: cassis raises whatever it meets
        raise BadInput.at(path, None, f"not a valid UIMA CAS: {_short(exc)}") from None


def _short(exc: Exception) -> str:
    text = (str(exc).strip().splitlines() or [""])[0]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


# --- records from a CAS


def _document(path: Path, cas: cassis.Cas, ts: cassis.TypeSystem, elements: dict[int, _Element]) -> DocumentRecord:
    view = cas.get_view(_INITIAL_VIEW)
    text = view.sofa_string
    if text is None:
        raise BadInput.at(path, None, "the default view has no sofaString: the file holds no document text")
    record = DocumentRecord(text=text, path=str(path))
    structures = list(_indexed(view))
    _metadata(record, structures, ts, path)
    reader = _Reader(path, ts, Utf16Map(text), elements, record)
    relations = []
    for fs in structures:
        kind = reader.role(fs.type)
        if kind == "span":
            reader.span(fs)
        elif kind == "relation":
            relations.append(fs)
    if reader.problems:
        raise BadInput(sorted(reader.problems, key=lambda p: p.line or 0))
    for fs in relations:  # after the spans, so both ends are known
        reader.relation(fs)
    record.annotations.sort(key=lambda a: (a.start, a.end, a.line or 0))
    for other in cas.views:
        if other.sofa.sofaID != _INITIAL_VIEW and _indexed(cas.get_view(other.sofa.sofaID)):
            record.warnings.append(f"{path}: view {other.sofa.sofaID!r} is not imported (only the default view is)")
    return record


def _indexed(view: Any) -> list[Any]:
    select = getattr(view, "select_all_fs", None) or view.select_all  # renamed in cassis 0.10
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return list(select())


def _metadata(record: DocumentRecord, structures: list[Any], ts: cassis.TypeSystem, path: Path) -> None:
    """external id and title from DKPro's DocumentMetaData, else the file name."""
    meta = None
    if ts.contains_type(uima.METADATA_TYPE):
        meta = next((fs for fs in structures if ts.subsumes(uima.METADATA_TYPE, fs.type)), None)
    document_id = getattr(meta, "documentId", None)
    title = getattr(meta, "documentTitle", None)
    record.external_id = document_id or title or path.stem
    record.title = title or None


class _Reader:
    """Turns the spans and relations of one CAS into records, collecting warnings."""

    def __init__(
        self,
        path: Path,
        ts: cassis.TypeSystem,
        offsets: Utf16Map,
        elements: dict[int, _Element],
        record: DocumentRecord,
    ):
        self.path, self.ts, self.offsets, self.elements, self.record = path, ts, offsets, elements, record
        self.spans: set[int] = set()
        self.problems: list[Problem] = []  # refused spans: the whole file is refused with them
        self._roles: dict[str, str | None] = {}
        self._warned: set[tuple[str, str]] = set()

    def role(self, type_: Any) -> str | None:
        if type_.name not in self._roles:
            self._roles[type_.name] = uima.role(self.ts, type_)
        return self._roles[type_.name]

    def where(self, fs: Any) -> str:
        element = self.elements.get(fs.xmiID)
        line = element.line if element is not None else None
        return f"{self.path}:{line}" if line is not None else str(self.path)

    def span(self, fs: Any) -> None:
        element = self.elements.get(fs.xmiID)
        if element is None:  # cassis made it up; nothing in the file to point at
            return
        if element.begin == element.end:
            self.record.warnings.append(
                f"{self.where(fs)}: zero-length {fs.type.short_name} (xmi:id {fs.xmiID}) skipped"
            )
            return
        # The file's UTF-16 offsets, converted here; cassis's own conversion leaves bad offsets unconverted.
        # An offset between the halves of an emoji is refused, not guessed (doccano's importer does the same).
        split = [
            (key, value)
            for key, value in (("begin", element.begin), ("end", element.end))
            if self.offsets.splits_character(value)
        ]
        for key, value in split:
            message = (
                f"{fs.type.short_name} (xmi:id {fs.xmiID}): {key} {value} splits a character (UTF-16 surrogate pair)"
            )
            self.problems.append(Problem(str(self.path), element.line, message))
        if split:
            return
        start = self.offsets.to_code_point(element.begin)
        end = self.offsets.to_code_point(element.end)
        own = fs.type.name == uima.SPAN_TYPE
        note = fs["note"] if own and fs.type.get_feature("note") is not None else None
        self.record.annotations.append(
            AnnotationRecord(
                label=uima.label_of(fs, fs.type),
                start=start,
                end=end,
                id=str(fs.xmiID),
                attributes=self.attributes(fs, own),
                note=note or "",
                line=element.line,
            )
        )
        self.spans.add(fs.xmiID)

    def attributes(self, fs: Any, own: bool) -> dict[str, str]:
        result: dict[str, str] = {}
        for feature in uima.other_features(fs.type, own):
            value = fs[feature.name]
            if value is None or (value == "" and not own):  # our own layer keeps "" as written
                continue
            text = uima.feature_value(self.ts, feature, value)
            if text is None:
                self.warn_once(
                    fs, feature.name, f"feature {feature.name} of {fs.type.short_name} is a reference, not imported"
                )
                continue
            result[uima.attribute_name(feature)] = text
        return result

    def relation(self, fs: Any) -> None:
        governor, dependent = fs[uima.GOVERNOR], fs[uima.DEPENDENT]
        if (
            governor is None
            or dependent is None
            or governor.xmiID not in self.spans
            or dependent.xmiID not in self.spans
        ):
            message = (
                f"{fs.type.short_name} (xmi:id {fs.xmiID}) skipped: its Governor or Dependent is not an imported span"
            )
            self.record.warnings.append(f"{self.where(fs)}: {message}")
            return
        for feature in uima.other_features(fs.type, own=False):
            if fs[feature.name] not in (None, ""):
                self.warn_once(
                    fs, feature.name, f"feature {feature.name} of relation {fs.type.short_name} not imported"
                )
        element = self.elements.get(fs.xmiID)
        self.record.relations.append(
            RelationRecord(
                type=uima.label_of(fs, fs.type),
                source=str(governor.xmiID),
                target=str(dependent.xmiID),
                id=str(fs.xmiID),
                line=element.line if element is not None else None,
            )
        )

    def warn_once(self, fs: Any, feature: str, message: str) -> None:
        if (fs.type.name, feature) not in self._warned:
            self._warned.add((fs.type.name, feature))
            self.record.warnings.append(f"{self.where(fs)}: {message}")


FORMAT: Format = XmiFormat()
