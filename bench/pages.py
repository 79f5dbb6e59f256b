"""Synthetic text-dump pages (profile + listed works + doubled article) for benchmarks."""

from __future__ import annotations

from bench.corpus import generate


def synthetic_pages(count: int, seed: int = 7) -> list[bytes]:
    """``count`` UTF-8 pages shaped like the SIIS sample, deterministic for ``seed``."""
    records = list(generate(count + 40, seed))
    pages = []
    for index in range(count):
        work = records[index]
        listed = [r["title"] for r in records[index + 1 : index + 40]]
        author = work["authors"][0]
        lines = [
            "作者及其成果",
            f"- {author}",
            "- 研究员",
            *[f"- {u}" for u in work["units"]],
            "- [email protected]",
            *[f"- {t}" for t in listed + listed[:3]],
            work["title"],
            author,
            work["date"],
            *work["body"],
            *work["body"],
            "文献来源:",
        ]
        pages.append("\n".join(lines).encode("utf-8"))
    return pages


HTML_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}-上海国际问题研究院</title>
<meta name="keywords" content="上海国际问题研究院,智库"><script src="/js/site.js"></script></head>
<body><div class="top"><ul class="nav"><li><a href="/">首页</a></li>
<li><a href="/a">研究成果</a></li><li><a href="/b">专家团队</a></li>
<li><a href="/c">学术活动</a></li></ul></div>
<div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/a">研究成果</a></div>
<div class="article"><h1>{title}</h1>
<div class="info">作者：{authors}　文献来源：{source}　发布时间：{date}　【字体：大 中 小】</div>
<div class="content">{body}</div><div class="editor">责任编辑：王小明</div>
<div class="share">分享到：微信 微博</div></div>
<div class="related"><h3>相关文章</h3><ul>{related}</ul></div>
<div class="footer">Copyright © 2020 上海国际问题研究院 版权所有 沪ICP备05032088号</div>
</body></html>"""


def synthetic_html_pages(count: int, seed: int = 11) -> list[bytes]:
    """``count`` UTF-8 HTML article pages in a CMS layout (nav, breadcrumb, labelled fields,
    share bar, related links, footer), bodies from the corpus, deterministic for ``seed``."""
    records = list(generate(count + 5, seed))
    pages = []
    for index in range(count):
        work = records[index]
        body = "".join(f"<p>　　{p}</p>" for p in work["body"] + work["body"][:1])
        related = "".join(f"<li><a href='/r/{i}'>{r['title']}</a></li>"
                          for i, r in enumerate(records[index + 1 : index + 5]))  # fmt: skip
        page = HTML_PAGE.format(
            title=work["title"],
            authors="、".join(work["authors"]),
            source=work["source"] or "本站原创",
            date=work["date"],
            body=body,
            related=related,
        )
        pages.append(page.encode("utf-8"))
    return pages
