"""The JSON shapes of carewatch's views, one module per area: what the API returns and what
every CLI `--json` prints, so the two never disagree.

Each module holds a family of pydantic models per resource (`...Public`, and a list with
`data` and `count`) with `from_*` class methods that build them from the services' read
models. The package sits above `carewatch.services` and below `carewatch.web` and
`carewatch.cli`: it imports neither.
"""
