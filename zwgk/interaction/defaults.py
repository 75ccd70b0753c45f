"""The channels every installation starts with (the 公开办 can change them in 留言渠道设置).

Reply periods: 我为政府网站找错 3 working days (local rules on the national 找错 platform, work plan item 十四);
政务咨询 10; 投诉举报 and 建议 15; the enterprise channel for 投资和工程建设项目审批 problems 5 (item 一). The
national inspection (CHK2019) only fixes the outer bound — no valid message unanswered over 3 months.
"""

from __future__ import annotations

from typing import Any

DEFAULT_KINDS: list[dict[str, Any]] = [
    {
        "code": "zixun",
        "name": "政务咨询",
        "description": "咨询政策、办事流程和政府信息。",
        "reply_working_days": 10,
        "public_by_default": True,
        "anonymous_allowed": False,
        "order": 10,
    },
    {
        "code": "zhaocuo",
        "name": "我为政府网站找错",
        "description": "发现本网站的错别字、错误链接、内容过期或无法访问等问题，请告诉我们。",
        "reply_working_days": 3,
        "public_by_default": True,
        "anonymous_allowed": True,
        "asks_page_url": True,
        "order": 20,
    },
    {
        "code": "tousu",
        "name": "投诉举报",
        "description": "投诉举报违法违规行为，包括“双减”、依申请公开办理等方面的问题。",
        "reply_working_days": 15,
        "public_by_default": False,
        "anonymous_allowed": False,
        "requires_signoff": True,
        "subkinds": "双减\n依申请公开办理\n其他",
        "order": 30,
    },
    {
        "code": "jianyi",
        "name": "建议",
        "description": "对政府工作和本网站提出意见建议。",
        "reply_working_days": 15,
        "public_by_default": True,
        "anonymous_allowed": True,
        "order": 40,
    },
    {
        "code": "yingshang",
        "name": "营商环境·投资和工程建设项目审批问题",
        "description": "企业反映投资和工程建设项目审批中遇到的问题（工作要点第一项：办理和反馈机制）。",
        "reply_working_days": 5,
        "public_by_default": False,
        "anonymous_allowed": False,
        "requires_signoff": True,
        "enterprise_fields": True,
        "order": 50,
    },
]
