"""Deterministic corpora for the benchmarks, in Annotator's native JSONL (DESIGN.md §4).

Everything comes from `random.Random(seed)`, so two runs build byte-identical files and
timings compare like with like. Texts are made of words (a few non-ASCII, rarely an emoji
outside the BMP, so the UTF-16 mapping has work to do), sentences and paragraphs
separated by blank lines, like the articles analysts read.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

WORDS = (
    "the of and to in a that said is for on with as was by it at from be has have will are not security "
    "guarantees Ukraine NATO Kyiv Poland membership alliance minister president defence support weapons "
    "ammunition summit Vilnius agreement partners would could if unless after before while government "
    "officials troops training intelligence sharing bilateral collective Article five allies border "
    "Rasmussen Zelensky Biden Scholz Macron Duda Stoltenberg Europe European Union Russia Moscow war "
    "long-term commitment financial military aid package air systems tanks artillery production "
    "Київ Україна Zelenskyy Łódź Gdańsk München Brüssel naïve café résumé"
).split()
EMOJI = "\U0001f1fa\U0001f1e6"  # a flag: two code points outside the BMP
LABELS = ("quote", "condition", "actor", "guarantee_type")
ATTRIBUTES = {
    "quote": ("mode", ("direct", "reported")),
    "actor": ("kind", ("person", "state", "organisation", "group")),
    "guarantee_type": ("type", ("membership", "collective_defence", "weapons_supply", "intelligence_sharing", "other")),
}
ANALYST = "olena"


def make_text(rng: random.Random, length: int) -> str:
    """About `length` code points of article-like text, cut at a word boundary, ending with a full stop."""
    paragraphs: list[str] = []
    size = 0
    while size < length:
        sentences = []
        for _ in range(rng.randint(2, 7)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(6, 24))]
            if rng.random() < 0.01:
                words.insert(rng.randrange(len(words)), EMOJI)
            sentence = " ".join(words)
            sentences.append(sentence[0].upper() + sentence[1:] + ".")
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    text = "\n\n".join(paragraphs)
    if len(text) > length:
        cut = text.rfind(" ", 0, length)
        text = text[: cut if cut > 0 else length].rstrip(" \n") + "."
    return text


def word_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of every word of `text` (split on spaces and newlines)."""
    spans, start = [], None
    for i, ch in enumerate(text):
        if ch in " \n":
            if start is not None:
                spans.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        spans.append((start, len(text)))
    return spans


def make_annotations(
    rng: random.Random, text: str, count: int, analyst: str = ANALYST, prefix: str = "a"
) -> list[dict]:
    """`count` word-aligned spans of 1–8 words spread over the text; some overlap or nest (lanes)."""
    words = word_spans(text)
    result = []
    taken: set[tuple[str, int, int]] = set()  # Annotator stores a span once per analyst and label
    for n in range(count):
        while True:
            # spread evenly, with jitter, so every page of a long document has some
            centre = min(len(words) - 1, int((n + rng.random()) * len(words) / count))
            first = max(0, min(len(words) - 1, centre + rng.randint(-2, 2)))
            last = min(len(words) - 1, first + rng.randint(0, 7))
            start, end = words[first][0], words[last][1]
            label = rng.choice(LABELS)
            if (label, start, end) not in taken:
                taken.add((label, start, end))
                break
        attributes = {}
        if label in ATTRIBUTES and rng.random() < 0.8:
            key, values = ATTRIBUTES[label]
            attributes[key] = rng.choice(values)
        result.append(
            {
                "id": f"{prefix}{n}",
                "analyst": analyst,
                "label": label,
                "start": start,
                "end": end,
                "text": text[start:end],
                "attributes": attributes,
                "note": "check the source" if rng.random() < 0.05 else "",
            }
        )
    return result


def make_relations(rng: random.Random, annotations: list[dict], count: int, analyst: str = ANALYST) -> list[dict]:
    quotes = [a["id"] for a in annotations if a["label"] == "quote"]
    actors = [a["id"] for a in annotations if a["label"] == "actor"]
    if not quotes or not actors:
        return []
    pairs = list(
        dict.fromkeys((rng.choice(quotes), rng.choice(actors)) for _ in range(count))
    )  # no duplicate relations
    return [
        {"id": f"r{n}", "analyst": analyst, "type": "speaker", "from": q, "to": a} for n, (q, a) in enumerate(pairs)
    ]


