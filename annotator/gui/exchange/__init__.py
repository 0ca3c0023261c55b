"""Import, export and restore from a backup: the dialogs, and the worker that runs them off the UI thread."""
