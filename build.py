#!/usr/bin/env python3
"""Build the site: load → verify → render → write. See README.md, or run `python build.py --help`."""
from factsite.cli import exit_now, main

if __name__ == "__main__":
    exit_now(main(end_process=True))  # serve returns; the other commands end the process
