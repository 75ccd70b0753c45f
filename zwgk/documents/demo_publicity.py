"""Demo of 公开方式 and 公示 (idempotent; order 32, after the catalogue's demo): a 公示 of 5 working days that goes
live when the demo is loaded, and a 特定范围公开 list shown on a community notice board, with its display log and
photo. Both go through the real workflow (起草 → 保密审查 → 审签)."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from zwgk.core.errors import Refused
from zwgk.core.registry import DemoContext
from zwgk.documents import actions, publicity
from zwgk.documents.demo import _rsj_team, theme
from zwgk.documents.models import Record
from zwgk.secrecy.service import request_screening

PUBLICITY_KEY = "demo:publicity-renovation"
LIMITED_KEY = "demo:limited-public-jobs"


def _photo() -> SimpleUploadedFile:
    image = Image.new("RGB", (480, 320), (236, 232, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 30, 440, 290), outline=(120, 40, 30), width=6)
    draw.text((60, 50), "notice board (demo)", fill=(60, 60, 60))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80)
    return SimpleUploadedFile("居务公开栏张贴照片.jpg", buffer.getvalue(), content_type="image/jpeg")


def _through_review(record: Record, drafter: object, reviewer: object, signer: object) -> Record:
    actions.submit(record, by=drafter)
    request_screening(record)
    actions.approve_review(record, by=reviewer, note="不涉及国家秘密，名单已隐去身份证号等个人信息，同意。")
    return actions.sign(record, by=signer, note="同意。")


@transaction.atomic
def load(ctx: DemoContext) -> None:
    agencies, users = ctx.data["agencies"], ctx.data["users"]
    today = timezone.localdate()
    if not Record.objects.filter(source_key=PUBLICITY_KEY).exists():
        period: dict[str, Any]
        try:
            publicity.period_end(today, 5)
            period = {"publicity_days": 5}
        except Refused:  # next year's holiday schedule not loaded yet (late December): a date instead
            period = {"publicity_ends": today + timedelta(days=7)}
        record = actions.create_record(
            agencies["区政府办"],
            {
                "title": "关于东丽区2026年第二批老旧小区改造项目的公示",
                "written_on": today - timedelta(days=1),
                "theme": theme("综合政务\\政务公开"),
                "genre": "announcement",
                "kind": "information",
                "summary": "拟列入2026年第二批城镇老旧小区改造计划的小区名单，公示期5个工作日。",
                "body": "根据《天津市城镇老旧小区改造工作方案》，拟将下列小区列入本区2026年第二批改造计划：\n"
                "一、张贵庄街道丽新里小区；\n二、万新街道詹滨西里小区；\n三、新立街道新立花园小区。\n"
                "公示期为5个工作日。公示期内如有异议，请以书面形式向区住房和建设委员会反映。",
                "openness": "proactive",
                "statutory_category": "art20_07",
                "disclosure_modes": ["internet", "publicity", "notice_board"],
                **period,
            },
            by=users["zfb_xxy"],
            source_key=PUBLICITY_KEY,
        )
        _through_review(record, users["zfb_xxy"], users["zfb_bmsc"], users["zfb_sq"])
    if not Record.objects.filter(source_key=LIMITED_KEY).exists():
        record = actions.create_record(
            agencies["区人社局"],
            {
                "title": "张贵庄街道丽新里社区2026年第四季度公益性岗位安置人员名单",
                "written_on": today - timedelta(days=3),
                "theme": theme("综合政务\\政务公开"),
                "genre": "notice",
                "kind": "information",
                "summary": "公益性岗位安置人员名单，仅涉及特定对象，在社区居务公开栏公开。",
                "body": "本季度安置公益性岗位人员共6名（姓名、岗位见居务公开栏张贴件）。",
                "openness": "proactive",
                "statutory_category": "art20_07",
                "disclosure_modes": ["limited", "notice_board"],
            },
            by=users["rsj_xxy"],
            source_key=LIMITED_KEY,
        )
        rsj = _rsj_team(ctx)
        _through_review(record, rsj["xxy"], rsj["bmsc"], rsj["sq"])
        publicity.log_display(
            Record.objects.get(pk=record.pk),
            {
                "mode": "notice_board",
                "place": "张贵庄街道丽新里社区居务公开栏",
                "audience": "本社区居民",
                "starts": today,
                "ends": today + timedelta(days=6),
                "note": "张贴名单原件，社区工作人员拍照留存。",
            },
            by=users["rsj_xxy"],
            photo=_photo(),
        )
    ctx.notes.append(
        "公开方式与公示：区政府办的老旧小区改造项目公示（5个工作日）正在公示；区人社局的公益性岗位名单为特定范围公开，"
        "已登记居务公开栏张贴情况（工作台该文件页面“公开方式”）。"
    )
