"""The agreement report rendered for people and programs: a terminal table, CSV and a self-contained HTML page."""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

from annotator.core.agreement import AgreementReport
from annotator.formats.csv_cells import SafeWriter
from annotator.formats.output import atomic_output
from annotator.services.outputs import check_output

COLUMNS = (
    ("count_a", "A"),
    ("count_b", "B"),
    ("matches_exact", "exact"),
    ("f1_exact", "F1 exact"),
    ("f1_overlap", "F1 overlap"),
    ("kappa_char", "κ chars"),
    ("alpha_u", "α_u"),
)
BARS = (
    ("f1_exact", "F1 exact", "#0072B2"),
    ("f1_overlap", "F1 overlap", "#56B4E9"),
    ("kappa_char", "κ chars", "#E69F00"),
    ("alpha_u", "α_u", "#009E73"),
)


RELATION_COLUMNS = (
    ("count_a", "A"),
    ("count_b", "B"),
    ("matches_exact", "exact"),
    ("matches_lenient", "lenient"),
    ("f1_exact", "F1 exact"),
    ("f1_lenient", "F1 lenient"),
)
RELATION_KEYS = (
    "count_a",
    "count_b",
    "matches_exact",
    "matches_lenient",
    "f1_exact",
    "f1_lenient",
    "precision_exact",
    "recall_exact",
    "precision_lenient",
    "recall_lenient",
)


def relation_rows(report: AgreementReport) -> list[tuple[str, dict]]:
    """(relation type, statistics) per type, then ("overall", ...)."""
    rows = [(kind, scores.to_dict()) for kind, scores in report.relations.items()]
    rows.append(("overall", report.relations_overall.to_dict()))
    return rows


def _documents(report: AgreementReport) -> str:
    count = len(report.documents)
    return f"{count} document{'' if count == 1 else 's'}"


def shown(value) -> str:
    """A statistic as printed: three decimals, or "n/a" where it is undefined."""
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _rows(report: AgreementReport, names: Mapping[str, str]) -> list[tuple[str, dict]]:
    rows = [(names.get(label, label), scores.to_dict()) for label, scores in report.labels.items()]
    rows.append(("overall", report.overall.to_dict()))
    return rows


def to_text(report: AgreementReport, a: str, b: str, names: Mapping[str, str] | None = None) -> str:
    """A plain table for the terminal."""
    rows = _rows(report, names or {})
    width = max(len("label"), *(len(label) for label, _ in rows))
    lines = [f"Agreement of A = {a} and B = {b} over {_documents(report)}", ""]
    header = "label".ljust(width) + "".join(title.rjust(11) for _, title in COLUMNS)
    lines += [header, "-" * len(header)]
    for label, values in rows:
        lines.append(label.ljust(width) + "".join(shown(values[key]).rjust(11) for key, _ in COLUMNS))
    relations = relation_rows(report)
    rwidth = max(len("relation"), *(len(kind) for kind, _ in relations))
    lines += ["", "Relations (exact: both ends equal; lenient: both ends overlap; the type equal in both):"]
    header = "relation".ljust(rwidth) + "".join(title.rjust(11) for _, title in RELATION_COLUMNS)
    lines += [header, "-" * len(header)]
    for kind, values in relations:
        lines.append(kind.ljust(rwidth) + "".join(shown(values[key]).rjust(11) for key, _ in RELATION_COLUMNS))
    if report.confusion:
        lines += ["", "Overlapping spans with different labels (A label → B label):"]
        lines += [f"  {c.label_a} → {c.label_b}: {c.count}" for c in report.confusion]
    if report.attributes:
        lines += ["", "Attributes on matched spans:"]
        lines += [
            f"  {x.label}.{x.attribute} ({x.basis}): {x.agreeing}/{x.pairs} agree, κ {shown(x.kappa)}"
            for x in report.attributes
        ]
    return "\n".join(lines)


def to_csv(
    report: AgreementReport, out: Path, external_ids: Mapping[int, str] | None = None, *, project: str | None = None
) -> None:
    """Per-label rows, then the per-document table, for a spreadsheet (never over `project`, the project's location)."""
    check_output(out, project)
    with atomic_output(Path(out)) as handle:
        writer = SafeWriter(handle)  # label names and document ids starting "=" are never run as formulas
        keys = [
            "count_a",
            "count_b",
            "matches_exact",
            "matches_overlap",
            "f1_exact",
            "f1_overlap",
            "precision_exact",
            "recall_exact",
            "kappa_char",
            "alpha_u",
        ]
        writer.writerow(["scope", "label", *keys])
        for label, values in _rows(report, {}):
            writer.writerow(
                [
                    "label" if label != "overall" else "overall",
                    label,
                    *("" if values[k] is None else values[k] for k in keys),
                ]
            )
        writer.writerow([])
        writer.writerow(["scope", "relation", *RELATION_KEYS])
        for kind, values in relation_rows(report):
            writer.writerow(
                [
                    "relation" if kind != "overall" else "relations_overall",
                    kind,
                    *("" if values[k] is None else values[k] for k in RELATION_KEYS),
                ]
            )
        writer.writerow([])
        writer.writerow(
            [
                "scope",
                "document_id",
                "length",
                "count_a",
                "count_b",
                "matches_exact",
                "matches_overlap",
                "f1_exact",
                "f1_overlap",
            ]
        )
        for d in report.documents:
            name = d.document_id if d.document_id is None else (external_ids or {}).get(d.document_id, d.document_id)
            writer.writerow(
                [
                    "document",
                    name,
                    d.length,
                    d.count_a,
                    d.count_b,
                    d.matches_exact,
                    d.matches_overlap,
                    "" if d.f1_exact is None else d.f1_exact,
                    "" if d.f1_overlap is None else d.f1_overlap,
                ]
            )


