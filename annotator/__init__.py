"""Annotator: tag spans of news articles and review them side by side."""

__version__ = "0.1.0"
