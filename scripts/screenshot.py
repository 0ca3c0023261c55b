"""Make docs/screenshot.png (the main window on the sample article with a few annotations) and, with
--compare, docs/compare.png (two analysts compared, partly adjudicated), and with --claims, docs/claims.png (the
claims window on the tagged sample), offscreen."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.gui.annotate.main_window import MainWindow  # noqa: E402
from annotator.gui.app import application  # noqa: E402
from annotator.services import Project  # noqa: E402
from annotator.services.user_settings import UserSettings  # noqa: E402

EXAMPLES = [
    ("Some NATO member countries may consider sending troops to Ukraine", "quote", {"mode": "reported"}),
    ("Some NATO member countries", "actor", {"kind": "group"}),
    ("NATO", "actor", {"kind": "organisation"}),
    ("sending troops to Ukraine", "guarantee_type", {"type": "troop_deployment"}),
    (
        "if the Alliance's upcoming summer summit in Vilnius fails to provide real security guarantees for Kyiv",
        "condition",
        {},
    ),
    ("Anders Fogh Rasmussen", "actor", {"kind": "person"}),
    ("The Guardian", "actor", {"kind": "organisation"}),
]

# (type, (source label, phrase), (target label, phrase)): the guarantee's arrows are shown
RELATIONS = [
    ("speaker", ("quote", EXAMPLES[0][0]), ("actor", "Anders Fogh Rasmussen")),
    ("provider", ("guarantee_type", "sending troops to Ukraine"), ("actor", "Some NATO member countries")),
    ("recipient", ("guarantee_type", "sending troops to Ukraine"), ("actor", "Ukraine")),
    ("condition_of", ("condition", EXAMPLES[4][0]), ("guarantee_type", "sending troops to Ukraine")),
]


def main(out: Path) -> None:
    app = application()
    with tempfile.TemporaryDirectory() as folder:
        settings = UserSettings(Path(folder) / "settings.json")
        project = Project.open(Path(folder) / "demo.sqlite", analyst="olena", settings=settings)
        project.import_seeds()
        window = MainWindow(project)
        window.resize(1380, 820)
        window.show()
        text = window.view.current_document.text
        ids = {}
        for phrase, label, attributes in EXAMPLES:
            start = text.index(phrase)
            window.view.select_span(start, start + len(phrase))
            window.tag_selection(label)
            ids[label, phrase] = window.selected_id
            if attributes:
                project.update_annotation(window.selected_id, attributes=attributes)
        guarantee = text.index("sending troops to Ukraine")
        recipient = guarantee + len("sending troops to ")
        window.view.select_span(recipient, recipient + len("Ukraine"))
        window.tag_selection("actor")  # nested in the guarantee: the arrows stay readable over it
        ids["actor", "Ukraine"] = window.selected_id
        document_id = window.document_id
        for type_key, source, target in RELATIONS:
            project.add_relation(document_id, type_key, ids[source], ids[target])
        window.select_annotation(ids["guarantee_type", "sending troops to Ukraine"])
        window.view.verticalScrollBar().setValue(0)
        _save(app, window, out)
        project.close()


# (phrase, label) of each analyst, for the comparison
ANALYSTS = {
    "olena": [
        ("Some NATO member countries", "actor"),
        ("sending troops to Ukraine", "guarantee_type"),
        ("Anders Fogh Rasmussen", "actor"),
        ("Jens Stoltenberg", "actor"),
        ("Poland", "actor"),
    ],
    "mykola": [
        ("Some NATO member countries", "actor"),
        ("troops to Ukraine", "guarantee_type"),
        ("Vilnius", "actor"),
        ("Anders Fogh Rasmussen", "actor"),
        ("Poland", "quote"),
    ],
}


def main_compare(out: Path) -> None:
    from annotator.gui.review.compare_window import CompareWindow

    app = application()
    with tempfile.TemporaryDirectory() as folder:
        settings = UserSettings(Path(folder) / "settings.json")
        db = Path(folder) / "demo.sqlite"
        for analyst, tags in ANALYSTS.items():
            project = Project.open(db, analyst=analyst, settings=settings)
            if analyst == "olena":
                project.import_seeds()
            document_id = project.document_ids()[0]
            text = project.document(document_id).text
            for phrase, label in tags:
                start = text.index(phrase)
                project.add_annotation(document_id, label, start, start + len(phrase))
            project.close()
        reviewer = Project.open(db, analyst="reviewer", settings=settings, reviewer=True)
        window = CompareWindow(reviewer, document_id, "olena", "mykola")
        window.show()
        window.resize(1500, 900)  # after show: opening, the window fits the (small) offscreen screen
        app.processEvents()  # laid out at its size first, as a reviewer would see it before deciding
        window.accept_all()
        window.decide("take_a")  # the first difference: the boundaries of "troops to Ukraine"
        _save(app, window, out)
        reviewer.close()


def main_claims(out: Path) -> None:
    from annotator.gui.claims.claims_model import ClaimsTableModel

    app = application()
    sample = Path(__file__).resolve().parent.parent / "tests" / "data" / "claims_sample.jsonl"
    with tempfile.TemporaryDirectory() as folder:
        settings = UserSettings(Path(folder) / "settings.json")
        project = Project.open(Path(folder) / "demo.sqlite", analyst="olena", settings=settings)
        project.import_paths([sample])
        window = MainWindow(project)
        window.show()
        claims = window.review_actions.show_claims()
        claims.resize(1880, 360)
        app.processEvents()
        column = ClaimsTableModel.HEADERS.index("Providers")
        row = next(r for r in range(claims.table.model().rowCount()) if claims.table.model().index(r, column).data())
        claims.table.selectRow(row)  # the claim with every part linked
        _save(app, claims, out)
        window.close()
        project.close()


def _save(app, window, out: Path) -> None:
    """Let the window settle (layout, repaints), save its picture to `out` and close it."""
    for _ in range(5):
        app.processEvents()
        time.sleep(0.05)
    out.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(out))
    window.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    docs = Path(__file__).resolve().parent.parent / "docs"
    arguments = [a for a in sys.argv[1:] if a not in ("--compare", "--claims")]
    if "--claims" in sys.argv[1:]:
        main_claims(Path(arguments[0]) if arguments else docs / "claims.png")
    elif "--compare" in sys.argv[1:]:
        main_compare(Path(arguments[0]) if arguments else docs / "compare.png")
    else:
        main(Path(arguments[0]) if arguments else docs / "screenshot.png")
