"""``aimonthly.Desk``: the library's front door (docs/api.md). A desk is a folder with an aimonthly.toml; the
object reads its settings once and offers what the commands do: ingest, check, facts, report. The CLI
calls it, and so can a notebook:

    from aimonthly import Desk
    desk = Desk("my-desk")
    desk.ingest("traffic", "inbox/traffic-2024-04.csv")
    desk.report("2024-04", formats=["pdf", "json"]).files

Settings are hermetic by default: the desk's own file, nothing from the environment (``env=True`` reads
``AIMONTHLY_*`` as the CLI does), keyword arguments over both, as a flag overrides on the command line.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator, Mapping, Sequence

from aimonthly.config import ENV_PREFIX, PROJECT_FILE, Settings, load_settings
from aimonthly.core.errors import ConfigError
from aimonthly.core.files import write_atomic

if TYPE_CHECKING:
    from aimonthly.check import CheckReport
    from aimonthly.pipeline import ReportResult
    from aimonthly.warehouse.store import IngestResult

# The options of ``ingest`` that fill a column the file lacks (--month, --list, --keyword on the command line).
FILL = ("month", "list", "keyword")

DESK_FILE = """# An aimonthly desk: the settings of every command run in this folder (docs/settings.md).
warehouse = "warehouse.duckdb"
inbox_dir = "inbox"
content_dir = "content"
output_dir = "reports"
"""


def init_desk(folder: str | os.PathLike) -> Path:
    """Create a desk in ``folder`` (made if missing): its aimonthly.toml, inbox/ and content/. A folder that
    is a desk already is left alone (an error). Returns the aimonthly.toml written."""
    folder = Path(folder)
    project = folder / PROJECT_FILE
    if project.exists():
        raise ConfigError(f"{folder} is a desk already: {project} exists", hint="open it with Desk(path)")
    try:
        for sub in ("inbox", "content"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ConfigError(f"cannot create a desk in {folder}: {e.strerror}") from e
    return write_atomic(project, DESK_FILE, error=ConfigError)


class Desk:
    """A desk: its settings, and the month's work over its warehouse and content."""

    def __init__(self, path: str | os.PathLike = ".", *, env: bool | Mapping[str, str] = False, **settings: Any):
        """Open the desk at ``path`` (a folder holding aimonthly.toml, or the file itself). ``env``: also read
        ``AIMONTHLY_*`` settings, from ``os.environ`` (True) or the mapping given. ``settings``: values over
        the file's and the environment's (``warehouse="other.duckdb"``, ``formats="pdf,json"``, …)."""
        where = Path(path).expanduser()
        project = (where if where.is_file() else where / PROJECT_FILE).absolute()  # a later chdir changes nothing
        if not project.is_file():
            raise ConfigError(
                f"no desk at {where}: {project} does not exist",
                hint="create one with Desk.init(path), or name the folder that holds it",
            )
        environ = dict(os.environ if env is True else env or {})
        environ[ENV_PREFIX + "CONFIG"] = str(project)  # this desk's file, whatever the environment names
        self._settings = load_settings(settings, env=environ)

    @classmethod
    def from_settings(cls, settings: Settings) -> Desk:
        """A desk over settings already resolved (the CLI's: the working folder's file, the environment, the
        flags), with or without a project file."""
        desk = cls.__new__(cls)
        desk._settings = settings
        return desk

    @classmethod
    def init(cls, path: str | os.PathLike) -> Desk:
        """Create a desk in ``path`` (init_desk) and open it."""
        return cls(init_desk(path))

    @classmethod
    def demo(
        cls, path: str | os.PathLike, *, env: bool | Mapping[str, str] = False, on_file: Callable | None = None
    ) -> Desk:
        """A desk in ``path`` holding the bundled demo data (a fresh warehouse) and the demo month's Markdown
        file, as ``aimonthly demo`` makes before it builds the report. ``on_file``: called with each file's
        ingest result."""
        from aimonthly.demo import DEMO_MONTH, DEMO_PROJECT, content_dir, demo_files

        folder = Path(path)
        (folder / "content").mkdir(parents=True, exist_ok=True)
        if not (folder / PROJECT_FILE).exists():  # so that every command works from the demo's folder
            write_atomic(folder / PROJECT_FILE, DEMO_PROJECT, error=ConfigError)
        overrides = {"warehouse": "warehouse.duckdb", "content_dir": "content", "output_dir": "reports"}
        desk = cls(folder, env=env, **{k: str((folder / v).resolve()) for k, v in overrides.items()})
        for p in (desk.warehouse, Path(f"{desk.warehouse}.wal")):
            p.unlink(missing_ok=True)
        shutil.copy(content_dir() / f"{DEMO_MONTH}.md", folder / "content" / f"{DEMO_MONTH}.md")
        for result in desk._ingest(demo_files()):
            if on_file:
                on_file(result)
        return desk

    @property
    def settings(self) -> Settings:
        """Every setting's value and where it came from (``settings.sources``)."""
        return self._settings

    @property
    def path(self) -> Path:
        """The desk's folder (its aimonthly.toml's; the working folder for a desk without one)."""
        return self._settings.base_dir

    @property
    def warehouse(self) -> Path:
        return self._settings.path("warehouse")

    def __repr__(self) -> str:
        return f"Desk({str(self.path)!r})"

    def content_file(self, month: str) -> Path:
        """The month's Markdown file (<content_dir>/<month>.md), there or not."""
        from aimonthly.pipeline import content_path

        return content_path(self._settings, self._month(month))

    def ingest(self, dataset: str, file: str | os.PathLike, **options: Any) -> IngestResult:
        """Validate ``file`` and add it to the warehouse as one batch (all or nothing). ``options``: ``month``,
        ``list``, ``keyword`` fill a column the file lacks; ``mapping`` ({canonical: header}), ``sheet``,
        ``skip_rows`` and ``source`` (the vendor, kept with the batch) as on the command line."""
        return next(self.ingest_files(dataset, [file], **options))

    def ingest_files(
        self, dataset: str, files: Iterable[str | os.PathLike], *, profiles: bool = True, **options: Any
    ) -> Iterator[IngestResult]:
        """``ingest`` for several files of one dataset, each its own batch, yielding each result as it lands
        (the next file is read while one is written). A vendor profile of the desk ([[house.inbox.profiles]])
        whose pattern is in a file's name gives the options not given here (``profiles=False``: none)."""
        return self._ingest([(dataset, Path(f)) for f in files], profiles=profiles, **options)

    def profile_for(self, dataset: str, file: str | os.PathLike):
        """The vendor profile ``ingest`` applies to ``file`` (ingest.profiles.Applied), or None."""
        from aimonthly.ingest.profiles import with_profile

        return with_profile(dataset, Path(file), self._settings.house.inbox.profiles, {})[1]

    def save_profile(self, name: str, dataset: str, file: str | os.PathLike, **options: Any) -> dict:
        """Remember ``file``'s options (``month``, ``list``, ``mapping``, ``skip_rows``, ``source``) as vendor
        profile ``name`` in the desk's aimonthly.toml; the profile as written."""
        from aimonthly.ingest.profiles import profile_from_ingest, save_profile

        fill = {k: options.pop(k) for k in FILL if k in options}
        profile = profile_from_ingest(name, dataset, Path(file), fill=fill, **options)
        save_profile(self._settings.project_file or self.path / PROJECT_FILE, profile)
        return profile

    def _ingest(
        self, files: list[tuple[str, Path]], *, profiles: bool = False, **options: Any
    ) -> Iterator[IngestResult]:
        from aimonthly.ingest import Limits, ingest_files
        from aimonthly.ingest.parse import get_dataset
        from aimonthly.ingest.profiles import with_profile
        from aimonthly.warehouse import Warehouse

        for dataset in dict.fromkeys(d for d, _ in files):
            get_dataset(dataset)  # an unknown name fails before any file is read
        fill = {k: v for k in FILL if (v := options.pop(k, None)) is not None}
        options = {"fill": fill, "limits": Limits.from_settings(self._settings), **options}
        vendors = self._settings.house.inbox.profiles if profiles else ()
        planned = [(d, p, with_profile(d, p, vendors, options)[0]) for d, p in files]  # a profile's options, per file
        with Warehouse.open(self.warehouse) as wh:
            yield from ingest_files(wh, planned, **options)

    def status(self) -> list[dict]:
        """What the warehouse holds: per dataset its rows, synthetic rows, batches and time span."""
        from aimonthly.warehouse import Warehouse

        with Warehouse.open(self.require_warehouse(), read_only=True) as wh:
            return wh.summary()

    def check(self, month: str, *, content: str | os.PathLike | None = None) -> CheckReport:
        """The month's data-quality check (docs/check.md): every finding, with ``errors`` and ``summary()``.
        ``content``: the month's Markdown file (default: the desk's, when there is one)."""
        from aimonthly.pipeline import analyse

        month = self._month(month)
        self.require_warehouse()
        report = analyse(self._settings, month, self._content(content))[1]
        assert report is not None
        return report

    def facts(self, month: str, *, content: str | os.PathLike | None = None) -> dict:
        """The month's facts.json content: every computed figure, as ``json.load`` of the file would give it."""
        import json

        from aimonthly.pipeline import month_facts
        from aimonthly.render.facts_json import facts_json

        month = self._month(month)
        self.require_warehouse()
        return json.loads(facts_json(month_facts(self._settings, month, self._content(content)).to_dict()))

    def report(
        self,
        month: str,
        *,
        formats: str | Sequence[str] | None = None,
        out: str | os.PathLike | None = None,
        content: str | os.PathLike | None = None,
        strict: bool = False,
        on_stage: Callable[[str], None] | None = None,
    ) -> ReportResult:
        """Build the month's report into ``out`` (default <output_dir>/<month>): ``formats`` of pdf, docx,
        html, xlsx, json (default: the formats setting). The result's ``files`` maps each format to its file;
        ``check`` is the check run before the build, ``notes`` what the build warns of."""
        from aimonthly.pipeline import build_report, parse_formats

        month = self._month(month)
        self.require_warehouse()
        return build_report(
            self._settings,
            month,
            formats=parse_formats(formats) if formats is not None else None,
            out_dir=Path(out) if out is not None else None,
            content_file=Path(content) if content is not None else None,
            strict=strict,
            on_stage=on_stage,
        )

    @staticmethod
    def _month(month: str) -> str:
        from aimonthly.core.months import check_month

        return check_month(month)

    def _content(self, content: str | os.PathLike | None):
        from aimonthly.content.month import load_content

        return load_content(Path(content)) if content is not None else None

    def require_warehouse(self) -> Path:
        """The warehouse a read reads; a missing one is an error that says where it looked (a read never
        creates one)."""
        from aimonthly.warehouse import WarehouseError

        s = self._settings
        path = s.path("warehouse")
        if path.exists():
            return path
        source = s.sources.get("warehouse", "default")
        if source != "default":
            looked = f"warehouse = {s.warehouse!r}, from {source}"
        elif s.project_file:
            looked = f"the default warehouse setting: {s.project_file} does not set warehouse"
        else:
            looked = f"the default warehouse setting: no aimonthly.toml in {Path.cwd()}"
        raise WarehouseError(
            f"no warehouse at {path} ({looked})",
            hint="ingest data first (aimonthly ingest …), name one with --warehouse, or run aimonthly demo "
            "and cd into its folder",
        )
