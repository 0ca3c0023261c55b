"""A guideline as rich text, for the palette's tooltips and the Guidelines panel."""

from __future__ import annotations

from html import escape

from annotator.core.guidelines import Guideline


def guideline_html(guideline: Guideline, title: str = "") -> str:
    parts = [f"<h3>{escape(title)}</h3>"] if title else []
    if guideline.definition:
        parts.append(f"<p>{escape(guideline.definition)}</p>")
    for heading, items in (("Include", guideline.include), ("Exclude", guideline.exclude)):
        if items:
            parts.append(f"<p><b>{heading}</b></p><ul>" + "".join(f"<li>{escape(i)}</li>" for i in items) + "</ul>")
    if guideline.examples:
        quoted = "".join(f"<li><i>{escape(e)}</i></li>" for e in guideline.examples)
        parts.append(f"<p><b>Examples</b></p><ul>{quoted}</ul>")
    return "".join(parts)
