"""Writes to a PostgreSQL project take turns, as on SQLite: a second writer waits for the first, up to the busy timeout."""

from __future__ import annotations

import threading

import pytest

from annotator.core.errors import StoreError
from annotator.store import open_store
from annotator.store.engine import BUSY_TIMEOUT_ENV


def test_a_second_writer_waits_for_the_first_to_commit(postgres_db):
    first, second = open_store(postgres_db), open_store(postgres_db)
    done = threading.Event()

    def write() -> None:
        second.set_setting("written_by", "second")
        done.set()

    try:
        with first._session(write=True):
            writer = threading.Thread(target=write)
            writer.start()
            assert not done.wait(0.5)  # held back while the first write is open
        writer.join(10)
        assert done.is_set()
        assert first.setting("written_by") == "second"
    finally:
        first.close()
        second.close()


def test_a_writer_that_waits_longer_than_the_busy_timeout_is_told_and_saves_nothing(postgres_db, monkeypatch):
    monkeypatch.setenv(BUSY_TIMEOUT_ENV, "200")
    first, second = open_store(postgres_db), open_store(postgres_db)
    try:
        with first._session(write=True):
            with pytest.raises(StoreError, match="the project is busy"):
                second.set_setting("written_by", "second")
        assert first.setting("written_by") is None
    finally:
        first.close()
        second.close()
