"""Named vocabularies and patterns for reading think-tank pages.

Every heuristic of the readers refers to a name here, so a new site convention is a new entry,
not a new ``if`` somewhere in a reader. Patterns are compiled once at import.
"""

from __future__ import annotations

import re

from zhiku.ingest.rules_profile import PROFILE_LABELS

# --- labelled fields --------------------------------------------------------------------------

#: Label as written → field. Matched at the start of a line (or after another field) and
#: followed by a full- or half-width colon.
FIELD_LABELS: dict[str, str] = {
    "作者": "authors",
    "作 者": "authors",
    "撰文": "authors",
    "撰稿": "authors",
    "撰稿人": "authors",
    "文": "authors",
    "author": "authors",
    "authors": "authors",
    "by": "authors",
    "written by": "authors",
    "执笔": "authors",
    "執筆": "authors",
    "撰写": "authors",
    "撰寫": "authors",
    "记者": "authors",
    "記者": "authors",
    "本报记者": "authors",
    "本報記者": "authors",
    "文献来源": "source",
    "文獻來源": "source",
    "来源": "source",
    "來源": "source",
    "出处": "source",
    "出處": "source",
    "原载": "source",
    "原載": "source",
    "刊载": "source",
    "刊載": "source",
    "转载自": "source",
    "轉載自": "source",
    "文章来源": "source",
    "文章來源": "source",
    "来源于": "source",
    "來源於": "source",
    "信息来源": "source",
    "信息來源": "source",
    "稿件来源": "source",
    "稿件來源": "source",
    "新闻来源": "source",
    "新聞來源": "source",
    "消息来源": "source",
    "消息來源": "source",
    "资料来源": "source",
    "資料來源": "source",
    "发表于": "source",
    "發表於": "source",
    "刊于": "source",
    "刊於": "source",
    "原文刊于": "source",
    "原文刊於": "source",
    "source": "source",
    "originally published in": "source",
    "first published in": "source",
    "publication": "source",
    "发布时间": "date",
    "发布日期": "date",
    "发表时间": "date",
    "发表日期": "date",
    "發布時間": "date",
    "發佈時間": "date",
    "發布日期": "date",
    "發佈日期": "date",
    "發表時間": "date",
    "發表日期": "date",
    "日期": "date",
    "时间": "date",
    "時間": "date",
    "更新时间": "date",
    "更新時間": "date",
    "刊发时间": "date",
    "刊发日期": "date",
    "发稿时间": "date",
    "發稿時間": "date",
    "录入时间": "date",
    "錄入時間": "date",
    "上线时间": "date",
    "发布于": "date",
    "發佈於": "date",
    "發布於": "date",
    "更新日期": "date",
    "出版时间": "date",
    "出版時間": "date",
    "出版日期": "date",
    "published": "date",
    "published on": "date",
    "publication date": "date",
    "posted": "date",
    "posted on": "date",
    "updated": "date",
    "updated on": "date",
    "last updated": "date",
    "first published": "date",
    "date": "date",
    "责任编辑": "editor",
    "責任編輯": "editor",
    "责编": "editor",
    "責編": "editor",
    "编辑": "editor",
    "編輯": "editor",
    "审核": "editor",
    "審核": "editor",
    "校对": "editor",
    "校對": "editor",
    "编审": "editor",
    "編審": "editor",
    "editor": "editor",
    "edited by": "editor",
    "原标题": "ignored",
    "原標題": "ignored",
    "字号": "ignored",
    "字號": "ignored",
    "供稿": "editor",
    "供稿单位": "editor",
    "供稿單位": "editor",
    "摄影": "editor",
    "攝影": "editor",
    "图片来源": "editor",
    "圖片來源": "editor",
    "翻译": "editor",
    "翻譯": "editor",
    "译者": "editor",
    "譯者": "editor",
    "通讯员": "editor",
    "通訊員": "editor",
    "值班编辑": "editor",
    "值班編輯": "editor",
    "网络编辑": "editor",
    "網絡編輯": "editor",
    "终审": "editor",
    "終審": "editor",
    "初审": "editor",
    "复审": "editor",
    "关键词": "keywords",
    "关键字": "keywords",
    "關鍵詞": "keywords",
    "關鍵字": "keywords",
    "keywords": "keywords",
    "tags": "keywords",
    "topics": "keywords",
    "标签": "keywords",
    "標籤": "keywords",
    "主题词": "keywords",
    "摘要": "abstract",
    "内容提要": "abstract",
    "內容提要": "abstract",
    "提要": "abstract",
    "abstract": "abstract",
    "summary": "abstract",
    "类型": "type",
    "類型": "type",
    "文章类型": "type",
    "成果类型": "type",
    "成果類型": "type",
    "栏目": "type",
    "欄目": "type",
    "type": "type",
    "publication type": "type",
    "content type": "type",
}


