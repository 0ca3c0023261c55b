"""The one API the GUI and the command line call: open a project, read and edit, import and export."""

from annotator.services.project import Change, Project

__all__ = ["Change", "Project"]
