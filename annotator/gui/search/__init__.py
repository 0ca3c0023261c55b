"""Corpus search: the Search dock of the main window, its results model and its tagging command."""
