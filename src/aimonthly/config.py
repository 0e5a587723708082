"""Settings, declared once.

Each setting is resolved from, in order, its default, the project file (``aimonthly.toml`` in
the working folder, or the file named by ``AIMONTHLY_CONFIG``), an environment variable
``AIMONTHLY_<NAME>`` and a CLI flag; each overrides the one before. The docs and the CLI's
``config`` command are generated from ``SETTINGS``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from aimonthly.errors import ConfigError

PROJECT_FILE = "aimonthly.toml"
ENV_PREFIX = "AIMONTHLY_"


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: type = str


SETTINGS: tuple[Setting, ...] = (
    Setting("warehouse", "aimonthly.duckdb", "The DuckDB warehouse file."),
    Setting("backend", "duckdb", "Query engine for analytics: duckdb, or spark (extra `aimonthly[spark]`)."),
    Setting("spark_master", "local[2]", "Spark master URL when backend = spark."),
    Setting("spark_data", "", "Folder (or cluster path) of the Parquet copies Spark reads; default: <warehouse>.parquet beside the warehouse."),
    Setting("output_dir", "reports", "Folder under which each month's report folder (e.g. reports/2024-04) is written."),
    Setting("content_dir", "content", "Folder of the analysts' monthly Markdown files (YYYY-MM.md)."),
    Setting("inbox_dir", "inbox", "Folder that `aimonthly run` ingests every data file from (then done/MONTH/ or rejected/ inside it)."),
    Setting("log_dir", "logs", "Folder of the run logs: `aimonthly run MONTH` appends to <log_dir>/MONTH.log."),
    Setting("house_file", "", "A TOML file of house settings (firm, source lines, colours, disclaimer, rating scale) over the defaults."),
    Setting("formats", "pdf,docx,html,xlsx,json", "Outputs that `report` writes."),
    Setting("top_n", 20, "Rows in each Top-N ranking (visits, growth, duration).", int),
    Setting("top_pool", 50, "Size of the pool (Top-N by visits) that growth, category mix and duration are drawn from.", int),
)
_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Settings:
    values: Mapping[str, Any]
    sources: Mapping[str, str]
    project_file: Path | None = None
    house: Mapping[str, Any] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.values[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def base_dir(self) -> Path:
        return self.project_file.parent if self.project_file else Path.cwd()

    def path(self, name: str) -> Path:
        """A path setting, relative to the project file's folder (or the working folder)."""
        p = Path(str(self.values[name])).expanduser()
        return p if p.is_absolute() else self.base_dir / p


def _coerce(setting: Setting, value: Any, where: str) -> Any:
    if setting.kind is int:
        try:
            n = int(value)
        except (TypeError, ValueError):
            raise ConfigError(f"setting {setting.name!r} from {where} must be a whole number, got {value!r}") from None
        if n <= 0:
            raise ConfigError(f"setting {setting.name!r} from {where} must be positive, got {n}")
        return n
    return str(value)


def find_project_file(start: Path | None = None, env: Mapping[str, str] | None = None) -> Path | None:
    env = os.environ if env is None else env
    if env.get(ENV_PREFIX + "CONFIG"):
        p = Path(env[ENV_PREFIX + "CONFIG"]).expanduser()
        if not p.is_file():
            raise ConfigError(f"{ENV_PREFIX}CONFIG names {p}, which is not a file")
        return p
    p = (start or Path.cwd()) / PROJECT_FILE
    return p if p.is_file() else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot be read: {e.strerror}") from None


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    start: Path | None = None,
) -> Settings:
    """Resolve every setting: defaults < project file < environment < ``overrides`` (CLI flags)."""
    env = os.environ if env is None else env
    project_file = find_project_file(start, env)
    project = _read_toml(project_file) if project_file else {}
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for s in SETTINGS:
        values[s.name], sources[s.name] = s.default, "default"
        if s.name in project:
            values[s.name] = _coerce(s, project[s.name], str(project_file))
            sources[s.name] = str(project_file)
        env_name = ENV_PREFIX + s.name.upper()
        if env.get(env_name):
            values[s.name] = _coerce(s, env[env_name], f"${env_name}")
            sources[s.name] = f"${env_name}"
        if overrides and overrides.get(s.name) not in (None, ""):
            values[s.name] = _coerce(s, overrides[s.name], "the command line")
            sources[s.name] = "command line"
    unknown = set(project) - set(_BY_NAME) - {"house"}
    if unknown:
        raise ConfigError(
            f"{project_file}: unknown setting(s) {', '.join(sorted(unknown))}; "
            f"known: {', '.join(_BY_NAME)} and the [house] table"
        )
    base = project_file.parent if project_file else Path.cwd()
    house = load_house(project.get("house", {}), values["house_file"], base)
    return Settings(values=values, sources=sources, project_file=project_file, house=house)


def default_house() -> dict[str, Any]:
    return tomllib.loads((Path(__file__).parent / "house.toml").read_text(encoding="utf-8"))


def _merge(base: dict[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, Mapping) and isinstance(out.get(k), dict) else v
    return out


def load_house(project_house: Mapping[str, Any], house_file: str, base: Path) -> dict[str, Any]:
    """House settings: the packaged defaults, then ``house_file``, then the project's [house] table."""
    house = default_house()
    if house_file:
        p = Path(house_file).expanduser()
        p = p if p.is_absolute() else base / p
        if not p.is_file():
            raise ConfigError(f"house_file {p} does not exist (looked relative to {base})")
        house = _merge(house, _read_toml(p))
    return _merge(house, project_house)
