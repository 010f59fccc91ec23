#!/usr/bin/env python3
"""Build the site: load → verify → render → write. See README.md, or run `python build.py --help`."""
import sys

from factsite.cli import main

if __name__ == "__main__":
    sys.exit(main())
