"""Personal names: Chinese surnames, what looks like a name, and romanisation (surname first)."""

from __future__ import annotations

import re

from zhiku.text.scripts import HAN

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

#: A Chinese personal name is 2–4 Han characters (a few minority names run longer, with ·).
CJK_NAME_LENGTH = (2, 4)

#: Surnames read differently from the same character in a word (单 is Shan, not dan).
SURNAME_PINYIN: dict[str, str] = {
    "单": "Shan", "曾": "Zeng", "解": "Xie", "仇": "Qiu", "朴": "Piao", "查": "Zha", "区": "Ou",
    "盖": "Ge", "缪": "Miao", "乐": "Yue", "覃": "Qin", "翟": "Zhai", "种": "Chong", "秘": "Bi",
    "折": "She", "那": "Na", "华": "Hua", "任": "Ren", "燕": "Yan", "薄": "Bo", "都": "Du",
    "员": "Yun", "宓": "Mi", "召": "Shao", "句": "Gou", "阚": "Kan", "晟": "Cheng", "沈": "Shen",
    "尉迟": "Yuchi", "万俟": "Moqi", "长孙": "Zhangsun", "令狐": "Linghu", "澹台": "Tantai",
    "单于": "Chanyu", "皇甫": "Huangfu", "欧阳": "Ouyang", "司马": "Sima", "诸葛": "Zhuge",
}  # fmt: skip


def is_chinese_name(text: str) -> bool:
    """True for a plausible Chinese personal name: a known surname and 2–4 Han characters."""
    name = text.replace("·", "").replace("•", "")
    low, high = CJK_NAME_LENGTH
    if "·" in text or "•" in text:  # minority and transliterated names: 阿不都·热合曼
        return 3 <= len(name) <= 12 and all(HAN.fullmatch(c) for c in name)
    if not low <= len(name) <= high or not all(HAN.fullmatch(c) for c in name):
        return False
    if name[:2] in COMPOUND_SURNAMES:
        return len(name) >= 3
    return name[0] in SINGLE_SURNAMES


_LATIN_NAME = re.compile(
    r"^(?:[A-Z][a-zA-Z'’\-]*\.?|[A-Z]\.|van|von|de|der|da|di|le|la|bin|al-[A-Z][a-z]+)"
    r"(?:\s+(?:[A-Z][a-zA-Z'’\-]*\.?|[A-Z]\.|van|von|de|der|da|di|le|la|bin|al-[A-Z][a-z]+)){1,4}$"
)


def is_latin_name(text: str) -> bool:
    """True for a plausible Latin-script personal name: 2–5 capitalised words."""
    return bool(_LATIN_NAME.match(text)) and not text.isupper()


def is_person_name(text: str) -> bool:
    return is_chinese_name(text) or is_latin_name(text)


def romanize_name(name: str) -> str:
    """Pinyin of a Chinese name, surname first: 鲁传颖 → "Lu Chuanying", 欧阳修 → "Ouyang Xiu"."""
    from pypinyin import Style, lazy_pinyin

    plain = name.replace("·", " ").replace("•", " ").strip()
    if not HAN.search(plain):
        return plain
    if " " in plain:  # transliterated names keep their own parts: 阿不都·热合曼
        return " ".join(romanize_name(part).replace(" ", "") for part in plain.split())
    surname = plain[:2] if plain[:2] in COMPOUND_SURNAMES else plain[:1]
    given = plain[len(surname) :]
    family = SURNAME_PINYIN.get(surname) or "".join(lazy_pinyin(surname)).capitalize()
    given_py = "".join(lazy_pinyin(given, style=Style.NORMAL, errors="ignore"))
    return f"{family} {given_py.capitalize()}".strip()
