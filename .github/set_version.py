"""Write a release's version (the tag without its "v") into Cargo.toml and artifactkit/__init__.py."""

import re
import sys
from pathlib import Path

version = sys.argv[1]
if not re.fullmatch(r"\d+\.\d+\.\d+", version):  # the same in Cargo (semver) and Python (PEP 440)
    sys.exit(f"not a release version: {version!r} (tag the release v1.2.3)")
root = Path(__file__).resolve().parent.parent
for name, pattern, line in (
    ("Cargo.toml", r'(?m)^version = "[^"]*"', f'version = "{version}"'),
    ("artifactkit/__init__.py", r'(?m)^__version__ = "[^"]*"', f'__version__ = "{version}"'),
):
    path = root / name
    text, count = re.subn(pattern, line, path.read_text(encoding="utf-8"), count=1)
    if count != 1:
        sys.exit(f"{name}: no version line to set")
    path.write_text(text, encoding="utf-8")
    print(f"{name}: {line}")
