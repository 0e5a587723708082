"""Settings, declared once and typed.

Each setting (a field of ``SettingValues``: its type, default and help) is resolved from, in order,
its default, the project file (``aimonthly.toml`` in the working folder, or the file named by
``AIMONTHLY_CONFIG``), an environment variable ``AIMONTHLY_<NAME>`` and a CLI flag; each overrides
the one before, and ``Settings.sources`` says which one gave each value. The house settings are
the project file's ``[house]`` table over ``house_file`` over the packaged house.toml
(``aimonthly.core.house``). Everything is validated on load: an unknown key is an error with a
"did you mean" naming the file and table, a wrong value names its key and where it came from.
The docs and the CLI's ``config`` command are generated from these classes.

Location settings (``warehouse``, ``spark_data``, the folders, ``house_file``) resolve a relative
path against the project file's folder; ``spark_data`` also takes a URI (``s3a://``, ``hdfs://``,
``abfss://``, ``gs://``, ``file://``), passed on as written.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal, Mapping

from pydantic import Field, SecretStr, field_validator

from aimonthly.core.errors import ConfigError
from aimonthly.core.house import HouseSettings, Layer, house_from_layers
from aimonthly.core.house.base import Positive, Section, validate
from aimonthly.core.limits import setting as limit_setting

PROJECT_FILE = "aimonthly.toml"
ENV_PREFIX = "AIMONTHLY_"
Backend = Literal["duckdb", "spark"]
Format = Literal["pdf", "docx", "html", "xlsx", "json"]
UiLang = Literal["zh", "en"]
FORMATS: tuple[Format, ...] = ("pdf", "docx", "html", "xlsx", "json")
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
LOCATIONS = (
    "warehouse",
    "spark_data",
    "output_dir",
    "content_dir",
    "inbox_dir",
    "log_dir",
    "house_file",
    "llm_cache_dir",
    "chart_cache",
)
Seconds = Annotated[float, Field(gt=0)]


class SettingValues(Section):
    """The settings of ``aimonthly.toml`` (top level), ``AIMONTHLY_*`` and the flags."""

    warehouse: str = Field("aimonthly.duckdb", description="The DuckDB warehouse file.")
    backend: Backend = Field(
        "duckdb", description="Query engine for analytics: duckdb, or spark (extra `aimonthly[spark]`)."
    )
    spark_master: str = Field("local[2]", description="Spark master URL when backend = spark.")
    spark_data: str = Field(
        "",
        description="Folder or URI (s3a://, hdfs://, abfss://, gs://, file://) of the Parquet "
        "copies Spark reads; default: <warehouse>.parquet beside the warehouse.",
    )
    output_dir: str = Field(
        "reports", description="Folder under which each month's report folder (e.g. reports/2024-04) is written."
    )
    content_dir: str = Field("content", description="Folder of the analysts' monthly Markdown files (YYYY-MM.md).")
    inbox_dir: str = Field(
        "inbox",
        description="Folder that `aimonthly run` ingests every data file from (then done/MONTH/ "
        "or rejected/ inside it).",
    )
    log_dir: str = Field(
        "logs", description="Folder of the run logs: `aimonthly run MONTH` appends to <log_dir>/MONTH.log."
    )
    house_file: str = Field(
        "",
        description="A TOML file of house settings (firm, source lines, colours, disclaimer, "
        "rating scale, section options) over the packaged defaults.",
    )
    formats: tuple[Format, ...] = Field(FORMATS, description="Outputs that `report` writes, comma-separated.")
    chart_cache: str = Field(
        "",
        description="Folder where drawn charts are kept and reused (keyed by each chart's data, "
        "style, font and library versions); default: aimonthly/charts in the user's "
        "cache folder ($XDG_CACHE_HOME or ~/.cache); off: draw every chart afresh.",
    )
    ui_lang: UiLang = Field(
        "zh", description="The workbench's language (`aimonthly serve`): zh (中文, the default) or en (English)."
    )
    top_n: Positive = Field(20, description="Rows in each Top-N ranking (visits, growth, duration).")
    top_pool: Positive = Field(
        50, description="Size of the pool (Top-N by visits) that growth, category mix and duration are drawn from."
    )
    # The ingest limits: declared (type, default, help) in core/limits.py, where ingest reads them; a file
    # over one is refused unread, naming the setting (aimonthly.ingest.limits).
    max_row_mb: int = limit_setting("max_row_mb")
    max_json_depth: int = limit_setting("max_json_depth")
    max_xlsx_unzipped_mb: int = limit_setting("max_xlsx_unzipped_mb")
    max_xlsx_ratio: int = limit_setting("max_xlsx_ratio")
    max_feed_mb: int = limit_setting("max_feed_mb")
    # Drafting with a language model (`aimonthly draft`, docs/draft.md): off unless llm_base_url is set.
    llm_base_url: str = Field(
        "",
        description="An OpenAI-compatible chat-completions endpoint for `aimonthly draft` "
        "(https://api.deepseek.com/v1; http://127.0.0.1:11434/v1 for Ollama); "
        "empty: drafting is off. Needs the extra `aimonthly[llm]`.",
    )
    llm_model: str = Field("", description="The model the endpoint serves (deepseek-chat, qwen-plus, llama3.1:8b, …).")
    llm_api_key: SecretStr | None = Field(
        None,
        description="The endpoint's API key; best given as AIMONTHLY_LLM_API_KEY. "
        "Never printed, logged or written to the cache.",
    )
    llm_timeout: Seconds = Field(60.0, description="Seconds one request may take before it is retried.")
    llm_max_concurrency: Positive = Field(4, description="Requests `aimonthly draft` keeps in flight at once.")
    llm_cache_dir: str = Field(
        "",
        description="Folder of the drafts' response cache; default: $XDG_CACHE_HOME/aimonthly/llm "
        "(~/.cache/aimonthly/llm).",
    )

    @field_validator("formats", mode="before")
    @classmethod
    def _split(cls, v: Any) -> Any:
        items = [f.strip().lower() for f in v.split(",")] if isinstance(v, str) else v
        if isinstance(items, (list, tuple)):
            items = list(dict.fromkeys(f for f in items if f))
            if not items:
                raise ValueError(f"name at least one of {', '.join(FORMATS)}")
        return items


SETTINGS = tuple(SettingValues.model_fields)  # the setting names, in declaration order


class Settings(SettingValues):
    """Every setting's value, where it came from, and the house settings."""

    house: HouseSettings
    sources: dict[str, str] = Field(
        default_factory=dict
    )  # setting -> "default", the file, "$AIMONTHLY_…" or "command line"
    project_file: Path | None = None

    @property
    def base_dir(self) -> Path:
        return self.project_file.parent if self.project_file else Path.cwd()

    def location(self, name: str) -> str:
        """A location setting as written when it is a URI (or empty), else as an absolute local path."""
        value = str(getattr(self, name))
        if not value or URI.match(value):
            return value
        p = Path(value).expanduser()
        return str(p if p.is_absolute() else self.base_dir / p)

    def path(self, name: str) -> Path:
        """A location setting that must be on this machine (``file://`` URIs are read as paths)."""
        value = self.location(name)
        if value.startswith("file://"):
            return Path(value.removeprefix("file://"))
        if URI.match(value):
            raise ConfigError(
                f"setting {name} = {value!r} ({self.sources.get(name, 'default')}) must be a local path",
                hint="only spark_data may name cluster storage (s3a://, hdfs://, …)",
            )
        return Path(value)


