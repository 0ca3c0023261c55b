"""The greeting of the bundled app's first start: the analyst name and the project to open."""
