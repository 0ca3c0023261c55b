"""The desktop application in-process (offscreen): a 1,000,000-character article with 20,000 annotations.

Rows of issue 6, each against a small case in the same run:
- open the long document until painted vs a 1,000-character one with 10 annotations (≤ 3×, < 0.3 s);
- add one annotation, undo, redo, until repainted, in each (≤ 1.5×);
- scroll page by page, time per page (≤ 2×); the small document fits on one page, so its
  "page" is the same step-and-repaint with nothing to move: the cost of painting a page;
- open a project of 10,000 articles (window built, document list shown, first paint) vs one of 10 (≤ 2×);
- peak RSS of a GUI process with the long document open vs one with the sample article (≤ 2×).

Both document projects are built once, through Project.import_paths of a generated JSONL;
each holds the measured document and a short filler to switch away to between rounds.
"""

from __future__ import annotations

import random
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

import pytest

from tests.bench import corpus
from tests.bench.conftest import MB, SCRIPTS, compare, copy_database, record
from tests.bench.scripts.layout import settle

pytestmark = pytest.mark.bench

OPEN_ROUNDS = 7
EDIT_ROUNDS = 7
SCROLL_ROUNDS = 5
PAGES_PER_ROUND = 25
PROJECT_ROUNDS = 5
MEMORY_ROUNDS = 3
DRAIN_TURNS = 10


class PaintCounter:
    """Counts paint events of some widgets (an event filter), to know when a change has reached the screen."""

    def __init__(self, *widgets):
        from PySide6.QtCore import QEvent, QObject

        paint = QEvent.Type.Paint
        counter = self

        class Filter(QObject):
            def eventFilter(self, obj, event):
                if event.type() == paint:
                    counter.count += 1
                return False

        self.count = 0
        self.filter = Filter()
        for widget in widgets:
            widget.installEventFilter(self.filter)


def label_colours_on(widget, schema) -> set[str]:
    """The label colours (drawn solid as underlines) found in a fresh rendering of `widget`: are highlights on screen?"""
    from PySide6.QtGui import QColor, QImage

    data = bytes(widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32).constBits())
    found = set()
    for label in schema:
        colour = QColor(label.colour)
        if bytes((colour.blue(), colour.green(), colour.red(), 255)) in data:
            found.add(label.key)
    return found


def highlights_missing(case: Case, what: str) -> str | None:
    """None if some label colour is on screen, else why the measurement does not count."""
    if label_colours_on(case.view.viewport(), case.project.schema):
        return None
    return f"no highlight on screen {what}: the view does not show what it should, so this is not the real paint"


def until_painted(qapp, counter: PaintCounter, widget) -> None:
    """Let the event loop deliver what is pending (as a running application would); paint now if that did not."""
    seen = counter.count
    qapp.processEvents()
    if counter.count == seen:
        widget.repaint()


@dataclass
class Case:
    name: str
    db: Path
    project: object
    window: object
    target: int  # the measured document
    filler: int  # a short document to switch to between rounds
    spans: list = field(default_factory=list)  # words near the top, to tag one per round
    paints: PaintCounter | None = None

    @property
    def view(self):
        return self.window.view


def _build(bench, folder: Path, name: str, length: int, spans: int):
    from annotator.services import Project
    from annotator.services.user_settings import UserSettings

    source = corpus.write_jsonl(
        folder / f"{name}.jsonl",
        [
            corpus.document(random.Random(length), 0, length, spans, prefix=name),
            corpus.document(random.Random(1), 1, 300, 2, prefix="filler"),
        ],
    )
    db = folder / f"{name}.sqlite"
    project = Project.open(db, analyst=corpus.ANALYST, settings=UserSettings(folder / "settings.json"))
    project.import_paths([source])
    return db, project


@pytest.fixture(scope="module")
def cases(bench, qapp, none_guard):
    from annotator.gui.annotate.main_window import MainWindow

    folder = bench.root / "gui"
    folder.mkdir(exist_ok=True)
    built = {}
    for name, length, spans in (("large", 1_000_000, 20_000), ("small", 1_000, 10)):
        db, project = _build(bench, folder, name, length, spans)
        by_external = {s.external_id: s.id for s in project.document_summaries()}
        window = MainWindow(project)
        window.show()
        qapp.processEvents()
        case = Case(name, db, project, window, by_external[f"{name}-000000"], by_external["filler-000001"])
        case.paints = PaintCounter(window.view.viewport())
        text = project.document(case.target).text
        case.spans = [s for s in corpus.word_spans(text[:600]) if s[1] - s[0] > 3][: 2 * (EDIT_ROUNDS + 2)][::-1]
        built[name] = case
    yield built
    for case in built.values():
        case.window.close()
        case.window.deleteLater()
        qapp.processEvents()
        case.project.close()


