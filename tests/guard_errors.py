"""The operators that plant one error in a true sentence of tests/guard_set.py: each returns the
sentence with the error, or None when the sentence has nothing it can change. A changed or borrowed
number avoids a value the item states elsewhere (moving a number between the nouns of one item is a
documented limit of the guard, not an error the set measures)."""

from __future__ import annotations

import re

_NUM = re.compile(r"(?<![A-Za-z\d.,\-])\d[\d,]*(?:\.\d+)?(?![\d.]*\s*[月日年号])(?![A-Za-z\d])")
INVENTED_LATIN = ("Zephyr", "NovaMind", "Quasar", "Orbitron", "Halcyon", "Vantage", "Kestrel")
INVENTED_CJK = ("远航科技", "弦月集团", "天枢大模型", "“极光”", "星澜科技", "“玄鸟”", "北冥集团")
OTHER_NUMBERS = (
    "12 亿元",
    "3,500 万",
    "85 亿美元",
    "6.5 亿美元",
    "27 亿美元",
    "1.2 万张",
    "800 万",
    "4,999 元",
    "420 万",
    "5000 万元",
    "350 万",
    "9 万美元",
    "2,000 万台",
    "86.4%",
    "62%",
    "91.2%",
    "27.5%",
    "30 美元",
    "49 克",
    "23.5 分钟",
    "700 瓦",
    "1.05 亿元",
)


def changed_digit(s: str, source: str, k: int) -> str | None:
    nums = list(_NUM.finditer(s))
    if not nums:
        return None
    m = nums[k % len(nums)]
    digits = [i for i, ch in enumerate(m[0]) if ch.isdigit() and ch != "0"]
    for step in range(1, 9):
        i = digits[-1]
        new = m[0][:i] + str((int(m[0][i]) + step) % 10) + m[0][i + 1 :]
        if new.replace(",", "") not in source.replace(",", "") and not new.startswith("0"):
            return s[: m.start()] + new + s[m.end() :]
    return None


def wan_for_yi(s: str, source: str, k: int) -> str | None:
    if re.search(r"(?<!万)亿", s):
        return re.sub(r"(?<!万)亿", "万", s, count=1)
    if re.search(r"万(?!亿)", s):
        return re.sub(r"万(?!亿)", "亿", s, count=1)
    return None


def pct_for_pp(s: str, source: str, k: int) -> str | None:
    if "个百分点" in s:
        return s.replace(" 个百分点", "%", 1).replace("个百分点", "%", 1)
    if re.search(r"\d%", s):
        return re.sub(r"(\d)%", r"\1 个百分点", s, count=1)
    return None


def wrong_date(s: str, source: str, k: int) -> str | None:
    m = re.search(r"(\d{1,2}) 月 (\d{1,2}) 日", s)
    if m:
        day = int(m[2]) + 1 if int(m[2]) < 28 else int(m[2]) - 1
        return s[: m.start()] + f"{m[1]} 月 {day} 日" + s[m.end() :]
    m = re.search(r"(20\d\d) 年", s)
    if m:
        return s[: m.start()] + f"{int(m[1]) + 1} 年" + s[m.end() :]
    m = re.search(r"(\d{1,2}) 月", s)
    if m:
        return s[: m.start()] + f"{int(m[1]) % 12 + 1} 月" + s[m.end() :]
    return None


def invented_name(s: str, names: tuple[str, ...], k: int) -> str | None:
    for name in names:
        if name and name in s:
            pool = INVENTED_LATIN if re.match(r"[A-Za-z]", name) else INVENTED_CJK
            invented = pool[k % len(pool)]
            if f"“{name}”" in s:  # already quoted
                invented = invented.strip("“”")
            return s.replace(name, invented, 1)
    return None


def other_item_number(s: str, source: str, k: int) -> str | None:
    nums = [
        x
        for x in re.finditer(r"\d[\d,]*(?:\.\d+)?\s*(?:万|亿)?\s*(?:美元|元|张|台|%|分钟|克|瓦)?", s)
        if not re.match(r"\s*[月日年号]", s[x.end() :]) and not re.search(r"[A-Za-z\-]$", s[: x.start()])
    ]
    if not nums:
        return None
    m = nums[k % len(nums)]
    unit = re.sub(r"[\d,.\s]", "", m[0])
    pool = [
        n
        for n in OTHER_NUMBERS
        if re.sub(r"[\d,.\s]", "", n) == unit
        and n.replace(",", "").replace(" ", "") not in source.replace(",", "").replace(" ", "")
    ]
    if not pool:
        return None
    return s[: m.start()] + pool[k % len(pool)] + s[m.end() :]
