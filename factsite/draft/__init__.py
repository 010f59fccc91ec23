"""Drafts from a report: `suggest` writes a draft fact for each figure no fact cites yet (what a
report states is read by verify/figures.py). Reads the stages; no stage imports it."""