def _painted(qapp, case: Case) -> None:
    until_painted(qapp, case.paints, case.view.viewport())


def _open(qapp, case: Case, document_id: int) -> None:
    case.window.open_document(document_id)
    _painted(qapp, case)


def _quiet(qapp, cases: dict) -> None:
    """Finish the background work of every window (the rest of a long article is brought in, its
    text laid out and its highlights prepared, in idle time after it is shown), so that no
    measurement pays for another's leftovers."""
    for case in cases.values():
        case.window.loader.finish()
        case.window.relations_panel.finish()
        case.view.document().documentLayout().documentSize()  # completes the layout
        case.view.prepare_highlights()
    # what that work queued (item layouts of the table, repaints, scroll ranges) may queue more in turn:
    # let it all run now, not in the next measurement
    for _ in range(DRAIN_TURNS):
        qapp.processEvents()
        time.sleep(0.005)


def _before(qapp, cases: dict, case: Case, document_id: int):
    """A `before_*` hook: open `document_id` in `case`, then let every window go quiet."""
    return lambda: (_open(qapp, case, document_id), _quiet(qapp, cases))


@pytest.mark.timeout(600)
def test_open_long_document(benchmark, qapp, cases):
    large, small = cases["large"], cases["small"]
    subject, baseline = compare(
        benchmark,
        lambda: _open(qapp, large, large.target),
        lambda: _open(qapp, small, small.target),
        before_subject=_before(qapp, cases, large, large.filler),
        before_baseline=_before(qapp, cases, small, small.filler),
        rounds=OPEN_ROUNDS,
        warmup=1,
    )
    shown_at_first = large.view.shown_to  # the last round was the long document's
    invalid = highlights_missing(large, "after opening the long document") or highlights_missing(
        small, "after opening the small document"
    )
    assert len(large.view.current_document.text) >= 999_000 and len(large.window.annotations) == 20_000
    record(
        benchmark,
        "GUI: open 1M-char doc, 20k annotations, until painted",
        subject,
        baseline,
        baseline_name="1k-char doc, 10 annotations",
        max_ratio=3,
        max_subject=0.3,
        invalid=invalid,
        characters_shown_at_first=shown_at_first,
    )
    assert invalid is None, invalid
    # the rest of the article arrives after the first paint; for information, the whole of it
    whole = []
    for _ in range(OPEN_ROUNDS):
        _before(qapp, cases, large, large.filler)()
        start = time.perf_counter()
        _open(qapp, large, large.target)
        large.window.loader.finish()
        qapp.processEvents()
        whole.append(time.perf_counter() - start)
    assert large.view.shown_to == len(large.view.current_document.text)
    record(
        None,
        "GUI: open 1M-char doc until all of it is in (no goal)",
        whole,
        baseline,
        baseline_name="1k-char doc, 10 annotations",
    )


def _tag_undo_redo(qapp, case: Case) -> None:
    start, end = case.spans.pop()
    case.view.select_span(start, end)
    case.window.tag_selection("condition")
    _painted(qapp, case)
    case.window.undo_stack.undo()
    _painted(qapp, case)
    case.window.undo_stack.redo()
    _painted(qapp, case)


def _at_top(qapp, case: Case) -> None:
    if case.window.document_id != case.target:
        _open(qapp, case, case.target)
    settle(qapp, case.view)
    case.view.verticalScrollBar().setValue(0)
    qapp.processEvents()


@pytest.mark.timeout(600)
def test_add_undo_redo(benchmark, qapp, cases):
    large, small = cases["large"], cases["small"]
    before = len(large.project.annotations(large.target))
    subject, baseline = compare(
        benchmark,
        lambda: _tag_undo_redo(qapp, large),
        lambda: _tag_undo_redo(qapp, small),
        before_subject=lambda: (_at_top(qapp, large), _quiet(qapp, cases)),
        before_baseline=lambda: (_at_top(qapp, small), _quiet(qapp, cases)),
        rounds=EDIT_ROUNDS,
        warmup=1,
    )
    assert len(large.project.annotations(large.target)) == before + EDIT_ROUNDS + 1, (
        "each round leaves its (redone) annotation"
    )
    invalid = highlights_missing(large, "after add, undo, redo at the top of the long document")
    record(
        benchmark,
        "GUI: add + undo + redo an annotation, repainted",
        subject,
        baseline,
        baseline_name="same in the small doc",
        max_ratio=1.5,
        invalid=invalid,
    )
    assert invalid is None, invalid


