"""Waiting until Qt has finished laying out an article (it goes on in idle time after the article is shown)."""

import time


def settle(app, view, quiet: float = 0.2, limit: float = 30.0) -> float:
    """Run the event loop until the text layout stops growing for `quiet` s; returns the seconds until it stopped."""
    layout = view.document().documentLayout()
    start = last_change = time.perf_counter()
    size = layout.documentSize()
    while time.perf_counter() - last_change < quiet and time.perf_counter() - start < limit:
        app.processEvents()
        time.sleep(0.002)
        if layout.documentSize() != size:
            size, last_change = layout.documentSize(), time.perf_counter()
    return last_change - start
