"""Entry point of the bundled application: the command line, which opens the window when given no command."""

import sys

from annotator.cli import main

if __name__ == "__main__":
    sys.exit(main())
