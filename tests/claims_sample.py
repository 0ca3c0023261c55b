"""The sample article tagged as a reviewer would, with relations: builds tests/data/claims_sample.jsonl.

Offsets are found in the article's text by `str.index`, so the file can be checked against the seed.
Run `python -m tests.claims_sample` to write the file again.
"""

from __future__ import annotations

import json
from pathlib import Path

from annotator import formats
from annotator.core.shipped import seeds_folder

SEED = seeds_folder() / "000_846610f6cf9f79d3.txt"
FILE = Path(__file__).parent / "data" / "claims_sample.jsonl"
ANALYST = "olena"

PROVIDER = "a group of NATO member countries"
GUARANTEE = "the deployment of their troops in Ukraine"
RECIPIENT = "Ukraine"
CONDITION = (
    "if the Alliance countries, including the United States, do not provide significant security "
    "guarantees to Kiev at the summit in Vilnius"
)
SPEAKER = "The former head of NATO"
QUOTE = (
    "a group of NATO member countries may turn to the deployment of their troops in Ukraine if the Alliance "
    "countries, including the United States, do not provide significant security guarantees to Kiev at the "
    "summit in Vilnius"
)
FIRST_GUARANTEE = "sending troops to Ukraine"  # first paragraph: a second, unlinked guarantee
MEMBERSHIP = "Ukraine's membership in NATO"  # inside no quote, no links


def sample_document() -> dict:
    """The tagged sample article as one native JSONL document."""
    record = next(formats.get("txt").read(SEED))
    text = record.text or ""
    annotations: list[dict] = []

    def tag(label: str, words: str, after: str = "", **attributes: str) -> str:
        start = text.index(words, text.index(after) if after else 0)
        ident = f"a{len(annotations) + 1}"
        annotations.append(
            {
                "id": ident,
                "analyst": ANALYST,
                "label": label,
                "start": start,
                "end": start + len(words),
                "text": words,
                "attributes": attributes,
                "note": "",
            }
        )
        return ident

    speaker = tag("actor", SPEAKER, kind="person")
    quote = tag("quote", QUOTE, mode="reported")
    provider = tag("actor", PROVIDER, kind="group")
    guarantee = tag("guarantee_type", GUARANTEE, type="troop_deployment")
    recipient = tag("actor", RECIPIENT, after=GUARANTEE, kind="state")
    condition = tag("condition", CONDITION)
    tag("guarantee_type", FIRST_GUARANTEE, type="troop_deployment")
    tag("guarantee_type", MEMBERSHIP, type="membership")
    links = [
        ("speaker", quote, speaker),
        ("provider", guarantee, provider),
        ("recipient", guarantee, recipient),
        ("condition_of", condition, guarantee),
    ]
    relations = [
        {"id": f"r{n}", "analyst": ANALYST, "type": kind, "from": source, "to": target}
        for n, (kind, source, target) in enumerate(links, 1)
    ]
    return {
        "id": record.external_id,
        "title": record.title,
        "text": text,
        "meta": record.meta,
        "annotations": annotations,
        "relations": relations,
    }


def sample_jsonl() -> str:
    return json.dumps(sample_document(), ensure_ascii=False) + "\n"


if __name__ == "__main__":
    FILE.write_text(sample_jsonl(), encoding="utf-8")
