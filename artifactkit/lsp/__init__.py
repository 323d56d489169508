"""``artifactkit lsp``: a Language Server Protocol server over stdio (pygls).

``server`` wires the protocol to the modules below, which know nothing of pygls:
``folders`` (the config of each workspace folder, and a broken config as a value),
``diagnose`` (the findings ``artifactkit lint`` gives for a buffer's text, with ranges),
``assist`` (completion and hover from the type's schema). Code actions come from
``artifactkit.checks.fixes``.
"""
