"""The one API the GUI and the command line call: open a project, read and edit, import and export.

`Project` and `Change` are loaded on first use (PEP 562): a quick command such as the document
listing imports only the service module it needs, not the whole editing machinery.
"""

from importlib import import_module

__all__ = ["Change", "Project"]


def __getattr__(name: str):
    if name in __all__:
        return getattr(import_module("annotator.services.project"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
