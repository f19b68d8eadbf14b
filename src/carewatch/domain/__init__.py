"""Pure rules and value types. Imports nothing of ours and no framework (see ruff.toml)."""
