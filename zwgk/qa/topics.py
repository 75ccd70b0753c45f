"""Which high-frequency topic a question is about, from its words (pure: no Django import)."""

from __future__ import annotations

# Topic value → words that mark a question as belonging to it (matched on the simplified question text).
TOPIC_WORDS: dict[str, tuple[str, ...]] = {
    "birth": (
        "生育",
        "生孩子",
        "生小孩",
        "产假",
        "怀孕",
        "孕",
        "育儿",
        "三孩",
        "二孩",
        "出生",
        "新生儿",
        "陪产",
    ),
    "school": (
        "上学",
        "入学",
        "学校",
        "幼儿园",
        "小学",
        "初中",
        "中考",
        "高考",
        "转学",
        "学籍",
        "双减",
        "学区",
        "招生",
    ),
    "employment": (
        "就业",
        "找工作",
        "失业",
        "招聘",
        "培训",
        "工资",
        "劳动合同",
        "稳岗",
        "毕业生",
        "求职",
        "欠薪",
    ),
    "business": ("创业", "开公司", "开店", "营业执照", "个体工商户", "注册公司", "创业担保贷款", "小微企业"),
    "elderly": ("养老", "退休", "老人", "老年", "高龄", "养老金", "敬老"),
    "medical": ("医保", "医疗", "看病", "就医", "报销", "住院", "门诊", "医院", "异地就医"),
    "tax": ("纳税", "税", "发票", "六税两费", "减税", "退税", "个税", "缴税", "申报"),
    "social_security": ("社保", "社会保险", "参保", "缴费基数", "断缴", "工伤", "社保卡"),
    "housing": ("住房", "公积金", "租房", "公租房", "买房", "房屋", "保障房", "廉租"),
    "epidemic": ("疫情", "核酸", "疫苗", "隔离", "防控", "健康码"),
    "disclosure": ("政府信息", "信息公开", "依申请", "公开申请", "政务公开", "申请公开"),
}


def detect_topic(question: str) -> str:
    """The topic whose words appear most in the question; "other" when none do."""
    best, best_hits = "other", 0
    for topic, words in TOPIC_WORDS.items():
        hits = sum(len(word) for word in words if word in question)
        if hits > best_hits:
            best, best_hits = topic, hits
    return best
