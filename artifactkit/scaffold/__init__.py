"""Scaffolding helpers for ``artifactkit new`` and ``artifactkit init``: naming, rendering, safe writes."""
