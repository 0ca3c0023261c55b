"""The one API the GUI and the command line call: open a project, read and edit, import and export.

`Project` and `Change` are loaded on first use (PEP 562): a quick command such as the document
listing imports only the service module it needs, not the whole editing machinery.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the checker sees the real classes; at run time they load on first use
    from annotator.services.project import Change, Project

__all__ = ["Change", "Project"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        return getattr(import_module("annotator.services.project"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