#: Source values that name the page's own site, not an outlet ("本站原创": first published
#: here): read as no outside source.
SELF_SOURCES = frozenset(
    {"本站原创", "本站", "原创", "本网原创", "本网", "本網原創", "本站原創", "original"}
)


_LABEL_ALTERNATION = "|".join(
    sorted((re.escape(k).replace(r"\ ", r"\s*") for k in FIELD_LABELS), key=len, reverse=True)
)
#: A labelled field: "来源：文汇报". Case-insensitive for Latin labels.
FIELD_LABEL = re.compile(rf"(?:^|(?<=\s))(?P<label>{_LABEL_ALTERNATION})\s*[:：]\s*", re.IGNORECASE)
#: "By Jane Doe" without a colon, the English byline convention.
BY_LINE = re.compile(r"^(?:(?:written|authored|posted)\s+)?by\s+(?P<names>\S.*)$", re.IGNORECASE)
#: "文/张三", "文 / 张三", "撰文/张三": the Chinese "text by" convention; and the reporter's
#: credit of news pages and interviews: "本报记者 张三", "澎湃新闻记者 王晓".
TEXT_BY = re.compile(
    r"^(?:(?:文|撰文|作者|执笔|執筆|撰稿|撰写|撰寫)\s*[/／|｜]|[\u4e00-\u9fff]{0,8}(?:记者|記者)\s*[:：]?)\s*(?P<names>\S.*)$"
)

_PROFILE_LABEL_ALTERNATION = "|".join(
    sorted((re.escape(k) for k in PROFILE_LABELS), key=len, reverse=True)
)
PROFILE_LABEL = re.compile(
    rf"^(?P<label>{_PROFILE_LABEL_ALTERNATION})\s*[:：]\s*(?P<value>.*)$", re.IGNORECASE
)

# --- people -----------------------------------------------------------------------------------


#: Unit name endings and the level of the unit they name (1 = centre/department,
#: 2 = institute, 3 = whole institution). Longest first.
UNIT_SUFFIXES: tuple[tuple[str, int], ...] = (
    ("研究中心", 1),
    ("研究室", 1),
    ("研究部", 1),
    ("中心", 1),
    ("研究所", 2),
    ("研究院", 3),
    ("科学院", 3),
    ("社会科学院", 3),
    ("学院", 2),
    ("大学", 3),
    ("智库", 3),
    ("基金会", 3),
    ("學院", 2),
    ("大學", 3),
    ("科學院", 3),
    ("基金會", 3),
    ("研究會", 3),
    ("研究会", 3),
    ("辦公室", 1),
    ("研究組", 1),
    ("研究组", 1),
    ("办公室", 1),
    ("编辑部", 1),
    ("系", 1),
    ("室", 1),
    ("部", 1),
    ("所", 2),
    ("院", 3),
    ("center", 1),
    ("centre", 1),
    ("program", 1),
    ("programme", 1),
    ("department", 1),
    ("institute", 2),
    ("school", 2),
    ("academy", 3),
    ("university", 3),
    ("foundation", 3),
)
#: English unit nouns, found anywhere in a capitalised name ("Center for Strategic and
#: International Studies", "Brookings Institution"), with the level they usually name.
UNIT_WORDS_EN: dict[str, int] = {
    "center": 1, "centre": 1, "centers": 1, "program": 1, "programme": 1, "project": 1,
    "department": 1, "office": 1, "initiative": 1, "institute": 2, "institutes": 2, "school": 2,
    "college": 2, "faculty": 2, "academy": 3, "university": 3, "foundation": 3, "endowment": 3,
    "institution": 3, "corporation": 3, "council": 3, "fund": 3,
}  # fmt: skip
#: Endings of a unit that may hold sub-units, with their rank: a compound affiliation such as
#: 上海国际问题研究院亚太研究中心 splits after a parent ending when what follows is a unit of
#: lower rank (亚太研究中心 under 上海国际问题研究院).
UNIT_PARENT_RANKS: dict[str, int] = {
    "社会科学院": 4, "社會科學院": 4, "科学院": 4, "科學院": 4, "大学": 4, "大學": 4,
    "研究院": 3, "学院": 2, "學院": 2, "研究所": 2,
}  # fmt: skip
#: The rank of a unit by its ending, for the child side of that split.
UNIT_CHILD_RANKS: dict[str, int] = {
    **UNIT_PARENT_RANKS, "研究中心": 1, "中心": 1, "研究室": 1, "研究部": 1, "办公室": 1,
    "辦公室": 1, "系": 1, "室": 1, "部": 1, "所": 2, "研究组": 1, "研究組": 1,
}  # fmt: skip
UNIT_KIND_BY_LEVEL = {1: "centre", 2: "institute", 3: "institution"}

