"""The analysis engine: one flow-sensitive pass per file that every rule rides on."""
