"""A small, fixed Document for renderer tests (golden files): every block kind once or twice."""

from __future__ import annotations

import base64

from aimonthly.report.model import (
    Analyst,
    BulletList,
    Chart,
    Contact,
    Cover,
    DataTable,
    Document,
    Exhibit,
    House,
    Paragraph,
    Run,
    Section,
    TableBody,
)

# A 1x1 PNG and a tiny SVG: renderers must embed them, not inspect them.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200">'
    '<rect x="10" y="10" width="120" height="180" fill="#8B1A1A"/><text x="150" y="100">聊天机器人 35.3%</text></svg>'
)
SOURCE = "来源：SimilarWeb，非凡产研，示例证券研究所"


def sample_document() -> Document:
    top = Exhibit(
        number=1,
        key="traffic.global.top_visits",
        title="全球访问量 Top20 AI 产品排名情况",
        source=SOURCE,
        body=TableBody(
            header=("排名", "产品", "公司", "类别", "访问量（万次）", "环比"),
            rows=(
                ("1", "ChatGPT", "OpenAI", "聊天机器人", "180,000", "1.00%"),
                ("2", "Bing", "Microsoft", "智慧搜索", "120,000", "-2.10%"),
            ),
            align=("c", "l", "l", "l", "r", "r"),
            widths=(1, 3, 3, 2, 2, 1.5),
        ),
        data=DataTable(
            ("rank", "product", "company", "category", "visits", "mom"),
            (
                (1, "ChatGPT", "OpenAI", "聊天机器人", 1800000000, 0.01),
                (2, "Bing", "Microsoft", "智慧搜索", 1200000000, -0.021),
            ),
        ),
    )
    mix = Exhibit(
        number=2,
        key="traffic.global.category_share",
        title="全球访问量 Top50 AI 产品细分类别分布",
        source=SOURCE,
        body=Chart(svg=SVG, png=PNG, width_cm=14, height_cm=7),
        data=DataTable(("category", "share"), (("聊天机器人", 0.353), ("智慧搜索", 0.249))),
    )
    ann = Exhibit(
        number=3,
        key="announcements",
        title="AI 相关重点公司公告",
        source="来源：iFind，各公司公告，示例证券研究所",
        body=TableBody(
            header=("股票代码", "公司名称", "公告日期", "公告内容"),
            rows=(("300781.SZ", "因赛集团", "2024/5/7", "公司披露其营销大模型已完成多项商业化交付。" * 6),),
            widths=(1.2, 1, 1, 5),
            wrap=(False, False, False, True),
        ),
        data=DataTable(
            ("code", "company", "date", "content"),
            (("300781.SZ", "因赛集团", "2024-05-07", "公司披露其营销大模型已完成多项商业化交付。" * 6),),
        ),
    )
    s11 = Section(
        "1.1",
        "全球市场 AI 应用情况",
        (
            Paragraph.of("2024 年 4 月全球访问量 Top20 的 AI 应用中，月访问量过亿的应用共 9 款，与 3 月持平。"),
            top,
            mix,
        ),
    )
    s1 = Section("1", "AI 应用月度数据跟踪", (s11,))
    s2 = Section("2", "相关公司公告及行业新闻", (Section("2.1", "国内 AI 相关公司公告", (ann,)),))
    s3 = Section(
        "3",
        "投资建议",
        (
            BulletList(
                (
                    Paragraph(
                        (Run("计算机行业：", bold=True), Run("关注应用落地节奏。")),
                    ),
                    Paragraph(
                        (Run("传媒行业：", bold=True), Run("关注 AI 工具迭代。")),
                    ),
                )
            ),
        ),
    )
    s4 = Section(
        "4",
        "风险提示",
        (
            Paragraph.of("大模型迭代不及预期", kind="body", bold_prefix=None),
            Paragraph.of("若底层模型进展放缓，应用落地或慢于预期。"),
        ),
    )
    cover = Cover(
        title="巨头投入持续加码，关注 AI 产业链机会",
        sector="信息技术产业行业研究",
        rating="买入",
        rating_action="维持评级",
        report_type="行业月报",
        date="2024-05-10",
        analysts=(
            Analyst("李明", "S0000000000001", "liming@example.com"),
            Analyst("王芳", "S0000000000002", "wangfang@example.com"),
        ),
        summary=(
            Section(
                "",
                "投资逻辑",
                (Paragraph((Run("计算机行业观点：", bold=True), Run("应用落地有望加速。"))),),
                in_toc=False,
            ),
            Section("", "风险提示", (Paragraph.of("底层大模型迭代发展不及预期；算力不足的风险。"),), in_toc=False),
        ),
    )
    back = (
        Section(
            "",
            "行业投资评级的说明",
            (BulletList((Paragraph.of("买入：预期未来 3—6 个月内该行业相对沪深300的超额收益在 15% 以上；"),)),),
            in_toc=False,
        ),
        Section("", "特别声明", (Paragraph.of("本报告仅供参考。"),), in_toc=False),
    )
    house = House(
        firm_name="示例证券",
        institute="示例证券研究所",
        report_kind="证券研究报告",
        primary_color="#8B1A1A",
        accent_color="#C9A227",
        disclaimer_title="特别声明",
        contacts=(
            Contact.of(
                "上海", phone="021-00000000", email="research-sh@example.com", address="上海市浦东新区示例路 100 号"
            ),
        ),
    )
    return Document(month="2024-04", cover=cover, body=(s1, s2, s3, s4), back=back, house=house)
