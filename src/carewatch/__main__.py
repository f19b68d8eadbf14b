"""`python -m carewatch` runs the command line."""

from carewatch.cli import main

main()
