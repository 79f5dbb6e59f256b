"""Vocabularies of an article's metadata beyond labelled fields: who a byline or a news
dateline credits, and the column labels that stand before a headline."""

from __future__ import annotations

import re

#: A labelled author that is an organisation: a research group, an editorial board, a ministry.
ORGANISATION_AUTHOR = re.compile(
    r"(?:课题组|課題組|编辑部|編輯部|评论员|評論員|研究部|研究室|委员会|委員會|办公室|辦公室|联合课题组"
    r"|本报评论部|本報評論部|社论|社論)$"
)

#: A news dateline's credit: "新华社北京12月14日电（记者 王思远 胡晓）", "新京报讯（记者 张三）",
#: "本报北京5月6日讯 (记者 李四)", "中新网北京5月6日电(记者 王五)".
DATELINE_CREDIT = re.compile(
    r"^[^（(。，]{0,30}?(?:电|電|讯|訊|消息|报道|報道)\s*[（(]\s*(?:本报|本報)?(?:记者|記者)\s*[:：]?\s*"
    r"(?P<names>[^）)]{2,60}?)\s*[)）]"
    # Taiwan's CNA: "（中央社記者楊淑婷台北19日電）"
    r"|^[（(]\s*[\u4e00-\u9fff]{2,6}?(?:记者|記者)\s*(?P<cna>[\u4e00-\u9fff]{2,4}(?:[、，][\u4e00-\u9fff]{2,4})*)"
    r"(?=[\u4e00-\u9fff]{2,3}\d{1,2}日(?:电|電))"
)

#: Who else a dateline credits: not authors of the report.
NOT_REPORTERS = re.compile(
    r"\s*(?:通讯员|通訊員|实习生|實習生|实习记者|實習記者|摄影|攝影|编辑|編輯)"
)

#: An outlet's role word before a writer's name in a byline: "新京报评论员 钟书阳",
#: "专栏作者 王五", "特约撰稿人 李四" (the role is not part of the name).
WRITER_ROLE = re.compile(
    r"^[\u4e00-\u9fff]{0,10}?(?:特约评论员|特約評論員|评论员|評論員|专栏作者|專欄作者|专栏作家|專欄作家"
    r"|特约撰稿人|特約撰稿人|撰稿人|主笔|主筆|特约记者|特約記者|首席记者|首席記者|记者|記者)\s*[:：]?\s*(?=\S)"
)

#: A column's label before a headline, not part of it: "社评：…", "【觀點】…", "Opinion | …".
#: (Interview prefixes such as 专访｜ stay: they are part of the headline.)
COLUMN_PREFIX = re.compile(
    r"^(?:(?P<label>社评|社評|社论|社論|短评|短評|时评|時評|快评|快評|观点|觀點|论坛|論壇|评论员文章|"
    r"評論員文章|opinion|commentary|analysis|op-ed|editorial|perspective)\s*[｜|:：丨]\s*"
    r"|[【\[](?P<bracketed>[^】\]]{1,8})[】\]]\s*)(?=\S)",
    re.IGNORECASE,
)

#: A date in a cell or a line of a list: 2019-12-02, 2019/11/19, 2019年11月19日, 3 June 2021,
#: Nov. 3, 2020.
DATE_IN_CELL = re.compile(
    r"\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct"
    r"|nov|dec)[a-z]*\.?\s+\d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?"
    r"\s+\d{4}",
    re.IGNORECASE,
)

#: A sentence after (or before) a text naming where it first appeared: the work's source.
#: "This article was originally published in Foreign Affairs.", "本文原载于《文汇报》",
#: "（本文刊于《国际问题研究》2019年第3期）".
FIRST_APPEARED = re.compile(
    r"^[（(]?\s*(?:this (?:article|piece|commentary|op-ed|essay|analysis) (?:was |is )?"
    r"(?:originally |first )?(?:published|appeared|ran) (?:in|on|by|at)\s+(?:the\s+)?"
    r"|(?:originally|first) (?:published|appeared) (?:in|on|by)\s+(?:the\s+)?"
    r"|(?:本文|此文|该文|該文)?(?:原载|原載|原刊|首发|首發|刊载|刊載|刊发|刊發|发表|發表|刊)(?:于|於|在)\s*)"
    r"(?P<source>[^，,。.（(）)]{2,60}?)\s*(?:[，,]\s*.{0,40})?[。.]?\s*[)）]?$",
    re.IGNORECASE,
)
