"""Make docs/screenshot.png: the main window on the sample article with a few annotations, offscreen."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.gui.app import application  # noqa: E402
from annotator.gui.main_window import MainWindow  # noqa: E402
from annotator.services import Project  # noqa: E402
from annotator.services.user_settings import UserSettings  # noqa: E402

EXAMPLES = [
    ("Some NATO member countries may consider sending troops to Ukraine", "quote", {"mode": "reported"}),
    ("Some NATO member countries", "actor", {"kind": "group"}),
    ("NATO", "actor", {"kind": "organisation"}),
    ("sending troops to Ukraine", "guarantee_type", {"type": "troop_deployment"}),
    ("if the Alliance's upcoming summer summit in Vilnius fails to provide real security guarantees for Kyiv", "condition", {}),
    ("Anders Fogh Rasmussen", "actor", {"kind": "person"}),
    ("The Guardian", "actor", {"kind": "organisation"}),
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
        for phrase, label, attributes in EXAMPLES:
            start = text.index(phrase)
            window.view.select_span(start, start + len(phrase))
            window.tag_selection(label)
            if attributes:
                project.update_annotation(window.selected_id, attributes=attributes)
        window.select_annotation(window.annotations[3].id)
        window.view.verticalScrollBar().setValue(0)
        for _ in range(5):
            app.processEvents()
            time.sleep(0.05)
        out.parent.mkdir(parents=True, exist_ok=True)
        window.grab().save(str(out))
        window.close()
        project.close()
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent / "docs" / "screenshot.png")
