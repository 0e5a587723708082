"""Wording.

Counts agree with their nouns in every message: "1 problem", "2 problems", never "(1 problems)" or
"problem(s)". Every f-string in the package is read: a value followed by a plural noun must go
through ``plural()`` (aimonthly.core.errors).

What the second month showed in the text and charts (issue 12, points 4–7): the category sentence
skips no category, Top sizes are the real ones, the growth exhibit says how many grew and its negative
labels never meet the names, no "0 款", no reason said twice, and the coverage allowances."""

from __future__ import annotations

import ast
import datetime as dt
import random
import re
from pathlib import Path

import pytest

from aimonthly import charts
from aimonthly.analytics.app_store import AppStoreFacts, Moves
from aimonthly.analytics.coverage import weekdays_between
from aimonthly.analytics.traffic import ListFacts
from aimonthly.core.errors import ConfigError, plural
from aimonthly.core.house import CoverageSettings, default_house
from aimonthly.analytics.market import MarketFacts
from aimonthly.narrative import app_store, market
from aimonthly.narrative import traffic as text
from aimonthly.report.traffic import growth_title

SRC = Path(__file__).resolve().parents[1] / "src" / "aimonthly"
PLURAL_AFTER_VALUE = re.compile(r"^ (?:more |other |new )?([a-z]+s)\b")
NOT_PLURALS = {
    "is",
    "as",
    "has",
    "was",
    "does",
    "exists",
    "starts",
    "takes",
    "disagrees",
    "holds",
    "needs",
    "says",
    "skips",
    "names",
    "lacks",
    "states",
    "maps",
    "matches",
    "prints",
    "lists",
    "resolves",
}


def findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    out = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and re.search(r"[a-z]\(s\)", node.value)
        ):
            out.append(f"{path.name}:{node.lineno}: {node.value.strip()[:50]!r}: use plural()")
        if isinstance(node, ast.JoinedStr):
            for a, b in zip(node.values, node.values[1:]):
                if (
                    isinstance(a, ast.FormattedValue)
                    and isinstance(b, ast.Constant)
                    and (m := PLURAL_AFTER_VALUE.match(b.value))
                    and m[1] not in NOT_PLURALS
                ):
                    out.append(f"{path.name}:{node.lineno}: {{{ast.unparse(a.value)}}}{b.value[:20]!r}: use plural()")
    return out


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_count_before_a_fixed_plural(path):
    assert findings(path) == []


