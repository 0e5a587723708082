"""Settings: defaults < project file < environment < flags, typed and validated on load, with errors
that say where the value came from (file, table, variable or flag) and what it must be."""

import types
from pathlib import Path

from pydantic import BaseModel

import pytest

from aimonthly.config import ConfigError, Settings, load_settings
from aimonthly.core.datasets import DATASETS
from aimonthly.core.house import DEFAULTS_FILE, HouseSettings, default_house
from aimonthly.core.house.base import _model_of


def project(tmp_path, text: str) -> Path:
    (tmp_path / "aimonthly.toml").write_text(text, encoding="utf-8")
    return tmp_path


def test_layers_override_in_order(tmp_path):
    project(tmp_path, 'warehouse = "a.duckdb"\ntop_n = 10\ntop_pool = 40\n')
    s = load_settings({"top_pool": 30}, env={"AIMONTHLY_TOP_N": "12"}, start=tmp_path)
    assert (s.warehouse, s.top_n, s.top_pool, s.output_dir) == ("a.duckdb", 12, 30, "reports")
    assert s.sources["warehouse"].endswith("aimonthly.toml") and s.sources["top_n"] == "$AIMONTHLY_TOP_N"
    assert s.sources["top_pool"] == "command line" and s.sources["output_dir"] == "default"
    assert s.path("warehouse") == tmp_path / "a.duckdb"  # relative to the project file


def test_typed_values(tmp_path):
    s = load_settings(env={"AIMONTHLY_FORMATS": "PDF, json,pdf", "AIMONTHLY_BACKEND": "spark"}, start=tmp_path)
    assert isinstance(s, Settings) and s.formats == ("pdf", "json") and s.backend == "spark"
    assert isinstance(s.house, HouseSettings) and s.house.news.count.overseas == 12


def test_house_table_overrides_defaults(tmp_path):
    project(
        tmp_path,
        '[house]\nfirm_name = "某某证券"\n[house.sources]\ntraffic = "甲数据"\n[house.news.count]\noverseas = 3\n',
    )
    s = load_settings(env={}, start=tmp_path)
    assert s.house.firm_name == "某某证券" and s.house.sources.traffic == "甲数据"
    assert s.house.sources.app_ranks == "七麦数据" and s.house.news.count.domestic == 11  # untouched defaults stay
    assert s.house.news.count.overseas == 3


@pytest.mark.parametrize(
    "text, message",
    [
        ("top_n = 0", r"aimonthly.toml: top_n = 0 must be positive"),
        ('top_n = "many"', r"top_n = 'many' must be a whole number"),
        ("colour = 1", r"aimonthly.toml: unknown key 'colour'; known keys: warehouse, backend"),
        ('bakend = "spark"', r"unknown key 'bakend'; did you mean 'backend'\?"),
        ('backend = "oracle"', r"backend = 'oracle' must be one of 'duckdb' or 'spark'"),
        ('formats = "pdf,word"', r"formats = 'word' must be one of 'pdf', 'docx'"),
        ("warehouse = ", "not valid TOML"),
        ('[house]\nfirm_nmae = "x"', r"aimonthly.toml \[house\]: unknown key 'firm_nmae'; did you mean 'firm_name'\?"),
        ("[house.news]\ncuont = 3", r"aimonthly.toml \[house.news\]: unknown key 'cuont'; did you mean 'count'\?"),
        (
            "[house.news.grouping]\ntreshold = 0.5",
            r"\[house.news.grouping\]: unknown key 'treshold'; did you mean 'threshold'\?",
        ),
        (
            '[[house.market.industries]]\nkey = "x"\nname = "X"\nidx = "1"',
            r"\[\[house.market.industries\]\] item 1: unknown key 'idx'; did you mean 'index'\?",
        ),
        (
            '[house.market]\nperiod_end = "month"',
            r"\[house.market\]: period_end = 'month' must be one of 'data_date' or 'month_end'",
        ),
        ('[house.news]\nwindow = "week"', r"\[house.news\]: window = 'week' must be one of 'data_date' or 'month'"),
        ('[house.colors]\nprimary = "red"', r"\[house.colors\]: primary = 'red' must be a colour written #RRGGBB"),
        ("[house.app_store]\ntop_rank = -1", r"\[house.app_store\]: top_rank = -1 must be positive"),
        ('[house.app_store]\nstart = "April"', r"\[house.app_store\]: start = 'April' must be a date"),
        ('[house.news.sources]\n"新华社" = 2', r"\[house.news.sources\]: 新华社 = 2 must be at most 1"),
    ],
)
def test_bad_project_file(tmp_path, text, message):
    project(tmp_path, text)
    with pytest.raises(ConfigError, match=message):
        load_settings(env={}, start=tmp_path)


