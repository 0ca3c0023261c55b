"""The schema editor window (Labels → Edit labels…): labels, their attributes and guidelines, relation types."""
