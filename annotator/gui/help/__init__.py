"""The Help menu's windows: keyboard shortcuts, the user guide and About."""
