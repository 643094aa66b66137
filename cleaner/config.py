"""Loading and validating config.toml: the ordered pipeline and each plugin's settings."""
from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pluggy

from . import plugins
from .dedup.keep import DedupSettings


CONFIG_ENV = "CLEANER_CONFIG"
TOP_LEVEL_KEYS = {"extends", "pipeline", "plugins_dir", "plugins", "max_removal_share", "limits", "dedup"}
DEFAULT = Path(__file__).with_name("default_config.toml")  # what ``extends = "default"`` names


@dataclass
class Limits:
    """The ``[limits]`` table: what one document may cost."""

    max_bytes: int = 10_000_000  # a larger document is rejected as too-large, unread
    timeout: float = 60.0  # seconds for all steps on one document; 0 turns the limit off


class ConfigError(Exception):
    """The config is invalid; the message names the key and says what to do."""


@dataclass
class Config:
    """A validated config. `raw` and `base` rebuild it in worker processes."""

    pipeline: list[str]
    settings: dict[str, Any]
    raw: dict[str, Any]
    base: Path
    pm: pluggy.PluginManager
    max_removal_share: float = 0.8
    limits: Limits = dataclasses.field(default_factory=Limits)
    dedup: DedupSettings = dataclasses.field(default_factory=DedupSettings)


def default_path() -> Path:
    """--config, else $CLEANER_CONFIG, else ./config.toml, else the packaged default."""
    if os.environ.get(CONFIG_ENV):
        return Path(os.environ[CONFIG_ENV])
    local = Path("config.toml")
    if local.is_file():
        return local
    return DEFAULT


def load(path: Path | None = None) -> Config:
    return from_dict(*read(path))


def read(path: Path | None = None) -> tuple[dict[str, Any], Path]:
    """The unvalidated mapping in a config file, with the files it extends merged in, and the
    folder its relative paths resolve against."""
    path = path or default_path()
    return _read(path, ()), path.resolve().parent


def merge(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """`base` updated with `overrides`: a table (mapping) in both is merged key by key; any
    other value, a list such as ``pipeline`` included, replaces the old one whole."""
    out = dict(base)
    for key, value in overrides.items():
        old = out.get(key)
        out[key] = merge(old, value) if isinstance(old, Mapping) and isinstance(value, Mapping) else value
    return out


def extended(raw: Mapping[str, Any], base: Path, chain: tuple[Path, ...] = ()) -> dict[str, Any]:
    """`raw` merged onto the config its ``extends`` names: ``"default"`` (the packaged
    default config) or a file path, relative to `base`; `chain` holds the extending files."""
    parent = raw.get("extends")
    if parent is None:
        return dict(raw)
    where = f"config file {chain[-1]}" if chain else "the config"
    if not isinstance(parent, str) or not parent:
        raise ConfigError(f"{where}: 'extends' must be \"default\" or a config file path, got {parent!r}")
    path = DEFAULT if parent == "default" else base / parent
    if path.resolve() in {p.resolve() for p in chain}:
        raise ConfigError(f"{where}: 'extends = {parent!r}' makes a cycle: {' -> '.join(map(str, (*chain, path)))}")
    if not path.is_file():
        raise ConfigError(f"{where}: 'extends = {parent!r}': config file {path} not found")
    inherited = _read(path, chain)
    if "plugins_dir" in inherited and "plugins_dir" not in raw:  # stays relative to its own file
        inherited["plugins_dir"] = str(path.resolve().parent / inherited["plugins_dir"])
    return merge(inherited, {k: v for k, v in raw.items() if k != "extends"})


def _read(path: Path, chain: tuple[Path, ...]) -> dict[str, Any]:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"config file {path} not found; pass --config FILE") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"config file {path} is not valid TOML: {e}") from None
    return extended(raw, path.resolve().parent, (*chain, path))


