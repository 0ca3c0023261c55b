"""The Linux desktop entry, AppStream metadata and icons: both validators pass, install and uninstall per user."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator import __version__

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "org.example.Annotator"
ENTRY = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
INSTALLED = [
    f"applications/{APP_ID}.desktop",
    f"metainfo/{APP_ID}.metainfo.xml",
    "icons/hicolor/48x48/apps/annotator.png",
    "icons/hicolor/128x128/apps/annotator.png",
    "icons/hicolor/256x256/apps/annotator.png",
    "icons/hicolor/scalable/apps/annotator.svg",
]


def debian_tool(command: str, package: str) -> str:
    """The validator's path, installing its Debian package when it is missing; no way to install it fails the test."""
    found = shutil.which(command)
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt is None:
        pytest.fail(f"{command} is missing and there is no apt-get to install it: install the package {package}")
    prefix = [] if os.geteuid() == 0 else ["sudo", "-n"]
    install = [*prefix, apt, "install", "-y", "-q", "--no-install-recommends", package]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    done = subprocess.run(install, capture_output=True, text=True, env=env, timeout=600)
    if done.returncode != 0:  # the package lists may be missing on a fresh machine
        subprocess.run([*prefix, apt, "update", "-q"], capture_output=True, env=env, timeout=600)
        done = subprocess.run(install, capture_output=True, text=True, env=env, timeout=600)
    found = shutil.which(command)
    if found is None:
        pytest.fail(f"could not install {package} for {command}: {done.stderr.strip()[-500:]}")
    return found


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, timeout=120)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE), path
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def test_the_desktop_entry_passes_desktop_file_validate():
    result = run(debian_tool("desktop-file-validate", "desktop-file-utils"), ENTRY)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr


def test_the_metainfo_passes_appstreamcli_validate():
    result = run(debian_tool("appstreamcli", "appstream"), "validate", "--no-net", METAINFO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warnings" not in result.stdout and "errors" not in result.stdout


def test_the_metainfo_names_the_entry_the_current_release_and_screenshots_from_docs():
    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == ENTRY.name
    assert root.find("releases/release").get("version") == __version__
    assert root.find("content_rating").get("type") == "oars-1.1"
    images = [image.text or "" for image in root.iter("image")]
    assert len(images) >= 3
    for url in images:
        # AppStream wants web URLs: each is a file of docs/ under the home page
        match = re.fullmatch(r"https://[^/]+/docs/([\w.-]+\.png)", url)
        assert match, url
        assert (ROOT / "docs" / match.group(1)).is_file(), url


def test_the_icons_are_drawn_at_48_128_and_256_pixels_from_the_svg(tmp_path):
    for size in (48, 128, 256):
        committed = LINUX / "icons" / f"annotator-{size}.png"
        assert png_size(committed) == (size, size)
        assert committed.stat().st_size > 4 * size  # drawn, not an empty square
    out = tmp_path / "icons"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, str(LINUX / "render_icons.py"), str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["annotator-128.png", "annotator-256.png", "annotator-48.png"]
    assert png_size(out / "annotator-256.png") == (256, 256)


def user_env(home: Path, path: str = "/usr/bin:/bin") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    return {**env, "HOME": str(home), "PATH": path}


def test_install_puts_the_entry_icons_and_metainfo_in_the_user_folders_and_uninstall_takes_them_away(tmp_path):
    validate = debian_tool("desktop-file-validate", "desktop-file-utils")
    home = tmp_path / "home"
    bundle = tmp_path / "my apps" / "Annotator"  # a space in the path: the Exec line quotes it
    bundle.mkdir(parents=True)
    (bundle / "annotator").write_text("#!/bin/sh\n", encoding="utf-8")
    (bundle / "annotator").chmod(0o755)
    data = home / ".local" / "share"

    result = run("bash", ROOT / "packaging" / "install-desktop-entry.sh", bundle, env=user_env(home))
    assert result.returncode == 0, result.stderr
    for name in INSTALLED:
        assert (data / name).is_file(), name
    installed = (data / "applications" / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert f'Exec="{bundle}/annotator"\n' in installed
    assert run(validate, data / "applications" / f"{APP_ID}.desktop").returncode == 0
    assert (data / "icons/hicolor/256x256/apps/annotator.png").read_bytes() == (
        LINUX / "icons" / "annotator-256.png"
    ).read_bytes()

    result = run("bash", ROOT / "packaging" / "uninstall-desktop-entry.sh", env=user_env(home))
    assert result.returncode == 0, result.stderr
    for name in INSTALLED:
        assert not (data / name).exists(), name


def test_install_without_a_path_starts_the_annotator_command_found_on_path(tmp_path):
    home, tools = tmp_path / "home", tmp_path / "venv" / "bin"
    tools.mkdir(parents=True)
    (tools / "annotator").write_text("#!/bin/sh\n", encoding="utf-8")
    (tools / "annotator").chmod(0o755)
    result = run("bash", ROOT / "packaging" / "install-desktop-entry.sh", env=user_env(home, f"{tools}:/usr/bin:/bin"))
    assert result.returncode == 0, result.stderr
    entry = home / ".local/share/applications" / f"{APP_ID}.desktop"
    assert f'Exec="{tools}/annotator"\n' in entry.read_text(encoding="utf-8")


def test_install_with_no_annotator_anywhere_says_so_in_one_line_and_installs_nothing(tmp_path):
    home = tmp_path / "home"
    result = run("bash", ROOT / "packaging" / "install-desktop-entry.sh", env=user_env(home))
    assert result.returncode == 1
    assert result.stderr.startswith("install-desktop-entry: error: no annotator command on PATH")
    assert not (home / ".local").exists()
