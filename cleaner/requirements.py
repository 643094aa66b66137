"""Checking, when plugins load, that the installed packages are the versions a distribution
(cleaner itself, or a plugin's package) declares it needs."""
from __future__ import annotations

import functools
from importlib import metadata

from packaging.requirements import Requirement


@functools.cache
def unmet(dist: str) -> tuple[str, ...]:
    """What the installed packages lack of `dist`'s requirements (its extras aside), one
    sentence each, naming the package, the version found and the version needed; nothing
    when `dist` is not installed (a source tree on sys.path declares nothing)."""
    problems: list[str] = []
    try:
        declared = metadata.requires(dist) or ()
    except metadata.PackageNotFoundError:
        return ()
    for line in declared:
        req = Requirement(line)
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue  # an extra's requirement, or one for another Python
        needs, fix = f"{dist} needs {req.name}{req.specifier}", f"(pip install '{req.name}{req.specifier}')"
        try:
            version = metadata.version(req.name)
        except metadata.PackageNotFoundError:
            problems.append(f"{needs}, which is not installed {fix}")
            continue
        if not req.specifier.contains(version, prereleases=True):
            problems.append(f"{needs}, but {req.name} {version} is installed {fix}")
    return tuple(problems)
