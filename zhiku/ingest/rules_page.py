"""Page furniture: the headings, navigation, share buttons and notes that are not the text.

Part of the named vocabularies of ``rules.py`` (see there); split off by concern.
"""

from __future__ import annotations

import re

# --- page furniture ---------------------------------------------------------------------------

#: Headings that open an expert card ("author and their output", "expert profile", …).
PROFILE_HEADINGS = (
    "作者及其成果",
    "作者简介",
    "专家简介",
    "专家介绍",
    "专家信息",
    "研究人员",
    "人员简介",
    "个人简介",
    "作者介绍",
    "作者信息",
    "作者簡介",
    "專家簡介",
    "專家介紹",
    "研究人員",
    "個人簡介",
    "作者介紹",
    "about the author",
    "about the authors",
    "expert profile",
    "author profile",
    "about the expert",
)

#: Headings that introduce the listed works of a profile.
WORKS_HEADINGS = (
    "研究成果",
    "主要成果",
    "代表作",
    "代表性成果",
    "主要著作",
    "主要论著",
    "近期成果",
    "学术成果",
    "成果列表",
    "主要論著",
    "代表性成果",
    "近期成果",
    "學術成果",
    "publications",
    "selected publications",
    "recent publications",
    "recent work",
    "latest work",
    "books",
    "reports",
)

#: Headings after which a list is page furniture, not content (related links, next reads).
RELATED_HEADINGS = (
    "相关文章",
    "相关阅读",
    "推荐阅读",
    "延伸阅读",
    "相关链接",
    "热门文章",
    "最新文章",
    "相關文章",
    "相關閱讀",
    "推薦閱讀",
    "延伸閱讀",
    "熱門文章",
    "最新文章",
    "related articles",
    "related content",
    "related",
    "read more",
    "more from",
    "you may also like",
    "recommended",
    "more on this topic",
    "related books",
    "related topics",
    "related experts",
    # lists that follow a text on news and think-tank sites
    "热点排行", "热门排行", "排行榜", "24小时热闻", "热门推荐", "精彩推荐", "猜你喜欢", "为你推荐",
    "熱門排行", "熱門推薦", "精彩推薦", "猜你喜歡", "相关新闻", "相關新聞", "更多新闻", "更多新聞",
    "网友评论", "網友評論", "发表评论", "發表評論", "我要评论", "我要評論", "评论", "評論", "留言",
    "most read", "most popular", "trending", "popular", "more stories", "more in", "see also",
    "comments", "leave a comment", "join the conversation", "latest", "further reading",
)  # fmt: skip

#: A list item marker at the start of a line: "- ", "• ", "1. ", "1、", "(1)".
LIST_MARKER = re.compile(r"^\s*(?:[-*•·▪●◆■□○◇►▶]\s+|\d{1,3}[.、)）]\s*|[（(]\d{1,3}[)）]\s*)")

