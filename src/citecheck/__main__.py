"""`python -m citecheck` runs the command line."""

from citecheck.cli import app

app()
