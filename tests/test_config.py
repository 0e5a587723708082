"""Settings: defaults < project file < environment < flags, and errors that say where they looked."""

import pytest

from aimonthly.config import ConfigError, load_settings


def test_layers_override_in_order(tmp_path):
    (tmp_path / "aimonthly.toml").write_text('warehouse = "a.duckdb"\ntop_n = 10\ntop_pool = 40\n', encoding="utf-8")
    s = load_settings({"top_pool": 30}, env={"AIMONTHLY_TOP_N": "12"}, start=tmp_path)
    assert (s.warehouse, s.top_n, s.top_pool, s.output_dir) == ("a.duckdb", 12, 30, "reports")
    assert s.sources["warehouse"].endswith("aimonthly.toml") and s.sources["top_n"] == "$AIMONTHLY_TOP_N"
    assert s.sources["top_pool"] == "command line" and s.sources["output_dir"] == "default"
    assert s.path("warehouse") == tmp_path / "a.duckdb"  # relative to the project file


def test_house_table_overrides_defaults(tmp_path):
    (tmp_path / "aimonthly.toml").write_text('[house]\nfirm_name = "某某证券"\n[house.sources]\ntraffic = "甲数据"\n', encoding="utf-8")
    s = load_settings(env={}, start=tmp_path)
    assert s.house["firm_name"] == "某某证券" and s.house["sources"]["traffic"] == "甲数据"
    assert s.house["sources"]["app_ranks"] == "七麦数据"  # untouched defaults stay


@pytest.mark.parametrize("text, message", [
    ("top_n = 0", "must be positive"),
    ('top_n = "many"', "must be a whole number"),
    ("colour = 1", r"unknown setting\(s\) colour"),
    ("warehouse = ", "not valid TOML"),
])
def test_bad_project_file(tmp_path, text, message):
    (tmp_path / "aimonthly.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        load_settings(env={}, start=tmp_path)


def test_config_env_must_name_a_file(tmp_path):
    with pytest.raises(ConfigError, match="AIMONTHLY_CONFIG names"):
        load_settings(env={"AIMONTHLY_CONFIG": str(tmp_path / "nope.toml")}, start=tmp_path)


def test_missing_house_file_says_where_it_looked(tmp_path):
    with pytest.raises(ConfigError, match="looked relative to"):
        load_settings({"house_file": "firm.toml"}, env={}, start=tmp_path)
