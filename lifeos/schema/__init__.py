"""Shared schema tooling: idempotent migration operations and what they build on."""