def _pages(qapp, case: Case, pages: int) -> None:
    scrollbar = case.view.verticalScrollBar()
    for _ in range(pages):
        if scrollbar.value() >= scrollbar.maximum():
            scrollbar.setValue(0)
        scrollbar.triggerAction(scrollbar.SliderAction.SliderPageStepAdd)
        _painted(qapp, case)


@contextmanager
def _equal_pages(qapp, cases: dict, equal: bool = True):
    """Both windows as high as makes the small document fill its view exactly, so that a page of
    either holds the same number of lines: a taller view would compare a full page of the long
    document with the small one's part of a page (with `equal` False, the windows stay as they are)."""
    large, small = cases["large"], cases["small"]
    sizes = {name: case.window.size() for name, case in cases.items()}
    if equal:
        small_height = small.view.document().size().height()
        for case in (large, small):
            chrome = case.window.height() - case.view.viewport().height()
            case.window.resize(case.window.width(), int(chrome + small_height))
        qapp.processEvents()
        assert small.view.verticalScrollBar().maximum() == 0, "the small document should fill its view exactly"
    try:
        yield {name: round(case.view.viewport().height() / _line_height(case.view), 1) for name, case in cases.items()}
    finally:
        for name, case in cases.items():
            case.window.resize(sizes[name])
        qapp.processEvents()


def _line_height(view) -> float:
    from annotator.gui.annotate.document_view import LINE_HEIGHT_PERCENT

    return view.fontMetrics().lineSpacing() * LINE_HEIGHT_PERCENT / 100


def _scroll_row(benchmark, qapp, cases, row: str, *, max_ratio=None, prepared=True, equal=True):
    large, small = cases["large"], cases["small"]
    with _equal_pages(qapp, cases, equal) as lines:
        for case in (large, small):
            _at_top(qapp, case)
        _quiet(qapp, cases)

        def before(case):
            if not prepared:  # right after opening: nothing prepared ahead
                _at_top(qapp, case)
                _quiet(qapp, cases)
                case.view._highlights.forget_all()

        none_before = sys.getrefcount(None)
        subject, baseline = compare(
            benchmark,
            lambda: _pages(qapp, large, PAGES_PER_ROUND),
            lambda: _pages(qapp, small, PAGES_PER_ROUND),
            before_subject=lambda: before(large),
            before_baseline=lambda: before(small),
            rounds=SCROLL_ROUNDS,
        )
        lost = none_before - sys.getrefcount(None)
        pages_scrolled = large.view.verticalScrollBar().value() / large.view.verticalScrollBar().pageStep()
        invalid = highlights_missing(large, "after scrolling the long document")
    record(
        benchmark,
        row,
        [s / PAGES_PER_ROUND for s in subject],
        [b / PAGES_PER_ROUND for b in baseline],
        baseline_name="same step in the small doc",
        max_ratio=max_ratio,
        invalid=invalid,
        lines_per_page=lines,
        pages_per_round=PAGES_PER_ROUND,
        pages_down=round(pages_scrolled),
        none_refs_lost_per_page=max(0.0, round(lost / (2 * SCROLL_ROUNDS * PAGES_PER_ROUND), 1)),
    )
    assert invalid is None, invalid


@pytest.mark.timeout(600)
def test_scroll_pages(benchmark, qapp, cases):
    _scroll_row(benchmark, qapp, cases, "GUI: scroll the long doc, per page", max_ratio=2)


@pytest.mark.timeout(600)
def test_scroll_pages_in_a_taller_window(benchmark, qapp, cases):
    """For information: the windows as the other rows have them, where a page of the long document
    holds about twice the lines of the small document's (which does not fill its view)."""
    _scroll_row(benchmark, qapp, cases, "GUI: scroll the long doc, per page, in a taller window (no goal)", equal=False)


@pytest.mark.timeout(600)
def test_scroll_pages_before_highlights_are_prepared(benchmark, qapp, cases):
    """For information: the same scroll right after opening, before idle time has prepared the
    highlights of the paragraphs ahead (each page computes its own)."""
    _scroll_row(
        benchmark,
        qapp,
        cases,
        "GUI: scroll the long doc, per page, highlights not prepared yet (no goal)",
        prepared=False,
    )


@pytest.fixture(scope="module")
def list_projects(bench, qapp, none_guard, big_project, small_project):
    from annotator.services import Project
    from annotator.services.user_settings import UserSettings

    folder = bench.root / "gui-list"
    settings = UserSettings(folder / "settings.json")
    projects = {
        name: Project.open(copy_database(db, folder / f"{name}.sqlite"), analyst=corpus.ANALYST, settings=settings)
        for name, db in (("10k", big_project.db), ("10", small_project))
    }
    yield projects
    for project in projects.values():
        project.close()


