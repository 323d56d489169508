"""A static site of the docs: dashboard, timelines, document pages, relations and search (``artifactkit site``)."""
