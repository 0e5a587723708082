"""The demo's Word file laid out by LibreOffice (headless): as long as the PDF, contents readable before any update.

LibreOffice never updates the TOC fields on loading, so its pages show exactly what the file carries. The
Word font (微软雅黑) is not on Linux; a fontconfig file made for the test points it at the CJK font the PDF
embeds, as a reader's Office would use the font itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from aimonthly.core.fonts import cjk_font
from test_render_docx import simulate_word_numbers

pytestmark = pytest.mark.slow
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _fontconfig(folder: Path) -> Path:
    font = cjk_font()
    extra = f"<dir>{font.path.parent}</dir>" if font.path is not None else ""
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"{extra}<cachedir>{folder / 'cache'}</cachedir>"
        + "".join(
            f'<alias binding="same"><family>{name}</family><prefer><family>Noto Sans CJK SC</family></prefer></alias>'
            for name in ("微软雅黑", "Microsoft YaHei")
        )
        + "</fontconfig>\n",
        encoding="utf-8",
    )
    return conf


@pytest.fixture(scope="module")
def word_pdf(demo_report, tmp_path_factory) -> Path:
    if SOFFICE is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed: `make test` installs it (tools/system-deps.sh "
            "libreoffice-writer); without it the Word file's layout cannot be checked"
        )
    tmp = tmp_path_factory.mktemp("libreoffice")
    env = {**os.environ, "FONTCONFIG_FILE": str(_fontconfig(tmp)), "HOME": str(tmp)}
    cmd = [
        SOFFICE,
        "--headless",
        "--norestore",
        f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp),
        str(demo_report.files["docx"]),
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    pdf = tmp / "report.pdf"
    assert pdf.is_file(), f"LibreOffice did not convert the Word file: {done.stdout} {done.stderr}"
    return pdf


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_page_count_within_one_of_the_pdf(word_pdf, demo_report):
    word, pdf = len(PdfReader(word_pdf).pages), len(PdfReader(demo_report.files["pdf"]).pages)
    assert abs(word - pdf) <= 1, (word, pdf)


def test_contents_page_lists_every_heading_and_figure_before_any_update(word_pdf, demo_report):
    page = _flat(PdfReader(word_pdf).pages[1].extract_text())
    d = docx.Document(demo_report.files["docx"])
    headings = simulate_word_numbers(demo_report.files["docx"])
    captions = [p.text for p in d.paragraphs if p.style.name == "Caption"]
    assert len(headings) >= 8 and len(captions) >= 10
    missing = [f"{label} {title}" for label, title in headings if _flat(label + title) not in page]
    missing += [c for c in captions if _flat(c) not in page]
    assert not missing
    assert page.index(_flat("内容目录")) < page.index(_flat(headings[-1][1])) < page.index(_flat("图表目录"))


def test_cover_has_no_page_number_and_each_page_the_compliance_line(word_pdf):
    pages = [p.extract_text() for p in PdfReader(word_pdf).pages]
    assert all("敬请参阅最后一页特别声明" in _flat(t) for t in pages)
    assert "-1-" not in _flat(pages[0]) and "行业月报" not in pages[0].splitlines()[0]
    assert "-3-" in _flat(pages[2])


def test_table_headers_keep_their_words_on_one_line(word_pdf, demo_report):
    d = docx.Document(demo_report.files["docx"])
    headers = {c.text for t in d.tables for c in t.rows[0].cells if len(c.text) >= 3 and " " not in c.text}
    assert {"最高排名日期", "最高排名", "股票代码"} <= headers
    text = "\n".join(re.sub(r"[ \t]", "", p.extract_text()) for p in PdfReader(word_pdf).pages)
    assert [h for h in headers if h not in text] == []
