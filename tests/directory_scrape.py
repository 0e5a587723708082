"""A real-shaped vendor case (issue 26), generated: six monthly scrapes of an AI-tool directory.

Each month's file holds ~1,400 listings (rank, tool, website, monthly visits, tags) as the directory
publishes them: English multi-label tags in the vendor's order ("AI search engine, Natural language
processing, …"), full figures above a million and "452.3K" below, and 368 rows a month with 0 visits
(the directory's "no estimate"). Planted, as the real scrape showed them:

- COPIED: a listing that carries its parent site's exact visits for five months, then falls 92%;
- COLLAPSED: a product of last month's Top 50 that falls 83% (a real fall, to be looked at);
- ZERO_NOW: a product of last month's Top 50 with 0 visits this month (no estimate, not a fall);
- ZERO_BEFORE: a product of this month's Top 50 with 0 visits last month (no 环比 to rank);
- a stable leader (ChatGPT, ~8× the next listing every month) and a registry of two products;
- tags an old rule read inside words ("Research" → search) or on a later tag than the first.

Everything is a function of the seed; nothing is written outside the folder given.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

MONTHS = ("2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06")
MONTH, PREV = MONTHS[-1], MONTHS[-2]
LISTINGS = 1400
ZEROS = 368
HEADER = ("Rank", "Tool", "Website", "Monthly Visits", "Tags")

PARENT, COPIED = "Canva", "Canva Magic Write"
COLLAPSED, ZERO_NOW, ZERO_BEFORE = "Gamma Notes", "Delta Voice", "Sigma Clips"
LEADER = "ChatGPT"
PLANTED = (COPIED, COLLAPSED, ZERO_NOW, ZERO_BEFORE)
SHOWN = (LEADER, "Perplexity", "OpenAI", "Midjourney", "CapCut", "Otter")  # the products whose tags mislead
# their house category when the first tag a rule maps decides, rules matching whole words
CATEGORIES = {
    LEADER: "聊天机器人",
    "Perplexity": "智慧搜索",
    "OpenAI": "开发者工具",
    "Midjourney": "图片图像",
    "CapCut": "图片图像",
    "Otter": "语音",
    PARENT: "设计工具",
}

# name -> (website, tags in the vendor's order, visits in 2024-01 or None for the generic curve)
NAMED: dict[str, tuple[str, str, int | None]] = {
    LEADER: (
        "https://chat.openai.com",
        "AI Chatbot, Large language models, Research, Writing assistant",
        4_100_000_000,
    ),
    PARENT: ("https://www.canva.com", "Design, Presentation, Photo editing", 505_312_417),
    COPIED: ("https://magicwrite.canva.com", "AI Writing, Copywriting, Design", None),
    "Perplexity": (
        "https://www.perplexity.ai",
        "AI search engine, Natural language processing, Answer engine, Research, AI Chatbot",
        291_004_233,
    ),
    "OpenAI": ("https://openai.com", "Research, AI models, API", 262_117_809),
    "Midjourney": ("https://www.midjourney.com", "Image generation, Art, Research", 201_553_120),
    "CapCut": ("https://www.capcut.com", "Photo editing, Video editing, Templates", 153_889_472),
    "Otter": ("https://otter.ai", "Transcription, Meeting notes, Video captions", 61_245_908),
    COLLAPSED: ("https://gammanotes.app", "Note taking, Productivity", 36_120_551),
    ZERO_NOW: ("https://deltavoice.io", "Text to speech, Voice cloning", 19_877_245),
    ZERO_BEFORE: ("https://sigmaclips.ai", "AI Video generator, Short clips", 0),
}
REGISTRY = (
    {"product": LEADER, "domain": "chat.openai.com", "company": "OpenAI"},
    {"product": "Midjourney", "domain": "midjourney.com", "company": "Midjourney"},
)

_FIRST = [
    "Nova",
    "Quill",
    "Pixel",
    "Echo",
    "Vector",
    "Lumen",
    "Atlas",
    "Orbit",
    "Cinder",
    "Prism",
    "Tidal",
    "Zen",
    "Mosaic",
    "Pilot",
    "Fable",
    "Kite",
    "Lyric",
    "Marble",
    "Nimbus",
    "Onyx",
    "Pulse",
    "Quartz",
    "Ripple",
    "Summit",
    "Tango",
    "Umbra",
    "Vivid",
    "Willow",
    "Xeno",
    "Yarrow",
    "Zephyr",
    "Amber",
    "Beacon",
    "Cobalt",
    "Dune",
    "Ember",
    "Flint",
    "Grove",
    "Harbor",
    "Indigo",
]
_SECOND = [
    "Write",
    "Chat",
    "Draw",
    "Voice",
    "Code",
    "Slides",
    "Search",
    "Tutor",
    "Clip",
    "Notes",
    "Mail",
    "Docs",
    "Sketch",
    "Tune",
    "Lens",
    "Mind",
    "Flow",
    "Scribe",
    "Canvas",
    "Sense",
    "Forge",
    "Spark",
    "Craft",
    "Loop",
    "Desk",
    "Frame",
    "Brief",
    "Quest",
    "Pal",
    "Studio",
    "Muse",
    "Cast",
    "Board",
    "Gram",
    "Plan",
    "Talk",
]
# The first tag of a generic listing, and the tags that may follow it (some map to no house category).
_FIRST_TAGS = [
    "AI Chatbot",
    "AI Writing",
    "Image generation",
    "AI Video generator",
    "Text to speech",
    "Code assistant",
    "Presentation",
    "Translation",
    "Education",
    "Productivity",
    "Music generator",
    "Photo editing",
    "Finance",
    "AI search engine",
    "Copywriting",
    "Design",
]
_MORE_TAGS = [
    "Natural language processing",
    "Research",
    "No-code",
    "Marketing",
    "Templates",
    "Automation",
    "Summarizer",
    "Art",
    "Productivity",
    "Chrome extension",
    "Free trial",
    "Social media",
    "SEO",
]


def _names(rng: random.Random) -> list[str]:
    pairs = [f"{a} {b}" for a in _FIRST for b in _SECOND]
    rng.shuffle(pairs)
    return [p for p in pairs if p not in NAMED][: LISTINGS - len(NAMED)]


def listings(seed: int = 26) -> dict[str, dict]:
    """Every listing: website, tags and its visits per month (0 = the directory has no estimate)."""
    rng = random.Random(seed)
    out: dict[str, dict] = {}
    generic = _names(rng)
    for i, name in enumerate(generic):
        rank = i + 12
        base = int(300_000_000 * (rank / 4) ** -1.25)
        tags = [rng.choice(_FIRST_TAGS)] + rng.sample(_MORE_TAGS, rng.randint(1, 3))
        slug = name.lower().replace(" ", "")
        out[name] = {"website": f"https://{slug}.ai", "tags": ", ".join(tags), "base": base}
    for name, (site, tags, base) in NAMED.items():
        out[name] = {"website": site, "tags": tags, "base": base}
    walk = {name: 1.0 for name in out}
    tail = generic[-(ZEROS + 1) :]  # the smallest listings: the directory's "no estimate"
    zeros = {month: set(tail[:ZEROS]) for month in MONTHS}  # 368 a month, one of them a pool product below
    zeros[MONTH], zeros[PREV] = set(tail[: ZEROS - 1]), set(tail[1:ZEROS])
    for m_i, month in enumerate(MONTHS):
        for name in generic:
            walk[name] *= rng.uniform(0.97, 1.025)
            v = 0 if name in zeros[month] else max(1_000, int(out[name]["base"] * walk[name]))
            out[name].setdefault("visits", {})[month] = v
        grow = {name: int(base * (1 + 0.006 * m_i)) for name, (_, _, base) in NAMED.items() if base}
        parent = int(NAMED[PARENT][2] * (1 + 0.004 * m_i))  # type: ignore[operator]
        last_copy = int(NAMED[PARENT][2] * (1 + 0.004 * (len(MONTHS) - 2)))  # type: ignore[operator]
        fixed = {
            LEADER: int(4_100_000_000 * (1 + 0.01 * m_i)) - (37_000_000 if month == MONTH else 0),
            PARENT: parent,
            COPIED: parent if month != MONTH else int(last_copy * 0.08),  # the parent's figure, then its own: -92%
            COLLAPSED: int(36_120_551 * (1 + 0.01 * m_i)) if month != MONTH else int(36_120_551 * 1.04 * 0.17),
            ZERO_NOW: 0 if month == MONTH else int(19_877_245 * (1 + 0.02 * m_i)),
            ZERO_BEFORE: 0 if month == PREV else 38_406_112 if month == MONTH else int(30_102_334 * (1 + 0.01 * m_i)),
        }
        for name in NAMED:
            out[name].setdefault("visits", {})[month] = fixed.get(name, grow.get(name, 0))
    return out


def vendor_figure(n: int) -> str:
    """As the directory prints it: full figures from a million up, '452.3K' below, 0 as 0."""
    if n >= 1_000_000 or n == 0:
        return str(n)
    return f"{n / 1000:.1f}K"


def exported(n: int) -> int:
    """The figure ingest reads back from vendor_figure (K figures are rounded to 100)."""
    return n if n >= 1_000_000 or n == 0 else int(round(n / 100) * 100)


def write_month(folder: Path, month: str, rows: dict[str, dict] | None = None) -> Path:
    rows = rows if rows is not None else listings()
    folder.mkdir(parents=True, exist_ok=True)
    ordered = sorted(rows.items(), key=lambda kv: (-kv[1]["visits"][month], kv[0]))
    path = folder / f"toolify_{month}.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for rank, (name, e) in enumerate(ordered, 1):
            w.writerow([rank, name, e["website"], vendor_figure(e["visits"][month]), e["tags"]])
    return path


def write_registry(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "products.csv"
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["product", "domain", "company"])
        w.writeheader()
        w.writerows(REGISTRY)
    return path


def write_all(folder: Path) -> dict[str, Path]:
    rows = listings()
    out = {month: write_month(folder, month, rows) for month in MONTHS}
    out["products"] = write_registry(folder)
    return out


INGEST_OPTIONS = {"mapping": {"category": "Tags"}}  # the directory calls its categories "Tags"


def ingest_all(warehouse, folder: Path) -> None:
    """Every month as the desk ingests it by hand: --month, --list global, --map category=Tags."""
    from aimonthly.ingest import ingest_file

    files = write_all(folder)
    ingest_file(warehouse, "products", files["products"])
    for month in MONTHS:
        ingest_file(warehouse, "traffic", files[month], fill={"month": month, "list": "global"}, **INGEST_OPTIONS)
