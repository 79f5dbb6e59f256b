"""Named vocabularies and patterns for reading think-tank pages.

Every heuristic of the readers refers to a name here, so a new site convention is a new entry,
not a new ``if`` somewhere in a reader. Patterns are compiled once at import.
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
)

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
    "出版日期": "date",
    "published": "date",
    "published on": "date",
    "publication date": "date",
    "posted": "date",
    "posted on": "date",
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
    "关键词": "keywords",
    "关键字": "keywords",
    "關鍵詞": "keywords",
    "關鍵字": "keywords",
    "keywords": "keywords",
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

#: Labels of a profile written as fields ("姓名：张三 职称：研究员").
PROFILE_LABELS: dict[str, str] = {
    "姓名": "name",
    "name": "name",
    "职称": "title",
    "职务": "title",
    "title": "title",
    "部门": "units",
    "所在部门": "units",
    "单位": "units",
    "所在单位": "units",
    "工作单位": "units",
    "unit": "units",
    "affiliation": "units",
    "邮箱": "email",
    "电子邮箱": "email",
    "电子邮件": "email",
    "email": "email",
    "e-mail": "email",
    "简介": "bio",
    "个人简介": "bio",
    "簡介": "bio",
    "個人簡介": "bio",
    "bio": "bio",
    "biography": "bio",
    "英文名": "name_en",
    "英文姓名": "name_en",
    "姓名拼音": "name_en",
    "職稱": "title",
    "職務": "title",
    "position": "title",
    "所屬部門": "units",
    "部門": "units",
    "單位": "units",
    "所在單位": "units",
    "工作單位": "units",
    "郵箱": "email",
    "電子郵箱": "email",
    "電子郵件": "email",
    # Kept on the card but not stored: the catalog has no field for them (docs/ingest.md).
    "研究方向": "ignored",
    "研究领域": "ignored",
    "研究領域": "ignored",
    "学历": "ignored",
    "學歷": "ignored",
    "电话": "ignored",
    "電話": "ignored",
    "传真": "ignored",
    "research interests": "ignored",
    "expertise": "ignored",
    "areas of expertise": "ignored",
    "phone": "ignored",
    "tel": "ignored",
}

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
    r"^(?:(?:文|撰文|作者)\s*[/／|｜]|[\u4e00-\u9fff]{0,8}(?:记者|記者)\s*[:：]?)\s*(?P<names>\S.*)$"
)

_PROFILE_LABEL_ALTERNATION = "|".join(
    sorted((re.escape(k) for k in PROFILE_LABELS), key=len, reverse=True)
)
PROFILE_LABEL = re.compile(
    rf"^(?P<label>{_PROFILE_LABEL_ALTERNATION})\s*[:：]\s*(?P<value>.*)$", re.IGNORECASE
)

# --- people -----------------------------------------------------------------------------------

#: Academic and professional titles (职称/职务) with their English equivalents.
TITLE_EN: dict[str, str] = {
    "研究员": "Research Fellow",
    "副研究员": "Associate Research Fellow",
    "助理研究员": "Assistant Research Fellow",
    "研究实习员": "Research Assistant",
    "高级研究员": "Senior Fellow",
    "资深研究员": "Senior Fellow",
    "特聘研究员": "Distinguished Research Fellow",
    "特约研究员": "Adjunct Research Fellow",
    "客座研究员": "Visiting Research Fellow",
    "访问学者": "Visiting Scholar",
    "博士后": "Postdoctoral Fellow",
    "博士后研究人员": "Postdoctoral Fellow",
    "教授": "Professor",
    "副教授": "Associate Professor",
    "讲师": "Lecturer",
    "助教": "Teaching Assistant",
    "院长": "President",
    "副院长": "Vice President",
    "所长": "Director",
    "副所长": "Deputy Director",
    "主任": "Director",
    "副主任": "Deputy Director",
    "秘书长": "Secretary-General",
    "副秘书长": "Deputy Secretary-General",
    "执行主任": "Executive Director",
    "首席专家": "Chief Expert",
    "博士": "Ph.D.",
    "博士生导师": "Doctoral Supervisor",
    "博导": "Doctoral Supervisor",
    "研究員": "Research Fellow",
    "副研究員": "Associate Research Fellow",
    "助理研究員": "Assistant Research Fellow",
    "高級研究員": "Senior Fellow",
    "資深研究員": "Senior Fellow",
    "特約研究員": "Adjunct Research Fellow",
    "客座研究員": "Visiting Research Fellow",
    "訪問學者": "Visiting Scholar",
    "講師": "Lecturer",
    "董事長": "Chairman",
    "執行長": "Chief Executive",
    "院長": "President",
    "副院長": "Vice President",
    "秘書長": "Secretary-General",
    "理事长": "Chairman",
    "理事長": "Chairman",
    "Research Fellow": "Research Fellow",
    "Senior Research Fellow": "Senior Research Fellow",
    "Associate Research Fellow": "Associate Research Fellow",
    "Senior Fellow": "Senior Fellow",
    "Nonresident Senior Fellow": "Nonresident Senior Fellow",
    "Non-Resident Senior Fellow": "Nonresident Senior Fellow",
    "Fellow": "Fellow",
    "Visiting Fellow": "Visiting Fellow",
    "Visiting Scholar": "Visiting Scholar",
    "Nonresident Scholar": "Nonresident Scholar",
    "Senior Associate": "Senior Associate",
    "Research Associate": "Research Associate",
    "Researcher": "Researcher",
    "Senior Researcher": "Senior Researcher",
    "Professor": "Professor",
    "Associate Professor": "Associate Professor",
    "Assistant Professor": "Assistant Professor",
    "Adjunct Professor": "Adjunct Professor",
    "Director": "Director",
    "Deputy Director": "Deputy Director",
    "Senior Director": "Senior Director",
    "Executive Director": "Executive Director",
    "President": "President",
    "Vice President": "Vice President",
    "Senior Vice President": "Senior Vice President",
    "Chair": "Chair",
    "Chairman": "Chairman",
    "Senior Adviser": "Senior Adviser",
    "Senior Advisor": "Senior Adviser",
    "Political Scientist": "Political Scientist",
    "Senior Political Scientist": "Senior Political Scientist",
    "Economist": "Economist",
    "Senior Economist": "Senior Economist",
    "Policy Researcher": "Policy Researcher",
    "Senior Policy Researcher": "Senior Policy Researcher",
    "Analyst": "Analyst",
    "Senior Analyst": "Senior Analyst",
}
#: Words that qualify a title without changing it: "adjunct senior fellow", "visiting professor".
TITLE_MODIFIERS = ("adjunct", "nonresident", "non-resident", "visiting", "distinguished",
                   "honorary", "acting", "emeritus", "founding", "inaugural")  # fmt: skip
#: Titles as they are matched: longest first, so 副研究员 is not read as 研究员.
TITLES_LONGEST_FIRST = tuple(sorted(TITLE_EN, key=len, reverse=True))

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

#: The commonest Chinese surnames (single and compound), used to tell a byline from a word.
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 "
    "钟离 端木 独孤 南宫 西门 百里 呼延 万俟 闻人 澹台 申屠 太史 公羊 赫连 拓跋 "
    "公孫 南宮 司馬 尉遲 東方 歐陽 澹臺 獨孤 聞人 西門 諸葛 赫連 軒轅 鍾離 長孫".split()
)
SINGLE_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾"
    "毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰"
    "焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲"
    "房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟"
    "应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀"
    "郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴"
    "丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿"
    "鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富"
    "尧闭由"
)
#: The same surnames in Traditional characters (from OpenCC s2t, minus characters that are
#: Traditional only as words, such as 於 and 餘, so "於是" is not read as a name).
SINGLE_SURNAMES |= set(
    "來儲劉勞區厲叢吳呂喬單嚴國堯婁孫宮寧帥師張強應戰時晉楊榮樂樓權欒歐況湯溫滿烏畢盤盧竇簡紀練繆羅聞聶荊莊華萬葉蓋蔣蕭藍藺蘆"
    "蘇蘭衛計許談諶諸謝譚豐費賀賈賓趙車農連遲邊鄒鄔鄧鄭鄺銀錢門閆閉閔閻闕關闞陰陳陸陽雲鞏韋韓項顏顧饒馬馮駱魯鮑鮮麥黃黨齊龍龐龔鍾"
)

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
        rf"(?P<d2>\d{{1,2}})?\s*(?P<mn>{_MONTH_NAMES})\.?\s+(?P<d>\d{{1,2}})?,?\s*(?P<y>\d{{4}}){_TIME}",
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
#: A Chinese personal name is 2–4 Han characters (a few minority names run longer, with ·).
CJK_NAME_LENGTH = (2, 4)
#: Bytes that make a file binary: NUL or more than this share of control characters.
MAX_CONTROL_SHARE = 0.05

#: Surnames read differently from the same character in a word (单 is Shan, not dan).
SURNAME_PINYIN: dict[str, str] = {
    "单": "Shan", "曾": "Zeng", "解": "Xie", "仇": "Qiu", "朴": "Piao", "查": "Zha", "区": "Ou",
    "盖": "Ge", "缪": "Miao", "乐": "Yue", "覃": "Qin", "翟": "Zhai", "种": "Chong", "秘": "Bi",
    "折": "She", "那": "Na", "华": "Hua", "任": "Ren", "燕": "Yan", "薄": "Bo", "都": "Du",
    "员": "Yun", "宓": "Mi", "召": "Shao", "句": "Gou", "阚": "Kan", "晟": "Cheng", "沈": "Shen",
    "尉迟": "Yuchi", "万俟": "Moqi", "长孙": "Zhangsun", "令狐": "Linghu", "澹台": "Tantai",
    "单于": "Chanyu", "皇甫": "Huangfu", "欧阳": "Ouyang", "司马": "Sima", "诸葛": "Zhuge",
}  # fmt: skip
