"""`python -m api.cli ...` runs the same `crosspaths` command (handy where the console script is not on PATH)."""

from api.cli import main

main()
