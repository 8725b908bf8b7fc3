"""Hostile records and the tools that check what the built site makes of them.

- `cases.py`: the tables of hostile input, each case one record: what is neutralised
  (and how it must show) and what is rejected (and where).
- `scan.py`: reads a built HTML page the way a browser would and lists anything
  that could run: event-handler attributes, script URLs, scripts that are not the
  theme's, active elements inside the page content.
- `project.py`: writes a small project of hostile records beside the real site sources.
"""
