"""Reply letters (答复告知书) and notices, from admin-editable templates, as .docx (python-docx) and PDF.

A template is a title and a body with {{占位符}} placeholders; blank lines separate paragraphs. The built-in
wording below applies until the 公开办 edits it (`LetterTemplate`). Placeholders are a closed list (PLACEHOLDERS),
so a template can never reach anything but the letter's own facts.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.utils import timezone

from zwgk.applications import fees
from zwgk.applications.models import LetterTemplate
from zwgk.applications.outcomes import ENDING_OUTCOMES, OUTCOME_BY_KEY, OUTCOMES
from zwgk.core.docxpage import official_document

PLACEHOLDER = re.compile(r"\{\{\s*([^{}\s]+)\s*\}\}")

PLACEHOLDERS: dict[str, str] = {
    "申请人": "申请人姓名或名称",
    "申请编号": "申请编号",
    "收到申请日期": "收到申请之日（第三十一条）",
    "申请内容": "申请公开的政府信息（申请人的描述）",
    "文号": "本文书的文号",
    "日期": "本文书的日期",
    "机关名称": "承办机关全称",
    "工作机构": "政府信息公开工作机构",
    "联系电话": "工作机构联系电话",
    "办公地址": "工作机构办公地址",
    "法律依据": "答复的法律依据",
    "理由": "理由与说明",
    "获取方式": "提供信息的方式、途径和时间",
    "负责机关告知": "第三十六条第（五）项：负责公开该信息的机关名称和联系方式（能够确定时）",
    "救济途径": "行政复议、行政诉讼的权利告知",
    "补正事项": "需要补正的事项",
    "补正期限": "补正期限",
    "补正通知日期": "补正通知的日期",
    "延长天数": "延长的工作日数",
    "延期理由": "延期理由",
    "原答复期限": "延长前的答复期限",
    "延长后答复期限": "延长后的答复期限",
    "被征求意见方": "第三方或其他机关名称",
    "征求意见事项": "征求意见所涉的信息",
    "意见截止日期": "被征求意见方提出意见的截止日期（15 个工作日）",
    "收费依据": "国办函〔2020〕109号",
    "称谓": "对申请人的称呼：个人为“您”，法人或其他组织为“贵单位”",
    "附件名称": "随答复提供的附件的名称（在正文后列为“附件：……”）",
    "收费方式": "按件计收或按量计收",
    "收费标准": "适用的收费标准",
    "收费金额": "收费金额（元）",
    "缴费方式": "缴费方式",
    "缴费工作日": "缴费期限的工作日数",
    "缴费期限": "缴费截止日期",
    "转入机关": "接收转送的机关",
    "转入机关联系方式": "接收转送的机关的联系方式",
    "转送日期": "转送日期",
    "转送理由": "转送理由",
}

_CLOSING = "联系电话：{{联系电话}}　　办公地址：{{办公地址}}"
_OPENING = (
    "{{申请人}}：\n\n本机关于{{收到申请日期}}收到您提出的政府信息公开申请（申请编号：{{申请编号}}），"
    "申请获取“{{申请内容}}”。现答复如下："
)
_REMEDY = "{{救济途径}}"


def _reply(body: str) -> str:
    return f"{_OPENING}\n\n{body}\n\n{_REMEDY}\n\n{_CLOSING}"


REPLY_BODIES: dict[str, str] = {
    "granted": "经审查，您申请获取的政府信息属于公开范围。根据{{法律依据}}的规定，本机关予以公开。{{获取方式}}{{理由}}",
    "partial": (
        "经审查，您申请获取的政府信息中含有不应当公开的内容，但是能够作区分处理。根据{{法律依据}}的规定，"
        "本机关向您提供可以公开的部分。{{获取方式}}\n\n对不予公开的部分，理由如下：{{理由}}"
    ),
    "withheld.state_secret": (
        "经审查，您申请获取的政府信息依法确定为国家秘密。根据{{法律依据}}的规定，本机关决定不予公开。{{理由}}"
    ),
    "withheld.law_prohibited": (
        "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。根据{{法律依据}}的规定，"
        "本机关决定不予公开。{{理由}}"
    ),
    "withheld.three_safety": (
        "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。根据{{法律依据}}"
        "的规定，本机关决定不予公开。{{理由}}"
    ),
    "withheld.third_party": (
        "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害。"
        "根据{{法律依据}}的规定，本机关决定不予公开。{{理由}}"
    ),
    "withheld.internal_affairs": (
        "经审查，您申请获取的政府信息属于行政机关的内部事务信息（人事管理、后勤管理、内部工作流程等方面的信息）。"
        "根据{{法律依据}}的规定，本机关决定不予公开。{{理由}}"
    ),
    "withheld.process_info": (
        "经审查，您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、"
        "请示报告等过程性信息。根据{{法律依据}}的规定，本机关决定不予公开。{{理由}}"
    ),
    "withheld.enforcement_file": (
        "经审查，您申请获取的政府信息属于行政执法案卷信息。根据{{法律依据}}的规定，本机关决定不予公开。{{理由}}"
    ),
    "withheld.query_matter": (
        "经审查，您申请获取的信息属于行政查询事项，有关法律、行政法规对该类信息的获取有特别规定。"
        "根据{{法律依据}}的规定，请您依照有关法律、行政法规的规定办理。{{理由}}"
    ),
    "unavailable.not_held": (
        "经检索，本机关未制作或者获取您申请公开的政府信息，该政府信息不存在。根据{{法律依据}}的规定，"
        "特此告知。{{负责机关告知}}{{理由}}"
    ),
    "unavailable.needs_creation": (
        "经审查，本机关没有您申请获取的现成信息，需要对现有政府信息进行加工、分析方能形成。根据{{法律依据}}"
        "的规定，本机关不予提供。{{理由}}"
    ),
    "unavailable.unclear_after_correction": (
        "本机关已于{{补正通知日期}}告知您补正申请内容。您补正后的申请内容仍不明确，本机关无法确定您所需的政府"
        "信息。根据{{法律依据}}的规定，本机关无法提供。{{理由}}"
    ),
    "not_processed.petition": (
        "经审查，您以政府信息公开申请的形式进行信访、投诉、举报等活动。根据{{法律依据}}的规定，本机关不作为"
        "政府信息公开申请处理，您可以通过相应渠道提出。{{理由}}"
    ),
    "not_processed.repeat": (
        "本机关已就您提出的相同政府信息公开申请作出答复，您重复申请公开相同的政府信息。根据{{法律依据}}的规定，"
        "本机关不予重复处理。{{理由}}"
    ),
    "not_processed.publication": (
        "您申请获取的是政府公报、报刊、书籍等公开出版物。根据{{法律依据}}的规定，您可以通过以下途径获取："
        "{{获取方式}}{{理由}}"
    ),
    "not_processed.mass_repeat": (
        "您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由，经审查认为申请理由不合理。"
        "根据{{法律依据}}的规定，本机关不予处理。{{理由}}"
    ),
    "not_processed.confirm_or_reissue": (
        "您的申请系要求本机关确认或者重新出具您已经获取的信息，不属于政府信息公开申请的处理范围，"
        "本机关不予处理。{{理由}}"
    ),
    "other.other": "{{理由}}",
}

REPLY_TITLE = "政府信息公开申请答复告知书"

NOTICE_DEFAULTS: dict[str, tuple[str, str]] = {
    "correction": (
        "补正申请告知书",
        "{{申请人}}：\n\n本机关于{{收到申请日期}}收到您提出的政府信息公开申请（申请编号：{{申请编号}}）。"
        "经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第二十九条、第三十条的规定，"
        "请您对以下事项作出补正：\n\n{{补正事项}}\n\n请您于{{补正期限}}前（含当日）提交补正后的申请，可凭申请编号"
        "和查询码在本机关政府信息公开平台“查询办理进度”页面在线提交，也可邮寄或当面提交。答复期限自本机关收到"
        "补正的申请之日起计算。您无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。\n\n"
        + _CLOSING,
    ),
    "extension": (
        "延期答复告知书",
        "{{申请人}}：\n\n本机关于{{收到申请日期}}收到您提出的政府信息公开申请（申请编号：{{申请编号}}）。"
        "因{{延期理由}}，本机关无法在{{原答复期限}}前作出答复。根据《中华人民共和国政府信息公开条例》第三十三条"
        "第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长{{延长天数}}个工作日，本机关将于"
        "{{延长后答复期限}}前作出答复。\n\n特此告知。\n\n" + _CLOSING,
    ),
    "third_party": (
        "第三方意见征询函",
        "{{被征求意见方}}：\n\n本机关收到一份政府信息公开申请，申请公开的政府信息涉及贵方，公开可能损害贵方的合法"
        "权益。根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求贵方意见。\n\n所涉信息："
        "{{征求意见事项}}\n\n请贵方自收到本函之日起15个工作日内（即{{意见截止日期}}前）书面提出是否同意公开的意见；"
        "不同意公开的，请说明理由。逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定"
        "是否公开。\n\n" + _CLOSING,
    ),
    "inter_agency": (
        "政府信息公开征求意见函",
        "{{被征求意见方}}：\n\n本机关收到一份政府信息公开申请，申请公开的政府信息由贵机关与本机关共同制作。"
        "根据《中华人民共和国政府信息公开条例》第三十四条的规定，现征求贵机关意见。\n\n所涉信息：{{征求意见事项}}"
        "\n\n请贵机关自收到本函之日起15个工作日内（即{{意见截止日期}}前）提出意见；逾期未提出意见的，视为同意公开。"
        "\n\n" + _CLOSING,
    ),
    "fee": (
        "收取信息处理费通知书",
        "{{申请人}}：\n\n本机关于{{收到申请日期}}收到您提出的政府信息公开申请（申请编号：{{申请编号}}）。"
        "您申请公开政府信息的数量、频次明显超过合理范围，根据《中华人民共和国政府信息公开条例》第四十二条和"
        "{{收费依据}}的规定，本机关决定收取信息处理费。\n\n计收方式：{{收费方式}}\n收费标准：{{收费标准}}\n"
        "收费金额：{{收费金额}}元\n缴费方式：{{缴费方式}}\n\n请您自收到本通知书次日起{{缴费工作日}}个工作日内"
        "（即{{缴费期限}}前）缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。\n\n"
        + _CLOSING,
    ),
    "transfer": (
        "政府信息公开申请转送告知书",
        "{{申请人}}：\n\n本机关于{{收到申请日期}}收到您提出的政府信息公开申请（申请编号：{{申请编号}}）。"
        "经审查，您申请公开的政府信息由{{转入机关}}负责公开（{{转送理由}}）。根据《中华人民共和国政府信息公开条例》"
        "第三十六条第（五）项的规定，本机关已于{{转送日期}}将您的申请转送{{转入机关}}办理，该机关将依法作出答复。"
        "{{转入机关}}联系方式：{{转入机关联系方式}}。\n\n您可继续凭原申请编号和查询码查询办理进度。\n\n"
        + _CLOSING,
    ),
}


def template_keys() -> list[tuple[str, str]]:
    """Every editable template: (key, what it is)."""
    keys = [(f"reply.{o.key}", f"答复告知书 · {o.short}") for o in OUTCOMES if o.key not in ENDING_OUTCOMES]
    keys += [(f"notice.{k}", title) for k, (title, _) in NOTICE_DEFAULTS.items()]
    return keys


def default_template(key: str) -> tuple[str, str]:
    kind, _, name = key.partition(".")
    if kind == "reply" and name in REPLY_BODIES:
        return REPLY_TITLE, _reply(REPLY_BODIES[name])
    if kind == "notice" and name in NOTICE_DEFAULTS:
        return NOTICE_DEFAULTS[name]
    raise KeyError(key)


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def fill(text: str, values: dict[str, str]) -> str:
    return PLACEHOLDER.sub(lambda m: values.get(m.group(1), ""), text)


def template_for(key: str) -> tuple[str, str]:

    stored = LetterTemplate.objects.filter(key=key).values_list("title", "body").first()
    return stored if stored else default_template(key)


def cn_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def due_text(app: Any) -> str:
    """The reply due date as a letter states it; a provisional one says 暂定 and why."""
    text = cn_date(app.reply_due)
    if text and app.reply_due_provisional:
        text += f"（暂定：{app.clock_note}）"
    return text


def remedy_sentence() -> str:
    # 行政复议法 (2023) Art 20: within 60 days of knowing; 行政诉讼法 Art 46: within 6 months.
    return (
        f"如对本答复不服，可以自收到本告知书之日起六十日内向{settings.APPLICATION_REVIEW_ORGAN}申请行政复议，"
        f"或者自收到本告知书之日起六个月内向{settings.APPLICATION_COURT}提起行政诉讼。"
    )


def base_values(app: Any) -> dict[str, str]:
    agency = app.agency
    return {
        "称谓": "您" if app.applicant_type == "自然人" else "贵单位",
        "申请人": app.applicant_name,
        "申请编号": app.number,
        "收到申请日期": cn_date(app.received_on),
        "申请内容": " ".join(app.request_text.split())[:300].rstrip("。；;，,. "),
        "机关名称": agency.name,
        "工作机构": agency.disclosure_office or agency.name,
        "联系电话": agency.phone or "—",
        "办公地址": agency.office_address or "—",
        "救济途径": remedy_sentence(),
        "收费依据": fees.BASIS,
    }


@dataclass
class LetterContent:
    title: str
    number: str
    issued_on: date
    organ: str
    paragraphs: list[str]


def address(text: str, salutation: str) -> str:
    """您 for a person, 贵单位 for an organisation — never "您（单位）" (templates written before keep working)."""
    text = text.replace("您（单位）", salutation)
    return text.replace("您", salutation) if salutation != "您" else text


def tidy(paragraph: str) -> str:
    """One statement once: drop a sentence that repeats an earlier one word for word, and doubled full stops."""
    paragraph = re.sub(r"。{2,}", "。", paragraph)
    seen: set[str] = set()
    kept: list[str] = []
    for sentence in re.split(r"(?<=。)", paragraph):
        key = sentence.strip()
        if key and key in seen:
            continue
        seen.add(key)
        kept.append(sentence)
    return "".join(kept)


def compose(key: str, values: dict[str, str], *, number: str, issued_on: date, organ: str) -> LetterContent:
    title, body = template_for(key)
    values = {**values, "文号": number, "日期": cn_date(issued_on)}
    text = address(fill(body, values), values.get("称谓") or "您")
    paragraphs = [tidy(p.strip()) for p in re.split(r"\n\s*\n", text) if p.strip()]
    attachment = values.get("附件名称", "")
    if attachment and "{{附件名称}}" not in body:
        # GB/T 9704 §7.3.4: the 附件说明 follows the body ("附件：名称"), before the signature
        closing = (
            len(paragraphs) - 1 if paragraphs and paragraphs[-1].startswith("联系电话") else len(paragraphs)
        )
        paragraphs.insert(closing, f"附件：{attachment}")
    return LetterContent(fill(title, values), number, issued_on, organ, paragraphs)


def reply_values(app: Any, reply: Any) -> dict[str, str]:
    outcome = OUTCOME_BY_KEY[reply.outcome]
    values = base_values(app)
    referral = ""
    if reply.referral_organ:
        contact = f"，联系方式：{reply.referral_contact}" if reply.referral_contact else ""
        referral = f"经了解，该政府信息可能由{reply.referral_organ}负责公开{contact}。"
    correction = getattr(app, "correction", None)
    reasons = reply.reasons.strip()
    if reply.outcome == "granted":
        # the granted wording already says 本机关予以公开; a reason that says it again would double it
        reasons = "".join(s for s in re.split(r"(?<=[。；;])", reasons) if "予以公开" not in s).strip()
    values.update(
        {
            "附件名称": (reply.attachment_name or "").strip() if reply.attachment else "",
            "法律依据": reply.legal_basis or outcome.article,
            "理由": reasons,
            "获取方式": reply.provision.strip(),
            "负责机关告知": referral,
            "补正通知日期": cn_date(correction.sent_on) if correction else "",
        }
    )
    return values


# --- output ------------------------------------------------------------------------------------------


# python-docx and reportlab are imported when a letter is rendered, not when the app loads (CLI start-up).


def _set_east_asian_font(run: Any, name: str) -> None:
    from docx.oxml.ns import qn

    run.font.name = name
    run._element.rPr.rFonts.set(qn("w:eastAsia"), name)


def docx_bytes(letter: LetterContent) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = official_document()
    style = document.styles["Normal"]
    style.font.size = Pt(14)
    style.font.name = "FangSong"
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")
    document.core_properties.title = letter.title
    document.core_properties.author = letter.organ

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = heading.add_run(letter.title)
    run.bold = True
    run.font.size = Pt(20)
    _set_east_asian_font(run, "宋体")
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    number.add_run(letter.number)
    for index, text in enumerate(letter.paragraphs):
        for line_no, line in enumerate(text.split("\n")):
            paragraph = document.add_paragraph()
            salutation = index == 0 and line_no == 0 and line.endswith("：")
            if not salutation:
                paragraph.paragraph_format.first_line_indent = Pt(28)
            paragraph.paragraph_format.line_spacing = Pt(28)
            paragraph.add_run(line)
    document.add_paragraph()
    for line in (letter.organ, cn_date(letter.issued_on)):
        signature = document.add_paragraph()
        signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        signature.add_run(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(letter: LetterContent) -> bytes:
    from zwgk.core.pdf import PdfDocument

    document = PdfDocument(letter.title, author=letter.organ)
    document.heading_title(letter.title)
    document.right(letter.number)
    document.space(2)
    for index, text in enumerate(letter.paragraphs):
        salutation = index == 0 and text.endswith("：")
        document.paragraph(text, indent=not salutation)
    document.space(8)
    document.right(letter.organ)
    document.right(cn_date(letter.issued_on))
    return document.render()


def receipt_pdf(app: Any, code: str | None, clock: Any) -> bytes:
    """回执 of an online application: number, query code, receiving organ, dates, and how to follow it up."""
    from zwgk.core.pdf import PdfDocument

    agency = app.agency
    document = PdfDocument("政府信息公开申请回执", author=agency.name)
    document.heading_title("政府信息公开申请回执")
    due = getattr(getattr(clock, "result", None), "due", None)
    rows = [
        ["申请编号", app.number],
        # The code is shown once, on the page after submitting; the receipt does not repeat it (issue 13).
        ["查询码", code or "提交成功页面已显示（只显示一次，回执中不重复）"],
        ["申请人", app.applicant_name],
        ["受理机关", agency.name],
        ["提交时间", f"{timezone.localtime(app.submitted_at):%Y年%m月%d日 %H:%M}"],
        ["收到申请之日", cn_date(app.received_on) or "待工作机构确认"],
        [
            "答复期限",
            f"{cn_date(due)}前（20 个工作日；补正、征求意见或延期的依法另行计算）" if due else "待确定",
        ],
        ["申请内容", " ".join(app.request_text.split())[:500]],
        ["联系电话", agency.phone or "—"],
    ]
    from zwgk.core.pdf import TableBlock

    document.table(TableBlock(rows=rows, col_widths=[35, 125], header_rows=0, font_size=11))
    document.space(4)
    document.paragraph(
        f"请妥善保存申请编号和查询码。凭它们可在{settings.SITE_URL.rstrip('/')}/apply/status/ 查询办理进度、"
        "下载答复文书。查询码遗失的，请携带身份证明联系受理机关重新生成。",
        indent=False,
    )
    document.space(6)
    document.right(agency.name)
    return document.render()


# --- the staff copy with the applicant's name masked (issue 13, item 7) ----------------------------------


def read_docx(data: bytes, issued_on: date) -> LetterContent:
    """A stored letter back into its parts (the layout `docx_bytes` writes: title, number, body lines, a blank
    line, organ, date); body lines become paragraphs again."""
    from docx import Document

    texts = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    title, number = ([*texts, "", ""])[:2]
    rest = texts[2:]
    organ = rest[-2] if len(rest) >= 2 else ""
    body = [line for line in rest[:-3] if line.strip()]
    return LetterContent(title, number, issued_on, organ, body)


def masked_copy(data: bytes, names: list[str], fmt: str, *, issued_on: date) -> bytes:
    """The stored letter (.docx bytes) with every occurrence of `names` masked, as .docx or PDF.

    Who gets which (decided per role): the applicant (status page) and the assigned 承办人 / 工作机构负责人
    get the letter as sent; every other staff role (法律顾问, 单位管理员, 公开办, 督查员, other 承办人) gets this
    copy, so a letter never shows more than the lists do.
    """
    copy = masked_content(read_docx(data, issued_on), names)
    return pdf_bytes(copy) if fmt == "pdf" else docx_bytes(copy)


def masked_content(content: LetterContent, names: list[str]) -> LetterContent:
    """`content` with every occurrence of `names` masked as the lists mask them (张秀英 → 张**)."""
    from zwgk.applications.models import mask_name

    replacements = [(n, mask_name(n)) for n in sorted({n for n in names if n}, key=len, reverse=True)]

    def hide(text: str) -> str:
        for name, masked in replacements:
            text = text.replace(name, masked)
        return text

    return LetterContent(
        hide(content.title),
        hide(content.number),
        content.issued_on,
        hide(content.organ),
        [hide(p) for p in content.paragraphs],
    )