#: Cloudflare's e-mail obfuscation placeholder, as it survives in text dumps.
CLOUDFLARE_PLACEHOLDER = re.compile(r"\[\s*email\s*(?:&#160;|&nbsp;|\s)*protected\s*\]", re.I)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")

#: Separators between names in a byline: 张三、李四 / 张三，李四 / 张三 李四 / A and B / A & B.
BYLINE_SEPARATORS = re.compile(r"\s*(?:[、，,;；/／|｜]|\band\b|&|与|和)\s*|\s+", re.IGNORECASE)

# --- dates ------------------------------------------------------------------------------------

MONTHS_EN = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
_MONTH_NAMES = "|".join(sorted(MONTHS_EN, key=len, reverse=True))
_TIME = (
    r"(?:[\sT,]+(?:at\s+)?\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?:\.\d+)?"
    r"(?:\s*(?:Z|[+-]\d{2}:?\d{2}|[ap]\.?m\.?))?"
    r"(?:\s*(?:UTC|GMT|EST|EDT|CST|PST|PDT|CET|CEST|BST|北京时间))?)?"
)
_WEEKDAY = r"(?:\s*(?:星期|周|礼拜)[一二三四五六日天])?"

#: Date patterns, each with named groups y, m, d (m and d optional). Tried in order; the whole
#: string must match (after stripping), so a date inside a sentence is not a date line.
DATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        rf"(?P<y>\d{{4}})\s*[-/.]\s*(?P<m>\d{{1,2}})\s*[-/.]\s*(?P<d>\d{{1,2}}){_TIME}",
        rf"(?P<y>\d{{4}})\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*[日号]?{_WEEKDAY}{_TIME}",
        r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:份)?",
        r"(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})",
        r"(?P<y>\d{4})\s*年?",
        rf"(?P<mn>{_MONTH_NAMES})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}}){_TIME}",
        rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mn>{_MONTH_NAMES})\.?,?\s+(?P<y>\d{{4}}){_TIME}",
        rf"(?P<mn>{_MONTH_NAMES})\.?,?\s+(?P<y>\d{{4}})",
        r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})",
        rf"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)"
        rf"(?P<d2>\d{{1,2}})?\s*(?P<mn>{_MONTH_NAMES})\.?\s+(?P<d>\d{{1,2}})?(?:st|nd|rd|th)?,?\s*"
        rf"(?P<y>\d{{4}}){_TIME}",
    )
)
#: A Minguo (Republic of China) year, as Taiwan writes dates: 民國102年 is 2013.
ROC_YEAR = re.compile(r"(?:中華民國|中华民国|民國|民国)\s*(?P<y>\d{1,3})(?=\s*年)")
#: Years we accept as publication dates (a think tank's output, not history).
YEAR_RANGE = (1900, 2100)

# --- types ------------------------------------------------------------------------------------

#: Endings of a title that name a conference summary (…研讨会综述, …论坛纪要).
CONFERENCE_MARKERS = re.compile(
    r"(?:研讨会|学术会议|会议|论坛|座谈会|年会|峰会|对话会|圆桌|workshop|conference|symposium|"
    r"forum|roundtable).{0,12}(?:综述|纪要|述要|简报|summary|report|proceedings)\s*$",
    re.IGNORECASE,
)
#: A title that says it is a report: ends with 报告 (and maybe a year) or begins with Report.
REPORT_MARKERS = re.compile(
    r"(?:研究报告|报告|蓝皮书|白皮书)\s*[（(]?\d{0,4}[)）]?\s*$|^report\b|\breport\s*(?:\d{4})?$",
    re.IGNORECASE,
)
#: A source that is a journal issue: 《国际问题研究》2015年第3期, Vol. 3, No. 2, 学报.
JOURNAL_SOURCE = re.compile(
    r"第\s*\d+\s*期|\d{4}\s*年\s*\d+\s*期|\bvol(?:ume)?\.?\s*\d+|\bno\.\s*\d+|学报|期刊|journal",
    re.IGNORECASE,
)
# Explicit type labels ("类型：报告", "[Report]") are the genres' aliases (zhiku/catalog/genres.py).
#: A title that names its own type before a separator: 专访｜张三：…, Interview: …
TITLE_TYPE_PREFIX = re.compile(
    r"^(?P<label>专访|專訪|访谈|訪談|对话|評論|评论|interview|q\s*&\s*a)\s*[｜|:：丨]\s*\S",
    re.IGNORECASE,
)
# Title-prefix labels are read through ``GENRES.by_title_prefix`` (genres' ``title_prefixes``).

# --- thresholds -------------------------------------------------------------------------------

#: Paragraphs shorter than this are not deduplicated (a repeated "（完）" is not a scrape error).
MIN_DEDUPE_CHARS = 8
#: Bytes that make a file binary: NUL or more than this share of control characters.
MAX_CONTROL_SHARE = 0.05
