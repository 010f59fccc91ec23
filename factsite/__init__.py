"""Build a bilingual fact-sheet site from cited YAML: load, verify, render, write."""
