"""Write the hook reference in docs/plugins.md from cleaner/hookspecs.py.

    python docs/hookref.py           rewrite the reference between its markers
    python docs/hookref.py --check   exit 1 if it is out of date (the test suite checks this)
"""
from __future__ import annotations

import inspect
import sys
from pathlib import Path

from cleaner import hookspecs

GUIDE = Path(__file__).with_name("plugins.md")
BEGIN = "<!-- BEGIN hook reference: generated from cleaner/hookspecs.py by `python docs/hookref.py` -->"
END = "<!-- END hook reference -->"


def hooks() -> list[str]:
    """The hook names, in the order hookspecs.py defines them."""
    return [name for name, fn in vars(hookspecs).items() if name.startswith("cleaner_") and callable(fn)]


def reference() -> str:
    """The reference: the module's docstring, then each hook's signature and docstring."""
    parts = [inspect.getdoc(hookspecs) or ""]
    for name in hooks():
        fn = getattr(hookspecs, name)
        sig = inspect.signature(fn)
        params = ", ".join(f"{p.name}: {p.annotation}" for p in sig.parameters.values())
        parts.append(f"### `{name}`\n\n```python\ndef {name}({params}) -> {sig.return_annotation}\n```")
        if fn.cleaner_spec.get("firstresult"):
            parts.append("The first non-None result wins; later plugins are not called.")
        parts.append(inspect.getdoc(fn) or "")
    for name, cls in protocols():
        methods = [(m, f) for m, f in vars(cls).items() if inspect.isfunction(f) and not m.startswith("_")]
        code = "\n".join(f"    def {m}{str(inspect.signature(f)).replace(chr(39), '')}" for m, f in methods)
        parts.append(f"### `{name}` (protocol)\n\n```python\nclass {name}(Protocol):\n{code}\n```")
        parts.append(inspect.getdoc(cls) or "")
        parts.extend(f"`{m}`: {inspect.getdoc(f)}" for m, f in methods)
    return "\n\n".join(parts)


def protocols() -> list[tuple[str, type]]:
    """The typing.Protocol classes of hookspecs.py: what some hooks return."""
    return [(name, cls) for name, cls in vars(hookspecs).items()
            if inspect.isclass(cls) and getattr(cls, "_is_protocol", False) and cls.__module__ == hookspecs.__name__]


def update(guide: str) -> str:
    """`guide` with the text between the markers replaced by the current reference."""
    head, rest = guide.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{BEGIN}\n{reference()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    text = GUIDE.read_text(encoding="utf-8")
    if "--check" in argv:
        if update(text) != text:
            print(f"{GUIDE} is out of date: run python docs/hookref.py", file=sys.stderr)
            return 1
        return 0
    GUIDE.write_text(update(text), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
