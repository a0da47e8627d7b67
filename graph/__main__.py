"""``python -m graph`` does the same as ``referatgraf``."""
import sys

from graph.cli import main

sys.exit(main())
