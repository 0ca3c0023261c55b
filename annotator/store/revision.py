"""The newest schema revision this code knows (a test keeps it equal to Alembic's head), importable without SQLAlchemy."""

HEAD_REVISION = "0005"
