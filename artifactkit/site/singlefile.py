"""A document's body inside the one-file export (``site build --single-file``): every link and image
made to work inside one HTML file."""

from __future__ import annotations

import base64
import os
import re
from urllib.parse import unquote

_ATTR = re.compile(r'\b(href|src|id)="([^"]*)"')


def single_body(d, html: str, anchors: dict[str, str], root: str) -> str:
    """A document's body inside the one-file export: links to pages become fragments, heading ids get the
    page's prefix (so two documents' "Context" headings stay apart) and local images become data URIs."""
    prefix = d.anchor

    def sub(match) -> str:
        attr, value = match.group(1), match.group(2)
        if attr == "id":
            return f'id="{prefix}--{value}"'
        if value.startswith("#"):
            return f'{attr}="#{prefix}--{value[1:]}"'
        if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:|^//", value) or not value:
            return match.group(0)
        path, _, fragment = value.partition("#")
        path = unquote(path, errors="surrogateescape")
        target = os.path.normpath(os.path.join(os.path.dirname(d.page), path)).replace(os.sep, "/")
        if attr == "src" and target.startswith("pages/"):
            source = os.path.join(root, target[len("pages/") :])
            try:
                return f'src="{_data_uri(source)}"'
            except OSError:  # swapped for a FIFO, a device or a huge file since it was found
                return match.group(0)
        if target in anchors:
            anchor = anchors[target]
            return f'href="#{anchor}--{fragment}"' if fragment else f'href="#{anchor}"'
        return match.group(0)

    return _ATTR.sub(sub, html)


MIME = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".avif": "image/avif",
}


def _data_uri(path: str) -> str:
    from artifactkit.io.textio import read_bytes
    from artifactkit.site.output import SITE_FILE_MAX

    data = read_bytes(path, SITE_FILE_MAX, "image")
    return f"data:{MIME.get(os.path.splitext(path)[1].lower(), 'application/octet-stream')};base64,{base64.b64encode(data).decode()}"