@pytest.mark.timeout(600)
def test_open_project(benchmark, qapp, list_projects):
    from annotator.gui.annotate.main_window import MainWindow

    windows = []

    def open_window(project):
        window = MainWindow(project)
        paints = PaintCounter(window.document_list.viewport())
        window.show()
        until_painted(qapp, paints, window)  # the window with its document list on screen
        windows.append(window)

    def close_all():
        while windows:
            window = windows.pop()
            window.close()
            window.deleteLater()
        qapp.processEvents()

    subject, baseline = compare(
        benchmark,
        lambda: open_window(list_projects["10k"]),
        lambda: open_window(list_projects["10"]),
        before_subject=close_all,
        before_baseline=close_all,
        rounds=PROJECT_ROUNDS,
        warmup=1,
    )
    shown = windows[-1].document_model.rowCount()
    close_all()
    record(
        benchmark,
        "GUI: open a project of 10k articles",
        subject,
        baseline,
        baseline_name="project of 10 articles",
        max_ratio=2,
        rows_loaded_at_open=shown,
    )


@pytest.mark.timeout(600)
def test_gui_memory(benchmark, bench, cases):
    from annotator.services import Project
    from annotator.services.user_settings import UserSettings

    folder = bench.root / "gui-memory"
    settings = folder / "settings.json"
    sample = folder / "sample.sqlite"
    project = Project.open(sample, analyst=corpus.ANALYST, settings=UserSettings(settings))
    project.import_seeds()
    project.close()
    large_db = copy_database(cases["large"].db, folder / "large.sqlite")
    runs, baseline_runs = [], []
    compare(
        benchmark,
        lambda: runs.append(bench.python(SCRIPTS / "gui_memory.py", large_db, settings, "large-000000").check()),
        lambda: baseline_runs.append(bench.python(SCRIPTS / "gui_memory.py", sample, settings).check()),
        rounds=MEMORY_ROUNDS,
    )
    assert int(runs[-1].stdout.split()[1]) >= 999_000, runs[-1].stdout  # "opened N characters, M annotations"
    record(
        benchmark,
        "GUI peak RSS, 1M-char doc open",
        [r.max_rss / MB for r in runs],
        [r.max_rss / MB for r in baseline_runs],
        baseline_name="GUI with the sample open",
        unit="MB",
        max_ratio=2,
        opened=runs[-1].stdout.strip(),
    )


# --------------------------------------------------------------------------- relations (issue 13)

RELATIONS = 5_000
ARROWS = 6  # relations of the annotation selected for the arrows row
ARROW_ROUNDS = 15


@pytest.fixture(scope="module")
def related(bench, qapp, none_guard, cases):
    """The large case's article (same text and annotations) with 5,000 speaker relations, in a project
    and window of its own: the rows above keep their data. Its first quote gets ARROWS relations to
    the actors nearest it, so that a selected annotation has arrows on screen."""
    from annotator.gui.annotate.main_window import MainWindow
    from annotator.services import Project
    from annotator.services.user_settings import UserSettings

    folder = bench.root / "gui-related"
    folder.mkdir(exist_ok=True)
    length, spans = 1_000_000, 20_000
    source = corpus.write_jsonl(
        folder / "related.jsonl",
        [
            corpus.document(random.Random(length), 0, length, spans, relations=RELATIONS, prefix="large"),
            corpus.document(random.Random(1), 1, 300, 2, prefix="filler"),
        ],
    )
    db = folder / "related.sqlite"
    project = Project.open(db, analyst=corpus.ANALYST, settings=UserSettings(folder / "settings.json"))
    project.import_paths([source])
    by_external = {s.external_id: s.id for s in project.document_summaries()}
    target = by_external["large-000000"]
    annotations = project.annotations(target)
    quote = next(a for a in annotations if a.label == "quote" and a.start > 200)
    linked = {r.target_id for r in project.relations(target) if r.source_id == quote.id}
    actors = sorted(
        (a for a in annotations if a.label == "actor" and a.id not in linked),
        key=lambda a: abs(a.start - quote.start),
    )
    for actor in actors[: ARROWS - len(linked)]:
        project.add_relation(target, "speaker", quote.id, actor.id)
    window = MainWindow(project)
    window.resize(cases["large"].window.size())
    window.show()
    qapp.processEvents()
    case = Case("related", db, project, window, target, by_external["filler-000001"])
    case.paints = PaintCounter(window.view.viewport())
    case.spans = [quote.id]  # the annotation whose arrows are drawn
    yield case
    window.close()
    window.deleteLater()
    qapp.processEvents()
    project.close()


