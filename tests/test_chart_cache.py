"""Charts drawn lazily, per renderer, through the chart cache (issue 16): a cached chart is the
fresh one byte for byte; an entry from other data, another library version or damaged is never used."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest

from aimonthly import charts
from aimonthly.charts import batch, cache
from aimonthly.charts.cache import ChartCache, entry_key
from aimonthly.report.drawing import encodings_for

pytestmark = pytest.mark.filterwarnings("ignore:Glyph")


def bars(seed: int = 0):
    """A chart spec over data of its own (seed changes every value)."""
    names = [f"产品{seed}-{i}" for i in range(6)]
    values = [round(0.3 - 0.11 * i + seed / 100, 4) for i in range(6)]
    return charts.hbar(
        names,
        values,
        value_labels=[f"{v:.1%}" for v in values],
        color="#8B1A1A",
        negative_color="#7A9E7E",
        percent=True,
    )


def trend():
    days = [dt.date(2024, 4, 1) + dt.timedelta(days=i) for i in range(10)]
    return charts.lines(
        days,
        {"甲": [float(i) for i in range(10)], "乙": [None, *[10.0 - i for i in range(9)]]},
        colors=["#8B1A1A", "#C9A227"],
        invert_y=True,
        ylabel="排名",
    )


@pytest.fixture(scope="module")
def fresh():
    """Each spec drawn with no cache at all: the reference bytes."""
    return {name: charts.draw(spec) for name, spec in (("bars", bars()), ("trend", trend()))}


def test_a_cached_chart_is_the_fresh_one_byte_for_byte(tmp_path, fresh):
    for name, spec in (("bars", bars()), ("trend", trend())):
        first = ChartCache(tmp_path)
        assert charts.draw(spec, cache=first) == fresh[name] and first.misses == 2 and first.hits == 0
        again = ChartCache(tmp_path)  # a new process would start with an empty memory: read from disk
        drawn = charts.draw(spec, cache=again)
        assert again.hits == 2 and again.misses == 0
        assert drawn.svg == fresh[name].svg and drawn.png == fresh[name].png
        assert drawn.svg.startswith("<?xml") and drawn.png.startswith(b"\x89PNG")


def test_the_source_line_is_not_in_the_picture(fresh):
    """The source line is printed under the exhibit as text; the picture no longer repeats it."""
    assert "来源" not in fresh["bars"].svg and "<!-- 来源" not in fresh["trend"].svg


def test_only_the_encodings_asked_for_are_drawn(tmp_path, fresh):
    store = ChartCache(tmp_path)
    svg_only = charts.draw(bars(), ["svg"], cache=store)
    assert svg_only.png is None and svg_only.svg == fresh["bars"].svg and store.misses == 1
    both = charts.draw(bars(), ["svg", "png"], cache=store)  # the PNG is drawn now; the SVG comes from the cache
    assert both == fresh["bars"] and store.hits == 1 and store.misses == 2
    assert encodings_for(["json", "xlsx"]) == () and encodings_for(["docx"]) == ("png",)
    assert encodings_for(["html", "pdf", "docx"]) == ("svg", "png")


def test_an_entry_from_other_data_is_never_used(tmp_path, fresh):
    """Another data set's entry copied under this chart's key is refused (its header names its own key)."""
    store = ChartCache(tmp_path)
    other = bars(seed=7)
    assert other.digest() != bars().digest() and entry_key(other, "svg") != entry_key(bars(), "svg")
    charts.draw(other, cache=store)
    for enc in ("svg", "png"):
        src, dst = store._path(entry_key(other, enc)), store._path(entry_key(bars(), enc))
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(src.read_bytes())
    reader = ChartCache(tmp_path)
    assert charts.draw(bars(), cache=reader) == fresh["bars"]
    assert reader.rejected == 2 and reader.hits == 0
    assert ChartCache(tmp_path).get(bars(), ["svg", "png"]).keys() == {"svg", "png"}  # redrawn entries replaced them


@pytest.mark.parametrize("damage", ["flip", "truncate", "empty", "header"])
def test_a_damaged_entry_is_drawn_again(tmp_path, fresh, damage):
    charts.draw(bars(), cache=ChartCache(tmp_path))
    path = ChartCache(tmp_path)._path(entry_key(bars(), "png"))
    data = path.read_bytes()
    damaged = {
        "flip": data[:-10] + bytes([data[-10] ^ 0xFF]) + data[-9:],
        "truncate": data[: len(data) // 2],
        "empty": b"",
        "header": b"aimonthly-chart 1 nonsense\n" + data.partition(b"\n")[2],
    }[damage]
    path.write_bytes(damaged)
    reader = ChartCache(tmp_path)
    assert charts.draw(bars(), cache=reader).png == fresh["bars"].png
    assert reader.rejected == 1
    assert path.read_bytes() == data  # the good entry is back


def test_an_entry_from_another_library_version_is_never_used(tmp_path, monkeypatch, fresh):
    """A valid entry under this environment's key is used; change a library's version and it no longer is."""
    store = ChartCache(tmp_path)
    fake = charts.Chart(svg="<svg>from the cache</svg>", png=b"cached", width_cm=16, height_cm=bars().height_cm)
    store.put(bars(), fake)
    assert charts.draw(bars(), cache=ChartCache(tmp_path)) == fake  # the entry is what the cache gives back
    real = cache._version
    monkeypatch.setattr(cache, "_version", lambda dist: "99.0" if dist == "matplotlib" else real(dist))
    cache.environment.cache_clear()
    try:
        assert charts.draw(bars(), cache=ChartCache(tmp_path)) == fresh["bars"]
    finally:
        cache.environment.cache_clear()


def test_the_drawing_code_is_part_of_the_key(monkeypatch):
    before = entry_key(bars(), "svg")
    real = Path.read_bytes
    monkeypatch.setattr(
        Path, "read_bytes", lambda self: real(self) + b"# edited" if self.name == "figures.py" else real(self)
    )
    cache.environment.cache_clear()
    try:
        assert entry_key(bars(), "svg") != before
    finally:
        cache.environment.cache_clear()


def test_equal_specs_are_drawn_once_and_pruning_keeps_the_newest(tmp_path, monkeypatch):
    calls = []
    real = batch._draw
    monkeypatch.setattr(batch, "_draw", lambda jobs, workers: calls.append(len(jobs)) or real(jobs, workers))
    store = ChartCache(tmp_path, max_entries=3)
    out = charts.draw_all([bars(), bars(), bars(1), bars(2)], ["svg"], cache=store, workers=1)
    assert calls == [3] and out[0] == out[1] != out[2]
    entries = sorted(p for p in tmp_path.rglob("*") if p.is_file())
    assert len(entries) == 3
    for i, p in enumerate(entries):
        os.utime(p, ns=(i * 10**9, i * 10**9))
    store.max_entries = 2
    assert store.prune() == 1 and sorted(p for p in tmp_path.rglob("*") if p.is_file()) == entries[1:]


def test_workers_draw_the_same_bytes(tmp_path):
    specs = [bars(i) for i in range(4)]
    assert charts.draw_all(specs, ["svg", "png"], workers=2) == charts.draw_all(specs, ["svg", "png"], workers=1)


def test_an_unwritable_cache_only_costs_time(tmp_path, fresh):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert charts.draw(bars(), cache=ChartCache(blocker / "charts")) == fresh["bars"]


def test_the_setting_names_the_folder_or_turns_it_off(tmp_path, monkeypatch):
    from aimonthly.config import load_settings
    from aimonthly.pipeline import chart_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delitem(sys.modules, "platformdirs", raising=False)
    monkeypatch.setitem(sys.modules, "platformdirs", None)  # the fallback: $XDG_CACHE_HOME
    (tmp_path / "aimonthly.toml").write_text('chart_cache = "drawn"\n')
    assert chart_cache(load_settings(env={}, start=tmp_path)).folder == tmp_path / "drawn"
    assert chart_cache(load_settings(env={"AIMONTHLY_CHART_CACHE": "off"}, start=tmp_path)).folder is None
    assert (
        chart_cache(load_settings(env={}, start=tmp_path / "none")).folder == tmp_path / "xdg" / "aimonthly" / "charts"
    )


def test_a_cache_hit_imports_no_matplotlib(tmp_path):
    """Charts already in the cache cost no matplotlib import (about 0.3 s of every build)."""
    charts.draw(bars(), cache=ChartCache(tmp_path))
    code = (
        "import sys; sys.path.insert(0, %r); from test_chart_cache import bars; from aimonthly import charts; "
        "from aimonthly.charts.cache import ChartCache; c = charts.draw(bars(), cache=ChartCache(%r)); "
        "print(c.png[:4] == b'\\x89PNG', 'matplotlib' in sys.modules)"
    ) % (str(Path(__file__).parent), str(tmp_path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "False"]


@pytest.mark.slow
def test_a_build_draws_only_for_the_formats_that_show_pictures(demo_settings, tmp_path, monkeypatch):
    from aimonthly.pipeline import build_report

    asked = []
    real = batch._draw
    monkeypatch.setattr(batch, "_draw", lambda jobs, workers: asked.append([e for _, e in jobs]) or real(jobs, workers))
    r = build_report(
        demo_settings, "2024-04", formats=["json", "xlsx"], out_dir=tmp_path / "data", charts=ChartCache(None)
    )
    assert asked == [] and "charts" not in dict(r.timings) and sorted(r.files) == ["json", "xlsx"]
    r = build_report(demo_settings, "2024-04", formats=["docx"], out_dir=tmp_path / "word", charts=ChartCache(None))
    assert (
        len(asked) == 1 and len(asked[0]) == 14 and all(e == ("png",) for e in asked[0]) and "charts" in dict(r.timings)
    )
