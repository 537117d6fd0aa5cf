"""Run the course command line: python -m course --help."""

import sys

from .cli import main

sys.exit(main())