def find_project_file(start: Path | None = None, env: Mapping[str, str] | None = None) -> Path | None:
    env = os.environ if env is None else env
    if env.get(ENV_PREFIX + "CONFIG"):
        p = Path(env[ENV_PREFIX + "CONFIG"]).expanduser()
        if not p.is_file():
            raise ConfigError(f"{ENV_PREFIX}CONFIG names {p}, which is not a file")
        return p
    p = (start or Path.cwd()) / PROJECT_FILE
    return p if p.is_file() else None


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from e
    except OSError as e:
        raise ConfigError(f"{path}: cannot be read: {e.strerror}") from e


def load_settings(
    overrides: Mapping[str, Any] | None = None,
    *,
    env: Mapping[str, str] | None = None,
    start: Path | None = None,
) -> Settings:
    """Resolve every setting: defaults < project file < environment < ``overrides`` (CLI flags)."""
    env = os.environ if env is None else env
    project_file = find_project_file(start, env)
    project = read_toml(project_file) if project_file else {}
    layers: list[Layer] = []
    if project_file:
        layers.append(Layer(str(project_file), "", {k: v for k, v in project.items() if k != "house"}))
    layers += [
        Layer(f"${ENV_PREFIX}{n.upper()}", "", {n: env[ENV_PREFIX + n.upper()]})
        for n in SETTINGS
        if env.get(ENV_PREFIX + n.upper())
    ]
    flags = {k: v for k, v in (overrides or {}).items() if v not in (None, "")}
    if flags:
        layers.append(
            Layer("the command line", "", {k: str(v) if isinstance(v, Path) else v for k, v in flags.items()})
        )
    merged: dict[str, Any] = {}
    sources = dict.fromkeys(SETTINGS, "default")
    for layer in layers:
        merged.update(layer.data)
        sources.update(dict.fromkeys(layer.data, "command line" if layer.where == "the command line" else layer.where))
    values = validate(SettingValues, layers, merged)
    base = project_file.parent if project_file else Path.cwd()
    house = load_house(project.get("house", {}), values.house_file, base, project_file)
    return Settings(**values.model_dump(), house=house, sources=sources, project_file=project_file)


def load_house(
    project_house: Mapping[str, Any], house_file: str, base: Path, project_file: Path | None = None
) -> HouseSettings:
    """House settings: the packaged defaults, then ``house_file``, then the project's [house] table."""
    layers = []
    if house_file:
        p = Path(house_file).expanduser()
        p = p if p.is_absolute() else base / p
        if not p.is_file():
            raise ConfigError(f"house_file {p} does not exist (looked relative to {base})")
        layers.append(Layer(str(p), "", read_toml(p)))
    if project_house:
        if not isinstance(project_house, Mapping):
            raise ConfigError(f"{project_file}: house must be a table ([house])")
        layers.append(Layer(str(project_file or PROJECT_FILE), "house", project_house))
    return house_from_layers(layers)
