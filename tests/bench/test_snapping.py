"""Word snapping on the 1,000,000-character article: what it adds to a mouse selection (issue 14: ≤ 1 ms).

The subject is the view's snapping step after a sloppy drag (read the selection, grow it to words,
select the result); the baseline is reading the selection as every tag does (`selected_span`).
Both run on a `DocumentView` holding the whole article, at 200 drags spread over it.
"""

from __future__ import annotations

import random

import pytest

from tests.bench import corpus
from tests.bench.conftest import compare, record

pytestmark = pytest.mark.bench

ROUNDS = 15
DRAGS = 200


@pytest.fixture(scope="module")
def long_view(qapp):
    from annotator.core.labels import LabelSchema
    from annotator.core.model import Document
    from annotator.gui.annotate.document_view import DocumentView

    rng = random.Random(1_000_000)
    text = corpus.make_text(rng, 1_000_000)
    view = DocumentView()
    view.set_document(Document(id=1, external_id="long", title="long", text=text, sha256=""), [], LabelSchema(()))
    words = corpus.word_spans(text)
    # sloppy drags: from inside one word to inside a word a few further on
    drags = []
    for _ in range(DRAGS):
        i = rng.randrange(len(words) - 5)
        (a, b), (c, d) = words[i], words[i + rng.randint(0, 4)]
        drags.append((rng.randint(a, b - 1), rng.randint(c + 1, d)))
    yield view, text, drags
    view.deleteLater()


def test_snapping_a_selection(benchmark, long_view):
    view, text, drags = long_view

    def each(step):
        def run():
            for start, end in drags:
                view.select_span(start, end)
                step()

        return run

    subject, baseline = compare(
        benchmark, each(view.gestures.snap_selection), each(view.selected_span), rounds=ROUNDS, warmup=1
    )
    view.select_span(*drags[0])
    view.gestures.snap_selection()
    snapped = view.selected_span()
    invalid = None if snapped and text[snapped[0] - 1 : snapped[0]].isspace() else "the selection was not snapped"
    record(
        benchmark,
        "word snapping, per selection (1M characters)",
        [s / DRAGS for s in subject],
        [b / DRAGS for b in baseline],
        baseline_name="reading the selection",
        max_subject=0.001,
        invalid=invalid,
    )
    assert invalid is None, invalid