def test_bad_environment_and_flags_name_where_they_came_from(tmp_path):
    with pytest.raises(ConfigError, match=r"\$AIMONTHLY_TOP_POOL: top_pool = 'x' must be a whole number"):
        load_settings(env={"AIMONTHLY_TOP_POOL": "x"}, start=tmp_path)
    with pytest.raises(ConfigError, match=r"the command line: backend = 'sprak' must be one of"):
        load_settings({"backend": "sprak"}, env={}, start=tmp_path)


def test_house_file_errors_name_the_house_file(tmp_path):
    (tmp_path / "firm.toml").write_text('[capex]\ncompanys = ["A"]\n', encoding="utf-8")
    project(tmp_path, 'house_file = "firm.toml"\n')
    with pytest.raises(ConfigError, match=r"firm.toml \[capex\]: unknown key 'companys'; did you mean 'companies'\?"):
        load_settings(env={}, start=tmp_path)


def test_config_env_must_name_a_file(tmp_path):
    with pytest.raises(ConfigError, match="AIMONTHLY_CONFIG names"):
        load_settings(env={"AIMONTHLY_CONFIG": str(tmp_path / "nope.toml")}, start=tmp_path)


def test_missing_house_file_says_where_it_looked(tmp_path):
    with pytest.raises(ConfigError, match="looked relative to"):
        load_settings({"house_file": "firm.toml"}, env={}, start=tmp_path)


@pytest.mark.parametrize(
    "uri",
    [
        "s3a://bucket/aimonthly/",
        "hdfs:///aimonthly",
        "abfss://c@acct.dfs.core.windows.net/a",
        "gs://bucket/a",
        "file:///srv/aimonthly/parquet",
    ],
)
def test_location_settings_keep_uris_as_written(tmp_path, uri):
    project(tmp_path, f'spark_data = "{uri}"\n')
    s = load_settings(env={}, start=tmp_path)
    assert s.location("spark_data") == uri  # not <project>/s3a:/bucket/…


def test_relative_locations_resolve_against_the_project(tmp_path):
    project(tmp_path, 'spark_data = "pq"\nwarehouse = "data/w.duckdb"\n')
    s = load_settings(env={}, start=tmp_path)
    assert s.location("spark_data") == str(tmp_path / "pq") and s.path("warehouse") == tmp_path / "data" / "w.duckdb"
    assert load_settings(env={}, start=tmp_path / "..").location("spark_data") == ""  # unset stays unset


def test_a_uri_where_a_local_file_is_needed_is_an_error(tmp_path):
    project(tmp_path, 'warehouse = "s3a://bucket/w.duckdb"\n')
    s = load_settings(env={}, start=tmp_path)
    with pytest.raises(ConfigError, match="must be a local path"):
        s.path("warehouse")
    project(tmp_path, 'warehouse = "file:///srv/w.duckdb"\n')
    assert load_settings(env={}, start=tmp_path).path("warehouse") == Path("/srv/w.duckdb")


def test_spark_reads_a_uri_as_written(tmp_path, monkeypatch):
    """The Spark backend gets s3a://bucket/aimonthly/<dataset>.parquet, neither resolved nor refreshed."""
    from aimonthly.warehouse import backends

    read: list[str] = []

    class FakeCon:
        def read_parquet(self, path, table_name):
            read.append(path)

    monkeypatch.setattr(backends, "spark_session", lambda master: types.SimpleNamespace(newSession=lambda: None))
    monkeypatch.setattr("ibis.pyspark.connect", lambda session: FakeCon(), raising=False)
    monkeypatch.setattr(backends, "refresh_parquet", lambda *a: pytest.fail("a URI is never written to"))
    with backends.analytics_connection(tmp_path / "w.duckdb", "spark", spark_data="s3a://bucket/aimonthly/"):
        pass
    assert read[0] == "s3a://bucket/aimonthly/traffic.parquet" and len(read) == len(DATASETS)


def test_every_packaged_default_lives_in_house_toml_once():
    """The classes declare types and help; house.toml holds every default value, and validates."""
    import tomllib

    data = tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8"))
    house = default_house()

    def walk(model, table, path):
        for name, field in type(model).model_fields.items():
            if field.is_required():
                assert name in table, f"house.toml lacks {'.'.join((*path, name))}"
            elif name in table:
                pass  # an optional key given a default value in house.toml
            value = getattr(model, name)
            if isinstance(value, BaseModel) and name in table:
                walk(value, table[name], (*path, name))

    walk(house, data, ())
    seen, todo = set(), [HouseSettings]
    while todo:
        cls = todo.pop()
        seen.add(cls)
        for name, f in cls.model_fields.items():
            assert f.is_required() or f.default is None, (
                f"{cls.__name__}.{name}: a default in code (house.toml holds them)"
            )
            if (sub := _model_of(f.annotation)) is not None and sub not in seen:
                todo.append(sub)
    assert len(seen) > 15
