"""File → Open server project…: the dialog that opens a project on a PostgreSQL server."""
