"""Render resources/icon.svg into PNGs and the Windows .ico and macOS .icns icons of the bundled app.

Usage: python packaging/make_icons.py OUT_DIR. Qt's own SVG renderer draws each size (PySide6 is already a
dependency); both icon containers hold PNG images, written here in a few lines instead of pulling in Pillow.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icon.svg"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# the PNG-holding .icns types: the size each one holds
ICNS_TYPES = {b"icp4": 16, b"icp5": 32, b"icp6": 64, b"ic07": 128, b"ic08": 256, b"ic09": 512, b"ic10": 1024}


def render_png(size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(0)
    renderer = QSvgRenderer(str(SVG))
    painter = QPainter(image)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO file whose images are PNGs (read by Windows since Vista)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in a one-byte field
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(images))
        images += png
    return header + entries + images


def icns(pngs: dict[bytes, bytes]) -> bytes:
    """An ICNS file of PNG-holding entries (big-endian lengths that count their own 8-byte header)."""
    body = b"".join(kind + struct.pack(">I", len(png) + 8) + png for kind, png in pngs.items())
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main(out: Path) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication([])  # fonts and the SVG renderer need one
    out.mkdir(parents=True, exist_ok=True)
    sizes = sorted(set(ICO_SIZES) | set(ICNS_TYPES.values()))
    pngs = {size: render_png(size) for size in sizes}
    for size in (48, 128, 256):
        (out / f"annotator-{size}.png").write_bytes(pngs[size])
    (out / "annotator.ico").write_bytes(ico({size: pngs[size] for size in ICO_SIZES}))
    (out / "annotator.icns").write_bytes(icns({kind: pngs[size] for kind, size in ICNS_TYPES.items()}))
    del _app


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python packaging/make_icons.py OUT_DIR")
    main(Path(sys.argv[1]))
