"""``python -m transreview``: the same entry point as the console script."""

import sys

from transreview.cli import main

sys.exit(main())
