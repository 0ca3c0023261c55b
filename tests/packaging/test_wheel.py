"""The built wheel, installed into a fresh virtual environment, opens the default project with the sample article."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# what the wheel is built from: the package, the top-level folders setup.py copies into it, the build files
SOURCES = ("annotator", "resources", "seeds", "docs", "pyproject.toml", "setup.py", "MANIFEST.in", "README.md")


def _copy_sources(target: Path) -> None:
    """A copy of the source tree, so the build neither reads nor leaves a build/ folder in the checkout."""
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)


def _build_wheel(source: Path, out: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", str(out), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = out.glob("annotator-*.whl")
    return wheel


def _fresh_venv(path: Path, wheel: Path) -> Path:
    """A new environment holding only the wheel; the dependencies come from the test environment through a .pth
    line (plain path lines do not run the test environment's own .pth files, so its editable install stays out)."""
    venv.create(path, with_pip=False)
    python = path / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "--python",
            str(python),
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            str(wheel),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    purelib = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    (purelib / "test-dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    return python


def test_the_installed_wheel_opens_the_default_project_with_the_sample_article(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    _copy_sources(source)
    wheel = _build_wheel(source, tmp_path / "wheels")
    python = _fresh_venv(tmp_path / "venv", wheel)
    home = tmp_path / "home"
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "LC_ALL": "C.UTF-8",
    }
    scripts = python.parent
    # run away from the checkout, so nothing is imported from the source tree
    listing = subprocess.run(
        [str(scripts / "annotator"), "documents"], env=env, cwd=home.parent, capture_output=True, text=True, timeout=120
    )
    assert listing.returncode == 0, listing.stderr
    header, *rows = listing.stdout.splitlines()
    assert [row.split("\t")[1] for row in rows] == ["000_846610f6cf9f79d3"], listing.stdout
    where = subprocess.run(
        [
            str(python),
            "-c",
            "from annotator.core import shipped; "
            "print(shipped.seeds_folder(), shipped.resource('icon.svg'), shipped.docs_folder() / 'user-guide.md')",
        ],
        env=env,
        cwd=home.parent,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    # the files come from inside the installed package, not from the checkout
    assert all(Path(p).is_relative_to(tmp_path / "venv") for p in where), where
    assert all(Path(p).exists() for p in where), where
