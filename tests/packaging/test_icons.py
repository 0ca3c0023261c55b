"""packaging/make_icons.py: the Windows .ico and macOS .icns of the bundled app, drawn from resources/icon.svg."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data.startswith(PNG_SIGNATURE)
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def make_icons(out: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "make_icons.py"), str(out)],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
        capture_output=True,
        timeout=120,
    )


def test_the_ico_holds_each_windows_size_as_a_drawn_png(tmp_path):
    make_icons(tmp_path)
    data = (tmp_path / "annotator.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sizes = []
    for i in range(count):
        width, height, _, _, planes, bits, length, offset = struct.unpack("<BBBBHHII", data[6 + 16 * i : 22 + 16 * i])
        image = data[offset : offset + length]
        side = width or 256
        assert png_size(image) == (side, height or 256)
        assert (planes, bits) == (1, 32)
        sizes.append(side)
    assert sizes == [16, 24, 32, 48, 64, 128, 256]
    # the icon is drawn, not blank: the 256 px image compresses to more than an empty square would
    assert len(image) > 2000


def test_the_icns_holds_every_retina_size_up_to_1024(tmp_path):
    make_icons(tmp_path)
    data = (tmp_path / "annotator.icns").read_bytes()
    assert data[:4] == b"icns"
    assert struct.unpack(">I", data[4:8])[0] == len(data)
    found = {}
    position = 8
    while position < len(data):
        kind, length = data[position : position + 4], struct.unpack(">I", data[position + 4 : position + 8])[0]
        found[kind.decode()] = png_size(data[position + 8 : position + length])[0]
        position += length
    assert position == len(data)
    assert found == {"icp4": 16, "icp5": 32, "icp6": 64, "ic07": 128, "ic08": 256, "ic09": 512, "ic10": 1024}
    assert {p.name for p in tmp_path.glob("*.png")} == {"annotator-48.png", "annotator-128.png", "annotator-256.png"}