@pytest.mark.timeout(600)
def test_open_long_document_with_relations(benchmark, qapp, cases, related):
    large = cases["large"]
    both = {"large": large, "related": related}
    subject, baseline = compare(
        benchmark,
        lambda: _open(qapp, related, related.target),
        lambda: _open(qapp, large, large.target),
        before_subject=_before(qapp, both, related, related.filler),
        before_baseline=_before(qapp, both, large, large.filler),
        rounds=OPEN_ROUNDS,
        warmup=1,
    )
    relations = len(related.project.relations(related.target))
    assert relations >= RELATIONS - 50, relations  # a few random pairs repeat
    _quiet(qapp, both)  # the Relations list of a long article fills in idle time after its first paint
    assert related.window.relations_panel.model.rowCount() == relations, "the Relations list holds them all"
    assert len(related.window.annotations) == 20_000 <= len(large.window.annotations)  # (the edit rows add a few)
    invalid = highlights_missing(related, "after opening the long document with relations")
    record(
        benchmark,
        "GUI: open 1M-char doc, 20k annotations, 5k relations, until painted",
        subject,
        baseline,
        baseline_name="same doc without relations",
        max_ratio=1.2,
        invalid=invalid,
        relations=relations,
    )
    assert invalid is None, invalid
    # for information: until the Relations list is filled too (in idle time after the first paint)
    listed = []
    for _ in range(OPEN_ROUNDS):
        _before(qapp, both, related, related.filler)()
        start = time.perf_counter()
        _open(qapp, related, related.target)
        related.window.relations_panel.finish()
        listed.append(time.perf_counter() - start)
    assert related.window.relations_panel.model.rowCount() == relations
    record(
        None,
        "GUI: open 1M-char doc, 20k annotations, 5k relations, until the Relations list is filled (no goal)",
        listed,
        baseline,
        baseline_name="same doc without relations, until painted",
    )


@pytest.mark.timeout(600)
def test_scroll_pages_with_relations(benchmark, qapp, cases, related):
    large = cases["large"]
    both = {"large": large, "related": related}
    for case in (large, related):
        _at_top(qapp, case)
    _quiet(qapp, both)
    assert related.window.size() == large.window.size()
    subject, baseline = compare(
        benchmark,
        lambda: _pages(qapp, related, PAGES_PER_ROUND),
        lambda: _pages(qapp, large, PAGES_PER_ROUND),
        rounds=SCROLL_ROUNDS,
    )
    invalid = highlights_missing(related, "after scrolling the long document with relations")
    record(
        benchmark,
        "GUI: scroll the 1M-char doc with 5k relations, per page",
        [s / PAGES_PER_ROUND for s in subject],
        [b / PAGES_PER_ROUND for b in baseline],
        baseline_name="same doc without relations",
        max_ratio=1.2,
        invalid=invalid,
        pages_per_round=PAGES_PER_ROUND,
    )
    assert invalid is None, invalid


@pytest.mark.timeout(600)
def test_draw_arrows_of_a_selected_annotation(benchmark, qapp, cases, related):
    """A paint of the view with the selected annotation's arrows, less the same paint without them."""
    view = related.view
    _quiet(qapp, {"large": cases["large"], "related": related})
    if related.window.document_id != related.target:
        _open(qapp, related, related.target)
        _quiet(qapp, {"related": related})
    (quote,) = related.spans
    related.window.select_annotation(quote)
    settle(qapp, view)
    qapp.processEvents()
    arrows = list(view._arrows)
    assert len(arrows) >= ARROWS, arrows

    def paint(with_arrows: bool) -> None:
        view.set_arrows(arrows if with_arrows else [])
        view.viewport().repaint()

    subject, baseline = compare(benchmark, lambda: paint(True), lambda: paint(False), rounds=ARROW_ROUNDS, warmup=2)
    paint(True)
    drawn = len(view.arrow_tags)
    invalid = None if drawn == len(arrows) else f"{drawn} of {len(arrows)} arrows drawn: not the paint measured"
    extra = [max(s - b, 0.0) for s, b in zip(subject, baseline, strict=True)]
    record(
        benchmark,
        "GUI: draw the arrows of a selected annotation (paint with arrows − without)",
        extra,
        None,
        baseline_name=f"a paint without arrows, {median(baseline) * 1000:.1f} ms",
        max_subject=0.002,
        invalid=invalid,
        arrows=len(arrows),
    )
    assert invalid is None, invalid
