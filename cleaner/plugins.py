"""The plugin manager: built-in plugins, entry points and a plugins folder, on one manager."""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pluggy

from . import hookspecs

ENTRY_POINT_GROUP = "cleaner"
DISABLE_AUTOLOAD_ENV = "CLEANER_DISABLE_PLUGIN_AUTOLOAD"
BUILTINS = (
    "readers",
    "html_extract",
    "normalize",
    "mangled",
    "comments",
    "related",
    "prompts",
    "social",
    "credits",
    "remnants",
    "debris_model",
    "boilerplate",
    "language",
    "min_length",
    "exact_dedup",
    "near_dedup",
)


class PluginError(Exception):
    """A plugin could not be found or loaded."""


def _load_file(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"cleaner_local_plugins.{path.stem}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses (and pickle) look a class's module up by name
    try:
        spec.loader.exec_module(module)
    except Exception as e:
        del sys.modules[spec.name]
        raise PluginError(f"plugin file {path} failed to load: {type(e).__name__}: {e}") from e
    return module


def manager(plugins_dir: Path | None = None) -> pluggy.PluginManager:
    """A plugin manager with the built-ins, entry-point plugins (unless the environment
    variable CLEANER_DISABLE_PLUGIN_AUTOLOAD is set) and every ``*.py`` in `plugins_dir`."""
    pm = pluggy.PluginManager("cleaner")
    pm.add_hookspecs(hookspecs)
    for name in BUILTINS:
        pm.register(importlib.import_module(f"cleaner_plugins.{name}"), name)
    if not os.environ.get(DISABLE_AUTOLOAD_ENV):
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    if plugins_dir is not None:
        if not plugins_dir.is_dir():
            raise PluginError(f"plugins_dir {plugins_dir} is not a folder")
        for path in sorted(plugins_dir.glob("*.py")):
            if pm.has_plugin(path.stem):
                raise PluginError(f"plugin file {path}: a plugin named {path.stem!r} is already loaded")
            pm.register(_load_file(path), path.stem)
    return pm


def origin(pm: pluggy.PluginManager, name: str) -> str:
    """Where plugin `name` came from: built-in, a distribution, or a file."""
    plugin = pm.get_plugin(name)
    for plug, dist in pm.list_plugin_distinfo():
        if plug is plugin:
            return f"entry point ({dist.metadata['name']} {dist.version})"
    module = getattr(plugin, "__name__", "")
    if module.startswith("cleaner_plugins."):
        return "built-in"
    return f"file {getattr(plugin, '__file__', '?')}"


def hooks_of(pm: pluggy.PluginManager, name: str) -> list[str]:
    """The hook names plugin `name` implements, in spec order."""
    impls = pm.get_hookcallers(pm.get_plugin(name)) or []
    return sorted(caller.name for caller in impls)