#: Names of share targets: a line made only of these (and separators) is a share bar.
SHARE_TARGETS = (
    "微信", "微博", "新浪微博", "腾讯微博", "QQ", "QQ空间", "QQ好友", "豆瓣", "人人网", "朋友圈",
    "复制链接", "複製連結", "twitter", "x", "facebook", "linkedin", "email", "e-mail", "print",
    "whatsapp", "reddit", "weibo", "wechat", "telegram", "line", "copy link", "more",
)  # fmt: skip
_ACTIONS = (
    r"打印本页|打印此文|打印|关闭窗口|关闭本页|关闭|返回顶部|回到顶部|收藏本页|加入收藏|返回列表|返回首页"
    r"|返回|列印本頁|列印|打印本頁|關閉視窗|關閉窗口|關閉|回到頂部|加入最愛"
)
#: Lines that are navigation, toolbars, share bars or footers: dropped wherever they appear.
NAV_NOISE = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^(?:当前位置|您的位置|你的位置|所在位置|现在位置|當前位置|您的位置|目前位置|所在位置)\s*[:：]",
        r"^(?:首页|主页|首頁|主頁)\s*(?:[>＞»/›]|&gt;)",
        r"^home\s*(?:[>»/›|]|&gt;)",
        r"^【?\s*(?:字体|字號|字号|字體)\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中"
        r"\s*[】\]]?\s*[【\[]?\s*小\s*[】\]]?\s*】?$",
        rf"^(?:[【\[]\s*)?(?:{_ACTIONS})(?:\s*[】\]])?(?:[\s|｜]*(?:[【\[]\s*)?(?:{_ACTIONS})"
        r"(?:\s*[】\]])?)*$",
        r"^(?:分享到|分享至|分享|share\s*(?:this(?:\s+(?:page|article))?|on)?)\s*[:：]?",
        r"^(?:上一篇|下一篇|上一条|下一条|上一篇文章|下一篇文章|上一則|下一則|previous|next)"
        r"(?:\s*(?:article|post|story))?\s*[:：]",
        r"(?:版权所有|版權所有|copyright\s*(?:©|\(c\))?|©\s*\d{4}|all rights reserved)",
        r"(?:[京沪粤浙苏津渝川鄂湘闽皖鲁豫冀晋辽吉黑赣桂琼贵云藏陕甘青宁新蒙]ICP[备证]|ICP备案"
        r"|公网安备|增值电信业务经营许可证)",
        r"^(?:扫一扫|扫描二维码|微信扫一扫|关注我们|掃一掃|關注我們|follow us)",
        r"^(?:浏览次数|阅读次数|点击数|点击量|访问量|阅读量|瀏覽次數|點擊數|閱讀次數|views?)"
        r"\s*[:：]?\s*\d*$",
        r"^(?:back to top|print this page|print|email this|download pdf|subscribe|sign up"
        r"(?: for [\w ]+)?|newsletter)$",
        r"^(?:本站|本网|本網)(?:声明|聲明|郑重声明)",
        r"^(?:点击)?(?:下载|下載)\S{0,12}$|^\S{0,8}(?:下载|下載)$|^download\b.{0,30}$",
        r"^(?:免责声明|免責聲明|disclaimer)\s*[:：]",
        # newsletter and subscription boxes inside or after an article
        r"^(?:subscribe to|sign up (?:for|to)|get the latest|get more (?:news|analysis)|join our"
        r"|already a subscriber|create a free account|订阅|訂閱|关注我们的|扫码关注)",
        # institutional disclaimers under a text
        r"(?:does not take institutional positions|views (?:expressed|represented) (?:here|in"
        r" this|herein)|do not necessarily (?:reflect|represent) the views|仅代表作者(?:个人)?观点"
        r"|僅代表作者(?:個人)?觀點|不代表本(?:站|网|網)(?:立场|立場|观点|觀點))",
        # licence lines of a site's own texts: 创用CC / Creative Commons
        r"(?:创用\s*CC|創用\s*CC|creative commons|CC BY(?:-[A-Z]{2})*\s*\d\.\d)",
        # correction and link buttons, "back to the portal" lines after a text
        r"^(?:【\s*(?:纠错|我要纠错|糾錯)\s*】|原文链接|原文鏈接|返回搜狐|点击(?:进入|查看)"
        r"|點擊(?:進入|查看)|更多精彩|查看原文|阅读原文|閱讀原文|read the original|view original)",
        # photo and image credits
        r"^(?:photo|image|picture|credit|photo credit|图片来源|圖片來源|图片|圖片|图|圖)"
        r"\s*[:：/|｜]\s*\S{1,40}$",
        # a site's footer: its address, telephone, sponsor, and copyright notices
        r"(?:^|\s)(?:地址|電話|电话|传真|傳真|邮编|郵編|主办单位|主辦單位|承办单位|承辦單位|技术支持"
        r"|技術支持|网站标识码|網站標識碼|联系电话|聯繫電話)\s*[:：]",
        r"(?:不得转载|不得轉載|未经授权|未經授權|非經授權|非经授权|禁止转载|禁止轉載|版权声明|版權聲明"
        r"|all rights reserved)",
        # the end mark of a news report: （完）, (完), 【完】, —完—
        r"^[（(【\[—\-]*\s*(?:完|终|終|end)\s*[)）】\]—\-]*$",
    )
)

#: An editor's note of a republishing site, before the text: not part of the work.
EDITOR_NOTE = re.compile(
    r"^(?:编者按|編者按|编者注|編者註|editor['’]s note)\s*[:：]", re.IGNORECASE
)

#: Inline toolbar fragments that sit on a metadata line ("发布时间：… 【字体：大 中 小】").
INLINE_NOISE = re.compile(
    r"【\s*(?:字体|字體|字号|字號)\s*[:：]?[^】]*】|(?:字体|字體|字号|字號)\s*[:：]\s*[\[【]?大[\]】]?\s*"
    r"[\[【]?中[\]】]?\s*[\[【]?小[\]】]?"
    rf"|【\s*(?:{_ACTIONS})\s*】|\[\s*(?:{_ACTIONS})\s*\]"
    r"|(?:浏览|阅读|点击|访问|瀏覽|閱讀|點擊)(?:次数|数|量|次數|數)?\s*[:：]\s*\d+\s*(?:次)?"
    r"|(?:views?|hits)\s*[:：]\s*\d+"
)