def _bars(values: dict) -> str:
    """A small inline SVG bar chart of the four statistics of one label (undefined ones marked)."""
    parts = ['<svg width="260" height="72" role="img" xmlns="http://www.w3.org/2000/svg">']
    for i, (key, title, colour) in enumerate(BARS):
        y = 4 + i * 17
        value = values[key]
        parts.append(f'<text x="0" y="{y + 11}" font-size="11">{html.escape(title)}</text>')
        if value is None:
            parts.append(f'<text x="80" y="{y + 11}" font-size="11" fill="#777">undefined</text>')
            continue
        width = max(0.0, min(1.0, value)) * 140
        parts.append(f'<rect x="80" y="{y}" width="{width:.1f}" height="12" fill="{colour}"/>')
        parts.append(f'<text x="{84 + width:.1f}" y="{y + 11}" font-size="11">{value:.3f}</text>')
    parts.append("</svg>")
    return "".join(parts)


def to_html(
    report: AgreementReport,
    a: str,
    b: str,
    out: Path,
    names: Mapping[str, str] | None = None,
    external_ids: Mapping[int, str] | None = None,
    *,
    project: str | None = None,
) -> None:
    """A self-contained page (no scripts, no external files) with a bar chart per label (never over `project`)."""
    check_output(out, project)
    esc = html.escape
    rows = _rows(report, names or {})
    body = [
        f"<h1>Agreement of {esc(a)} (A) and {esc(b)} (B)</h1>",
        f"<p>{_documents(report).capitalize()}. Exact F1 counts same label, start and end; overlap F1 same label and "
        "overlapping (one-to-one, greatest overlap first); κ is Cohen's kappa over characters; α_u is Krippendorff's "
        "unitized alpha. “n/a” marks a statistic that is undefined for these data.</p>",
        "<table><tr><th>label</th>" + "".join(f"<th>{esc(t)}</th>" for _, t in COLUMNS) + "<th>chart</th></tr>",
    ]
    for label, values in rows:
        cells = "".join(f"<td>{esc(shown(values[k]))}</td>" for k, _ in COLUMNS)
        body.append(f"<tr><th>{esc(label)}</th>{cells}<td>{_bars(values)}</td></tr>")
    body.append("</table>")
    body.append(
        "<h2>Relations</h2><p>Exact: the same type and both ends with the same label, start and end. Lenient: the same "
        "type and each end overlapping the other's end of the same label. One-to-one, exact matches first.</p>"
        "<table><tr><th>relation</th>" + "".join(f"<th>{esc(t)}</th>" for _, t in RELATION_COLUMNS) + "</tr>"
    )
    for kind, values in relation_rows(report):
        cells = "".join(f"<td>{esc(shown(values[k]))}</td>" for k, _ in RELATION_COLUMNS)
        body.append(f"<tr><th>{esc(kind)}</th>{cells}</tr>")
    body.append("</table>")
    if report.confusion:
        body.append("<h2>Different labels on overlapping spans</h2><table><tr><th>A</th><th>B</th><th>count</th></tr>")
        body += [
            f"<tr><td>{esc(c.label_a)}</td><td>{esc(c.label_b)}</td><td>{c.count}</td></tr>" for c in report.confusion
        ]
        body.append("</table>")
    if report.attributes:
        body.append(
            "<h2>Attributes on matched spans</h2><table><tr><th>attribute</th><th>basis</th><th>pairs</th><th>agree</th><th>κ</th></tr>"
        )
        body += [
            f"<tr><td>{esc(x.label)}.{esc(x.attribute)}</td><td>{esc(x.basis)}</td><td>{x.pairs}</td><td>{esc(shown(x.agreement))}</td><td>{esc(shown(x.kappa))}</td></tr>"
            for x in report.attributes
        ]
        body.append("</table>")
    body.append(
        "<h2>Documents</h2><table><tr><th>document</th><th>A</th><th>B</th><th>F1 exact</th><th>F1 overlap</th></tr>"
    )
    for d in report.documents:
        name = (
            str(d.document_id) if d.document_id is None else (external_ids or {}).get(d.document_id, str(d.document_id))
        )
        body.append(
            f"<tr><td>{esc(str(name))}</td><td>{d.count_a}</td><td>{d.count_b}</td><td>{esc(shown(d.f1_exact))}</td><td>{esc(shown(d.f1_overlap))}</td></tr>"
        )
    body.append("</table>")
    style = (
        "body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}"
        "td,th{border:1px solid #ccc;padding:3px 8px;text-align:right;vertical-align:middle}th{background:#f4f4f4}"
    )
    page = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Agreement report</title><style>{style}</style></head><body>{"".join(body)}</body></html>'
    with atomic_output(Path(out)) as handle:
        handle.write(page)
