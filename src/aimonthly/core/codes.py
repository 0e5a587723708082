"""Listed companies' codes in one form: the number with its exchange suffix (300781.SZ)."""

from __future__ import annotations

import re
import unicodedata

_PREFIXED = re.compile(r"^(SH|SZ|BJ|HK)[.\-_:]?(\d{1,6})$")
_SUFFIXED = re.compile(r"^(\d{1,6})(?:[.\-_:]?(SH|SZ|BJ|HK|SS|SE))?$")


def normalise_code(code: str) -> str:
    """A listed company's code with its exchange suffix: 300781 -> 300781.SZ, sh600519 -> 600519.SH,
    830799 / 430047 / 920001 -> .BJ, 700 / 0700.HK / HK00700 -> 00700.HK. Anything else is returned
    as written (upper-cased), e.g. US tickers."""
    s = unicodedata.normalize("NFKC", str(code)).strip().upper().replace(" ", "")
    num = ex = None
    if m := _PREFIXED.match(s):
        ex, num = m[1], m[2]
    elif m := _SUFFIXED.match(s):
        num, ex = m[1], {"SS": "SH", "SE": "SZ"}.get(m[2], m[2])
    if num is None:
        return s
    if ex == "HK" or (ex is None and len(num) <= 5):
        return f"{int(num):05d}.HK"
    num = num.zfill(6)
    if ex is None:
        ex = (
            "BJ" if num[0] in "48" or num.startswith("92") else "SH" if num[0] in "569" else "SZ"
        )  # 60/68 (and 5/9: funds, B shares) in Shanghai; 00/30/20/1 in Shenzhen
    return f"{num}.{ex}"
