"""Types of the native extension built from src/ (see artifactkit/document/pulldown.py)."""

from collections.abc import Callable
from typing import Any

# (facts, links, headings): facts are tuples whose first item says the kind (pulldown.from_facts)
Result = tuple[list[tuple], list[tuple[int, str, bool]], int]

def outline(text: str, first_line: int) -> Result: ...
def outlines(documents: list[tuple[str, int]]) -> list[Result]: ...

# build_outline (src/build.rs): the sections.Outline, its link_targets the (line, pulldown.href) of each link
def build_outline(text: str, line_offset: int, max_headings: int, hooks: tuple) -> Any | None: ...

# render_page (src/render.rs, for artifactkit/site/mdrender.py): what resolve(is_image, destination, is_email) returns
Resolved = list[tuple[str, str]] | str | None

def render_page(
    text: str,
    title: str | None,
    resolve: Callable[[bool, str, bool], Resolved],
    slugify: Callable[[str], str],
) -> tuple[str, list[tuple[int, str, str]], str, list[str], str, bool]: ...

# yaml_read / yaml_read_all (src/yaml.rs, for artifactkit/io/yaml12.py): ``(result, None)``, or ``(None, problem)``
# with the problem (too_big, message, line, column) that yaml12 raises as TooBig or YAMLProblem
YAMLProblem = tuple[bool, str, int, int]

def yaml_read(
    source: str, max_nodes: int, max_depth: int, prefix: tuple, line_offset: int, locate: bool, core_tags_only: bool
) -> tuple[Any, YAMLProblem | None]: ...
def yaml_read_all(source: str, max_nodes: int, max_depth: int, locate: bool) -> tuple[Any, YAMLProblem | None]: ...

# compile_schema (src/validate.rs, for artifactkit/schema/schemas.py): None when jsonschema_rs must compile it
class CompiledSchema:
    # None: an instance jsonschema_rs reads differently or refuses; ask jsonschema_rs
    def is_valid(self, instance: object) -> bool | None: ...
    # jsonschema_rs's iter_errors, in its order and values; None as for is_valid
    def iter_errors(self, instance: object) -> list[SchemaError] | None: ...
    # the registry's lookup(uri).contents; None: not there
    def lookup(self, uri: str) -> Any: ...

# what lint reads of a jsonschema_rs.ValidationError, with the same values
class SchemaError:
    message: str
    instance_path: list[str | int]
    schema_path: list[str | int]
    absolute_keyword_location: str | None
    instance: Any
    kind: ErrorKind

class ErrorKind:
    name: str
    def as_dict(self) -> dict[str, Any]: ...

def compile_schema(schema: object, resources: list[tuple[str, object]], base_uri: str) -> CompiledSchema | None: ...

# realpath (src/lib.rs): os.path.realpath of an existing path, by the C library; None: ask os.path.realpath
def realpath(path: str) -> str | None: ...

# lstat_many (src/lib.rs, POSIX only): (st_mode, st_size, st_mtime_ns) of os.lstat(path) for each path, None where
# it fails; on every core, the GIL released
def lstat_many(paths: list[str]) -> list[tuple[int, int, int] | None]: ...

# decode_rows (src/rows.rs): each cache row (engine.cacherows) as (type, number, skipped, title, front, problems,
# outline, locations), or None for a row left to the Python decoder
def decode_rows(rows: list[bytes], max_key: int) -> list[tuple | None]: ...

# read_document_inside (src/read.rs, POSIX only, for artifactkit/io/textio.py): the bytes of path when its real path
# lies in real_root and it is a regular file, on none of pseudo_devices, of at most max_bytes; else None
def read_document_inside(path: str, real_root: str, max_bytes: int, pseudo_devices: list[int]) -> bytes | None: ...

# walk_markdown (src/discover.rs, POSIX only): io.discovery.walk_markdown_py(top), the walk on the cores
def walk_markdown(top: str) -> list[tuple[str, list[str] | None]]: ...

# count_words (src/walk.rs): document.words.count_words(text) where the walk counts words itself, else None
def count_words(text: str) -> int | None: ...

# count_chars (src/lib.rs): [text.count(c) for c in chars], chars ASCII, in one pass
def count_chars(text: str, chars: str) -> list[int]: ...

# fenced_spans / bold_lines (src/lines.rs, for artifactkit/document/model.py), lines after line ``first`` of a whole
# document: (first line, last line) of each fenced code block, fences included; (line, text) of each line that is
# only bold text, outside fenced code
def fenced_spans(text: str, first: int) -> list[tuple[int, int]]: ...
def bold_lines(text: str, first: int) -> list[tuple[int, str]]: ...

# Globs (src/globs.rs, for artifactkit/io/globs.py): gitignore lines by the ignore crate; a pattern it cannot
# read raises ValueError(index in patterns or None, kind, reason)
class Globs:
    def __init__(self, patterns: list[str]) -> None: ...
    # whether the last pattern matching the path or the nearest of its folders is not a negation
    def matches(self, path: str) -> bool: ...
