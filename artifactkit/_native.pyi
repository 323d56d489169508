"""Types of the native extension built from src/ (see artifactkit/document/pulldown.py)."""

# (facts, links, headings): facts are tuples whose first item says the kind (pulldown.from_facts)
Result = tuple[list[tuple], list[tuple[int, str, bool]], int]

def outline(text: str, first_line: int) -> Result: ...
def outlines(documents: list[tuple[str, int]]) -> list[Result]: ...
