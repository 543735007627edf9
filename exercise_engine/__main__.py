"""`python -m exercise_engine …` is `ttx …` (works before the console script is on PATH)."""

import sys

from .cli.main import main

sys.exit(main())
