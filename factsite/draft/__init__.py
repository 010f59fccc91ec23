"""Drafts from a report: `suggest` (the figures no fact cites yet, as facts to finish) and
`report --uncited` (what of each report no fact cites). Reads the stages; no stage imports it."""