def document(rng: random.Random, number: int, length: int, spans: int, relations: int = 0, prefix: str = "doc") -> dict:
    text = make_text(rng, length)
    annotations = make_annotations(rng, text, spans)
    return {
        "id": f"{prefix}-{number:06d}",
        "title": f"Article {number}: " + " ".join(rng.choice(WORDS) for _ in range(6)),
        "text": text,
        "meta": {
            "date": f"2023-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "location": rng.choice(("Kyiv, Ukraine", "Vilnius, Lithuania", "Brussels, Belgium", "Warsaw, Poland")),
            "source": rng.choice(("Reuters", "AP", "Kyiv Independent", "Ukrinform")),
            "url": f"https://news.example.invalid/{number}",
        },
        "annotations": annotations,
        "relations": make_relations(rng, annotations, relations),
    }


def corpus(
    seed: int, documents: int, spans_per_document: int, mean_length: int, relations_per_document: int = 0
) -> Iterator[dict]:
    """`documents` articles of about `mean_length` characters (±50 %) with `spans_per_document` spans each."""
    rng = random.Random(seed)
    for number in range(documents):
        length = int(mean_length * (0.5 + rng.random()))
        yield document(rng, number, length, spans_per_document, relations_per_document)


def agreement_corpus(seed: int, documents: int, spans: int, length: int = 2000) -> Iterator[dict]:
    """Two analysts per document: B agrees exactly with most of A, shifts some boundaries, relabels some, adds some."""
    rng = random.Random(seed)
    for number in range(documents):
        text = make_text(rng, length)
        a = make_annotations(rng, text, spans, analyst="olena", prefix="a")
        words = word_spans(text)
        b, taken = [], set()
        for n, x in enumerate(a):
            y = dict(x, id=f"b{n}", analyst="taras", attributes=dict(x["attributes"]))
            roll = rng.random()
            if roll < 0.15:  # boundary: one word more or less at the end
                ends = [e for s, e in words if e > y["start"]]
                y["end"] = ends[min(len(ends) - 1, rng.randint(0, 2))]
            elif roll < 0.25:
                y["label"] = rng.choice([label for label in LABELS if label != x["label"]])
                y["attributes"] = {}
            elif roll < 0.32:  # B found something else instead
                s = rng.randrange(len(words))
                y["start"], y["end"] = words[s][0], words[min(len(words) - 1, s + rng.randint(0, 4))][1]
            elif roll < 0.40 and y["attributes"]:
                key, values = ATTRIBUTES[y["label"]]
                y["attributes"][key] = rng.choice(values)
            y["text"] = text[y["start"] : y["end"]]
            if (y["label"], y["start"], y["end"]) not in taken:  # a set holds a span once per label
                taken.add((y["label"], y["start"], y["end"]))
                b.append(y)
        yield {"id": f"iaa-{number:05d}", "title": f"IAA article {number}", "text": text, "annotations": a + b}


def write_jsonl(path: Path, documents) -> Path:
    """Write `documents` (dicts) as UTF-8 JSONL; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as handle:
        for doc in documents:
            handle.write(json.dumps(doc, ensure_ascii=False))
            handle.write("\n")
    return path


# relation types of the claims (DESIGN.md §3): type -> (source label, target labels)
CLAIM_RELATIONS = {
    "speaker": ("quote", ("actor",)),
    "provider": ("guarantee_type", ("actor",)),
    "recipient": ("guarantee_type", ("actor",)),
    "condition_of": ("condition", ("guarantee_type", "quote")),
}


def make_claim_relations(rng: random.Random, annotations: list[dict], count: int, analyst: str = ANALYST) -> list[dict]:
    """Up to `count` distinct relations of the claims' types, each between labels the schema allows."""
    by_label: dict[str, list[str]] = {}
    for a in annotations:
        by_label.setdefault(a["label"], []).append(a["id"])
    kinds = [
        k
        for k, (source, targets) in CLAIM_RELATIONS.items()
        if source in by_label and any(t in by_label for t in targets)
    ]
    found: dict[tuple[str, str, str], None] = {}
    for _ in range(count * 4):
        if len(found) == count or not kinds:
            break
        kind = rng.choice(kinds)
        source, targets = CLAIM_RELATIONS[kind]
        target = rng.choice([t for t in targets if t in by_label])
        found.setdefault((kind, rng.choice(by_label[source]), rng.choice(by_label[target])), None)
    return [
        {"id": f"r{n}", "analyst": analyst, "type": kind, "from": s, "to": t} for n, (kind, s, t) in enumerate(found)
    ]


def claims_corpus(
    seed: int, documents: int, spans_per_document: int, mean_length: int, relations_per_document: int
) -> Iterator[dict]:
    """The articles of `corpus(seed, …)` without its speaker relations, each with `relations_per_document` of the claims' types.

    The relations come from a second generator, so the texts and spans are those of `corpus` with no relations.
    """
    links = random.Random(seed + 1_000_003)
    for doc in corpus(seed, documents, spans_per_document, mean_length):
        doc["relations"] = make_claim_relations(links, doc["annotations"], relations_per_document)
        yield doc
