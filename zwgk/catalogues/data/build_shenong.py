"""Builds shenong_butie.xlsx (run once by hand: `.venv/bin/python zwgk/catalogues/data/build_shenong.py`).

Text of the national 涉农补贴领域基层政务公开标准目录 as reproduced by county governments (see SOURCE.md)."""

from pathlib import Path

from zwgk.catalogues import parse

SOURCE = (
    "来源：国务院有关部门制定的《涉农补贴领域基层政务公开标准指引》所附标准目录（26个试点领域标准指引之一，国办发〔2019〕54号要求全面推行），"
    "文本据县级政府网站转载：铁力市人民政府 https://www.tls.gov.cn/newtlsrmzf/c103254/202101/261324.shtml（2021年1月）、"
    "方山县农业农村局 http://fangshan.gov.cn/xxgk/jcgk/202012/t20201212_1457111.html（2020年12月12日）、"
    "柳州市北部生态新区 http://bbstxq.liuzhou.gov.cn/ztzl/dqzt/jczwgkzl/202211/t20221121_3177156.shtml（2022年11月）。"
    "本文件收录其中5个二级事项；公开主体中的“县级”对应本区的区级部门。"
)
HEADERS = [label for _, label in parse.HEADERS]
CONTENT = (
    "政策依据；申请指南：包括补贴对象、补贴范围、补贴标准、申请程序、申请材料、咨询电话、受理单位、办理时限、联系方式等；"
    "补贴结果；监督渠道：包括举报电话、地址等。"
)
LIMIT = "信息形成或者变更之日起20个工作日内。法律、法规对政府信息公开的期限另有规定的，从其规定。"
ROWS = [
    [
        1,
        "农业生产发展资金",
        "农机购置补贴",
        CONTENT,
        "《农业机械化促进法》、《农业生产发展资金管理办法》、《2018-2020年农机购置补贴实施指导意见》",
        LIMIT,
        "县级农业农村部门",
        "政府网站",
        "全社会",
        "主动",
        "县级、乡级",
    ],
    [
        2,
        "农业生产发展资金",
        "耕地地力保护",
        CONTENT,
        "《农业生产发展资金管理办法》、《财政部 农业部关于全面推开农业“三项补贴”改革工作的通知》",
        LIMIT,
        "县级财政、农业农村部门；乡镇人民政府",
        "政府网站、乡镇公示栏、行政村公示栏",
        "全社会",
        "主动",
        "县级、乡级",
    ],
    [
        3,
        "农业生产发展资金",
        "新型职业农民培育",
        CONTENT,
        "《关于引导农村土地经营权有序流转发展农业适度规模经营的意见》、《关于支持返乡下乡人员创业创新促进农村一二三产业融合发展的意见》、"
        "《农业生产发展资金管理办法》、《“十三五”全国新型职业农民培育发展规划》",
        LIMIT,
        "县级农业农村部门",
        "政府网站",
        "全社会",
        "主动",
        "县级、乡级",
    ],
    [
        4,
        "农业生产发展资金",
        "支持新型农业经营主体",
        CONTENT,
        "《农业生产发展资金管理办法》",
        LIMIT,
        "县级农业农村部门",
        "政府网站",
        "全社会",
        "主动",
        "县级、乡级",
    ],
    [
        5,
        "动物防疫等补助经费",
        "强制扑杀、强制免疫和养殖环节无害化处理补助",
        CONTENT,
        "《动物防疫法》、《动物防疫等补助经费管理办法》",
        LIMIT,
        "县级农业农村部门",
        "政府网站",
        "全社会",
        "主动",
        "县级",
    ],
]


def build(path: Path) -> None:
    from openpyxl import Workbook  # only when the file is rebuilt

    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "涉农补贴"
    sheet.append(["涉农补贴领域基层政务公开标准目录（" + SOURCE + "）"])
    sheet.append(HEADERS)
    for row in ROWS:
        sheet.append(row)
    about = book.create_sheet("来源")
    about.append([SOURCE])
    book.save(path)


if __name__ == "__main__":
    build(Path(__file__).with_name("shenong_butie.xlsx"))