def from_dict(raw: dict[str, Any], base: Path = Path("."), register: Mapping[str, object] | None = None) -> Config:
    """Validate a config mapping; relative paths in it resolve against `base`. `register`
    adds plugin objects by name (replacing a loaded plugin of the same name). An ``extends``
    key merges the mapping onto the config it names (see `extended`)."""
    raw = extended(raw, base)
    unknown = sorted(set(raw) - TOP_LEVEL_KEYS)
    if unknown:
        raise ConfigError(f"unknown config key {unknown[0]!r}; known keys: {sorted(TOP_LEVEL_KEYS)}")
    pipeline = raw.get("pipeline")
    if not isinstance(pipeline, list) or not all(isinstance(p, str) for p in pipeline):
        raise ConfigError("'pipeline' must be a list of plugin names, e.g. pipeline = [\"normalize\"]")
    share = raw.get("max_removal_share", 0.8)
    if not _is_instance(share, float) or not 0 < share <= 1:
        raise ConfigError("'max_removal_share' must be a number in (0, 1], e.g. 0.8")
    plugins_dir = raw.get("plugins_dir")
    if plugins_dir is not None and not isinstance(plugins_dir, str):
        raise ConfigError("'plugins_dir' must be a string (a folder path)")
    try:
        pm = plugins.manager(base / plugins_dir if plugins_dir else None)
    except plugins.PluginError as e:
        raise ConfigError(str(e)) from None
    for name, plugin in (register or {}).items():
        if pm.has_plugin(name):
            pm.unregister(name=name)
        try:
            pm.register(plugin, name)
        except ValueError as e:
            raise ConfigError(f"cannot register plugin {name!r}: {e}") from None
    tables = raw.get("plugins", {})
    if not isinstance(tables, dict):
        raise ConfigError("'plugins' must be a table of [plugins.NAME] tables")
    for name in [*pipeline, *tables]:
        if pm.is_blocked(name):
            raise ConfigError(f"plugin {name!r} in config is blocked by ${plugins.BLOCK_ENV}")
        if not pm.has_plugin(name):
            loaded = sorted(n for n, _ in pm.list_name_plugin())
            raise ConfigError(f"unknown plugin {name!r} in config; loaded plugins: {', '.join(loaded)}")
    if len(set(pipeline)) != len(pipeline):
        raise ConfigError("'pipeline' names a plugin twice")
    settings = {name: _settings(pm, name, tables.get(name, {})) for name in pipeline}
    limits = _validate(Limits, raw.get("limits", {}), "[limits]")
    dedup = _validate(DedupSettings, raw.get("dedup", {}), "[dedup]")
    if dedup.keep == "score" and not any("cleaner_score" in plugins.hooks_of(pm, name) for name in pipeline):
        raise ConfigError("[dedup] keep = \"score\" needs a pipeline step with a cleaner_score hook; "
                          "add one to 'pipeline' or choose keep = \"first\", \"longest\" or \"earliest\"")
    return Config(pipeline, settings, raw, base, pm, float(share), limits, dedup)


def _settings(pm: pluggy.PluginManager, name: str, table: Any) -> Any:
    where = f"[plugins.{name}]"
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    impls = [i for i in pm.hook.cleaner_settings.get_hookimpls() if i.plugin_name == name]
    cls = impls[0].function() if impls else None
    if cls is None:
        if table:
            raise ConfigError(f"{where}: plugin {name!r} takes no settings, got {sorted(table)}")
        return None
    return _validate(cls, table, where)


def _validate(cls: type, table: Any, where: str) -> Any:
    """An instance of dataclass `cls` from a TOML table, or a ConfigError naming the key."""
    if not isinstance(table, dict):
        raise ConfigError(f"{where} must be a table")
    hints = typing.get_type_hints(cls)
    fields = {f.name for f in dataclasses.fields(cls)}
    for key, value in table.items():
        if key not in fields:
            raise ConfigError(f"{where}: unknown key {key!r}; accepted keys: {sorted(fields)}")
        if not _is_instance(value, hints[key]):
            raise ConfigError(f"{where}: {key!r} must be {_type_name(hints[key])}, got {value!r}")
    try:
        return cls(**table)
    except (TypeError, ValueError) as e:
        raise ConfigError(f"{where}: {e}") from None


def _is_instance(value: Any, hint: Any) -> bool:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is Any:
        return True
    if origin in (typing.Union, types.UnionType):
        return any(_is_instance(value, a) for a in args)
    if origin is list:
        return isinstance(value, list) and all(_is_instance(v, args[0]) for v in value)
    if origin is dict:
        return isinstance(value, dict)
    if hint is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if hint is type(None):
        return value is None
    return isinstance(value, hint)


def _type_name(hint: Any) -> str:
    return getattr(hint, "__name__", None) or str(hint).replace("typing.", "")
