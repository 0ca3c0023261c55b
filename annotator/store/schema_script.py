"""Write `sqlite_schema.sql` anew from the migrations (after adding one): `python -m annotator.store.schema_script`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from annotator.store.engine import make_engine, upgrade
from annotator.store.fresh_schema import SCRIPT, dump


def main(out: Path = SCRIPT) -> None:
    """Build a project through the migrations in a temporary folder and write its schema script to `out`."""
    with tempfile.TemporaryDirectory() as folder:
        database = Path(folder) / "migrated.sqlite"
        engine = make_engine(f"sqlite:///{database}")
        upgrade(engine)
        engine.dispose()
        out.write_text(dump(database), encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else SCRIPT)
