"""Draw resources/icon.svg into the desktop menu's PNG icons: packaging/linux/icons/annotator-{48,128,256}.png.

Run it again after changing the SVG (python packaging/linux/render_icons.py) and commit the PNGs: installing the
desktop entry then needs no Qt or image tools, only copying files. Qt's own SVG renderer draws them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SVG = HERE.parent.parent / "resources" / "icon.svg"
SIZES = (48, 128, 256)


def render(out: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])  # the SVG renderer needs one
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        sys.exit(f"{SVG}: not an SVG image Qt can draw")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(0)  # transparent around the rounded square
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        path = out / f"annotator-{size}.png"
        if not image.save(str(path), "PNG"):
            sys.exit(f"{path}: cannot write the icon")
        written.append(path)
    del _app
    return written


if __name__ == "__main__":
    for path in render(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "icons"):
        print(path)