def test_the_scan_catches_the_old_wording(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('n = 1\nA = f"rejected ({n} problems)"\nB = "3 check(s) failed"\nC = f"{n} is fine"\n')
    assert len(findings(bad)) == 2


@pytest.mark.parametrize(
    "n, noun, text",
    [(1, "problem", "1 problem"), (2, "problem", "2 problems"), (0, "row", "0 rows"), (1234, "row", "1,234 rows")],
)
def test_plural(n, noun, text):
    assert plural(n, noun) == text
    assert plural(1, "batch", "batches") == "1 batch" and plural(3, "batch", "batches") == "3 batches"


D = dt.date


def list_facts(
    shares: list[tuple[str, float]] | None = None, growth: list[float] | None = None, n: int = 50, **kw
) -> ListFacts:
    shares = shares or []
    growth = growth or []
    return ListFacts(
        list="global",
        month="2023-03",
        prev_month="2023-02",
        n_products=n,
        n_products_prev=n,
        top_visits=[
            {
                "rank": i + 1,
                "product": f"P{i}",
                "company": None,
                "category": None,
                "visits": 10**6 * (n - i),
                "mom": None,
            }
            for i in range(min(n, 20))
        ],
        top_growth=[
            {"rank": i + 1, "product": f"P{i}", "mom": m, "visits": 1, "category": None} for i, m in enumerate(growth)
        ],
        top_duration=[],
        category_share=[{"category": c, "share": s, "visits": 1} for c, s in shares],
        n_visits_over_100m=0,
        n_visits_over_100m_prev=None,
        top20_total_mom=None,
        n_rising_top50=kw.get("rising"),
        top5_same_order=None,
        prev_top5=[],
        min_visits_top=None,
        has_duration=False,
        has_category=bool(shares),
        pool_size=min(n, 50),
        n_growing=sum(1 for m in growth if m > 0),
    )


def mentioned(sentence: str) -> tuple[list[str], list[str]]:
    named = re.findall(r"([^，、；\s]+) ?占 [\d.]+%", sentence)
    ranged = [c.strip() for c in sentence.split("；")[1].split("等类别")[0].split("、")] if "；" in sentence else []
    return named, ranged


# -- 4. the category sentence -------------------------------------------------------------------------


def test_the_issue_case_names_translation_and_writing():
    shares = [
        ("个人聊天", 0.40),
        ("智慧搜索", 0.2),
        ("设计工具", 0.08),
        ("翻译", 0.054),
        ("写作与文本", 0.052),
        ("金融", 0.043),
        ("教育", 0.038),
        ("图片图像", 0.034),
        ("视频", 0.02),
    ]
    named, ranged = mentioned(text.categories(list_facts(shares)).text)
    assert named == ["个人聊天", "智慧搜索", "设计工具", "翻译", "写作与文本"]
    assert ranged == ["金融", "教育", "图片图像"]


@pytest.mark.parametrize("seed", range(40))
def test_no_category_larger_than_a_ranged_one_goes_unmentioned(seed):
    rnd = random.Random(seed)
    raw = sorted(
        (
            rnd.choice([rnd.uniform(0.001, 0.03), rnd.uniform(0.03, 0.05), rnd.uniform(0.05, 0.3)])
            for _ in range(rnd.randint(3, 14))
        ),
        reverse=True,
    )
    shares = [(f"类{i}", round(s / sum(raw), 6)) for i, s in enumerate(raw)]
    sentence = text.categories(list_facts(shares)).text
    named, ranged = mentioned(sentence)
    said = named + ranged
    assert said == [c for c, _ in shares[: len(said)]]  # a prefix of the ranking: nothing skipped
    in_band = sum(1 for _, s in shares[3:] if 0.03 <= s < 0.05)
    if in_band >= 2:  # a range: every category above it is named (up to six), and it reaches down to 3%
        assert len(ranged) >= 2 and (all(s < 0.05 for c, s in shares if c in ranged) or len(named) == 6)
        assert all(s < 0.03 for _, s in shares[len(said) :])
    else:  # no range to summarise: the three largest, as the reference prints them
        assert named == [c for c, _ in shares[:3]] and ranged == []


# -- 5. honest sizes ------------------------------------------------------------------------------------


def test_a_small_pool_is_called_by_its_size():
    f = list_facts([("甲", 0.6), ("乙", 0.4)], growth=[0.1], n=30, rising=1)
    assert (
        "Top30" in text.growth(f).text
        and "Top30" in text.categories(f).text
        and "Top50" not in text.growth(f).text + text.categories(f).text
    )
    assert f.pool_label == 30 and f.top_label == 20
    small = list_facts(n=12)
    assert small.top_label == 12


# -- 6. the growth exhibit ------------------------------------------------------------------------------


def test_growth_title_says_how_many_grew():
    assert growth_title(list_facts(growth=[0.3, 0.2, 0.1]))[0] == "全球访问量环比增速 Top3 AI 产品情况"
    assert (
        growth_title(list_facts(growth=[0.3, -0.1, -0.2]))[0]
        == "全球访问量环比增速居前的 3 款 AI 产品情况（仅 1 款环比增长）"
    )
    assert (
        growth_title(list_facts(growth=[-0.01, -0.1]))[0]
        == "全球访问量环比增速居前的 2 款 AI 产品情况（均未实现环比增长）"
    )


def test_growth_sentence_when_none_grew():
    f = list_facts(growth=[-0.01, -0.05, -0.1], rising=0)
    s = text.growth(f).text
    assert "没有产品访问量环比上升" in s and "0 款" not in s
    assert "环比降幅最小的是 P0、P1、P2，访问量环比分别下降 1.00%、5.00%、10.00%" in s


@pytest.mark.parametrize("values", [[0.27, 0.1, -0.0144, -0.0363, -0.1365], [-0.02, -0.13, -0.5], [0.5, -0.9]])
def test_negative_value_labels_never_meet_the_names(values, monkeypatch):
    """Every value label's box, as drawn, lies right of the axis's left edge, where no name is."""
    drawn = {}

    def keep(fig, width_cm, height_cm, encodings):
        drawn["fig"] = fig
        return charts.Chart()

    from aimonthly.charts import figures

    monkeypatch.setattr(figures, "_finish", keep)
    names = ["JanitorAI", "Microsoft Designer", "Perplexity", "Blackbox AI", "讯飞配音"][: len(values)]
    charts.draw(
        charts.hbar(
            names,
            values,
            value_labels=[f"{v * 100:.2f}%" for v in values],
            color="#8B1A1A",
            negative_color="#7A9E7E",
            percent=True,
        )
    )
    fig = drawn["fig"]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels = [t for t in ax.texts if t.get_text().strip().endswith("%")]
    ticks = [t for t in ax.get_yticklabels() if t.get_text()]
    assert len(labels) == len(values) and len(ticks) == len(values)
    for lab in labels:
        box = lab.get_window_extent(renderer)
        assert box.x0 >= ax.get_window_extent(renderer).x0  # inside the plot, never over the names
        assert box.x1 <= fig.bbox.x1  # and not cut off on the right
        for tick in ticks:
            assert not box.overlaps(tick.get_window_extent(renderer))
    import matplotlib.pyplot as plt

    plt.close(fig)


# -- 7. wording ------------------------------------------------------------------------------------------


def store_facts(new: Moves, up: Moves) -> AppStoreFacts:
    return AppStoreFacts(
        "ai应用",
        (D(2023, 3, 9), D(2023, 4, 9)),
        baseline_date=D(2023, 3, 9),
        last_date=D(2023, 4, 9),
        snapshots=[D(2023, 4, 9)],
        new_apps=new,
        rising_apps=up,
    )


def test_none_reached_the_top_is_said_in_words():
    s = app_store.movers(store_facts(Moves(4, 0, 0, []), Moves(3, 0, 0, []))).text
    assert "0 款" not in s
    assert "新进入结果的应用有 4 款，均未进入过前 10 名" in s and "排名上升的应用有 3 款，均未进入过前 10 名" in s
    s = app_store.movers(store_facts(Moves(4, 0, 2, []), Moves(3, 1, 1, []))).text
    assert "0 款" not in s and "其中 2 款曾进入前 10 名，但 4 月 9 日已不在榜" in s
    assert "其中 1 款进入过前 10 名且仍在榜" in s


def test_the_reason_a_stock_is_left_out_is_said_once():
    m = {
        "universe": "计算机",
        "n_universe": 3,
        "n_ranked": 2,
        "excluded": [{"code": "301691.SZ", "name": "衡云数智", "reason": "gap"}],
    }
    f = MarketFacts(
        (D(2024, 4, 1), D(2024, 4, 30)), None, None, {}, [], {"计算机": {"key": "computer", **m}}, D(2024, 1, 1)
    )
    note = market.excluded_note(f, "computer", "计算机").text
    assert note.count("区间首尾缺少收盘价") == 1
    assert note.endswith("衡云数智（301691.SZ，区间首尾缺少收盘价）未纳入排名。")


# -- coverage allowances -----------------------------------------------------------------------------------


def test_weekdays_between_counts_monday_to_friday():
    assert weekdays_between(D(2023, 4, 7), D(2023, 4, 9)) == 0  # Friday to Sunday
    assert weekdays_between(D(2023, 4, 7), D(2023, 4, 10)) == 1
    assert weekdays_between(D(2024, 5, 9), D(2024, 6, 9)) == 21
    brute = lambda a, b: sum(1 for k in range(1, (b - a).days + 1) if (a + dt.timedelta(days=k)).weekday() < 5)  # noqa: E731
    for k in range(60):
        a = D(2023, 1, 1) + dt.timedelta(days=k * 3)
        assert weekdays_between(a, a + dt.timedelta(days=k)) == brute(a, a + dt.timedelta(days=k))


def test_coverage_allowances_are_read_once_and_checked(tmp_path):
    from aimonthly.config import load_settings

    cov = default_house().coverage
    assert isinstance(cov, CoverageSettings) and cov.news_days == 3 and cov.capex_lag_days == 45  # house.toml
    assert cov.replace(news_days=0).news_days == 0
    (tmp_path / "aimonthly.toml").write_text("[house.coverage]\nnews_day = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[house.coverage\]: unknown key 'news_day'; did you mean 'news_days'\?"):
        load_settings(env={}, start=tmp_path)
    (tmp_path / "aimonthly.toml").write_text("[house.coverage]\nnews_days = -1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[house.coverage\]: news_days = -1 must be at least 0"):
        load_settings(env={}, start=tmp_path)


def test_a_section_without_rows_is_warned_about_once():
    from aimonthly.analytics import CoverageGap, MonthFacts, make_context

    ctx = make_context("2023-03")
    gaps = [
        CoverageGap("app_store", (D(2023, 3, 9), D(2023, 4, 9)), None),
        CoverageGap("market", (D(2023, 3, 1), D(2023, 4, 9)), D(2023, 3, 24)),
    ]
    facts = MonthFacts(ctx, {}, ["app_ranks"], gaps)
    assert [g.section for g in facts.gaps_beyond_missing()] == ["market"]
