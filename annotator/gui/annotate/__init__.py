"""The main window, where an analyst reads and tags: the article view, the document list, the annotation table and editor, the palette, find, and the edit commands."""
