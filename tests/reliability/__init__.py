"""Reliability tests that do the damage for real: SIGKILL mid-write, concurrent writers, locks held by others."""
