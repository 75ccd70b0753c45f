"""`zwgk scan`: every format, the JSON contract, exit codes, and bad input that must not crash it."""

import io
import json
import os
import subprocess
import sys
import tracemalloc
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from pypdf import PdfReader, PdfWriter

from zwgk.secrecy.tests.helpers import ID_A, MOBILE, docx_bytes, ofd_bytes, pdf_bytes, xlsx_bytes
from zwgk.testing import make_agency

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def scan(*args):
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        call_command("scan", *[str(a) for a in args], stdout=out, stderr=err)
    except SystemExit as exc:
        code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def files(tmp_path):
    line = f"申请人身份证{ID_A}，手机{MOBILE}"
    made = {
        "a.txt": line.encode("gb18030"),
        "a.csv": f"姓名,身份证号\n李四,{ID_A}\n".encode(),
        "a.docx": docx_bytes([["申请人身份证", ID_A[:6], ID_A[6:]]]),
        "a.xlsx": xlsx_bytes([["姓名", "手机"], ["李四", int(MOBILE)]]),
        "a.pdf": pdf_bytes([line]),
        "a.ofd": ofd_bytes([line]),
    }
    for name, data in made.items():
        (tmp_path / name).write_bytes(data)
    return tmp_path


def test_every_format_with_the_json_contract(files):
    names = ["a.txt", "a.csv", "a.docx", "a.xlsx", "a.pdf", "a.ofd"]
    code, out, _ = scan(*[files / n for n in names], "--json")
    assert code == 1
    result = json.loads(out)
    assert [f["path"] for f in result["files"]] == [str(files / n) for n in names]
    for entry in result["files"]:
        assert entry["findings"], entry["path"]
        for finding in entry["findings"]:
            assert set(finding) == {"category", "start", "end", "text", "severity", "reason"}
            assert finding["severity"] in ("block", "warn") and isinstance(finding["start"], int)
    by_path = {Path(e["path"]).name: {f["category"] for f in e["findings"]} for e in result["files"]}
    assert "id_card" in by_path["a.docx"] and "id_card" in by_path["a.pdf"] and "id_card" in by_path["a.ofd"]
    assert "mobile" in by_path["a.xlsx"] and "person_name" in by_path["a.csv"]


def test_offsets_point_into_the_extracted_text(files):
    from zwgk.extract import extract

    _, out, _ = scan(files / "a.docx", "--json")
    (entry,) = json.loads(out)["files"]
    text = extract((files / "a.docx").read_bytes(), "a.docx").text
    assert entry["findings"]
    for finding in entry["findings"]:
        assert text[finding["start"] : finding["end"]] == finding["text"]


def test_clean_file_exits_0_and_human_output(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("津东政办发〔2022〕5号\n2022年3月5日\n补助资金13,800元。\n", encoding="utf-8")
    code, out, _ = scan(clean)
    assert code == 0 and "未发现问题" in out


def test_mask_option_prints_the_masked_text(files):
    code, out, _ = scan(files / "a.txt", "--mask")
    assert code == 1
    assert out.strip() == f"申请人身份证{ID_A[:4]}**********{ID_A[-4:]}，手机139****5678"
    _, out, _ = scan(files / "a.txt", "--mask", "--json")
    entry = json.loads(out)["files"][0]
    assert entry["masked_text"].endswith("139****5678") and entry["findings"][0]["masked"]


def test_agency_published_numbers_are_allowed(tmp_path):
    agency = make_agency("区测试局", phone="022-84379999", fax="022-84378888")
    target = tmp_path / "guide.txt"
    target.write_text("咨询电话：022-84379999，传真：022-84378888，另：022-24561234", encoding="utf-8")
    _, out, _ = scan(target, "--json", "--agency", agency.code)
    assert [f["text"] for f in json.loads(out)["files"][0]["findings"]] == ["022-24561234"]
    code, _, err = scan(target, "--agency", "NOPE")
    assert code == 2 and "单位代码不存在" in err


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    for page in PdfReader(io.BytesIO(pdf_bytes(["机密"]))).pages:
        writer.add_page(page)
    writer.encrypt("secret-password")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _bomb(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, b"\0" * (20 * 1024 * 1024))
    return buffer.getvalue()


def test_bad_input_gets_a_message_per_file_and_the_other_files_are_still_scanned(tmp_path, files):
    bad = {
        "garbage.pdf": os.urandom(2048).replace(b"%PDF", b"xxxx") + b"\0",
        "truncated.pdf": pdf_bytes(["第一页"] * 20)[:700],
        "encrypted.pdf": _encrypted_pdf(),
        "bomb.docx": _bomb("word/document.xml"),
        "bomb.xlsx": _bomb("xl/workbook.xml"),
        "empty.txt": b"",
    }
    for name, data in bad.items():
        (tmp_path / name).write_bytes(data)
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as handle:  # sparse: 100 MB on paper, nothing on disk
        handle.truncate(100 * 1024 * 1024 + 1)
    paths = [*(tmp_path / n for n in bad), huge, tmp_path / "missing.docx", tmp_path, files / "a.txt"]
    tracemalloc.start()
    code, out, err = scan(*paths, "--json")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert code == 2
    assert peak < 80 * 1024 * 1024  # the 100 MB file is refused before it is read
    entries = {Path(e["path"]).name: e for e in json.loads(out)["files"]}
    for name in [*bad, "huge.txt", "missing.docx", tmp_path.name]:
        assert entries[name]["findings"] == [] and entries[name]["error"], name
    assert "加密" in entries["encrypted.pdf"]["error"]
    assert "压缩" in entries["bomb.docx"]["error"] and "压缩" in entries["bomb.xlsx"]["error"]
    assert "大小上限" in entries["huge.txt"]["error"]
    assert "损坏" in entries["truncated.pdf"]["error"] or "无法读取" in entries["truncated.pdf"]["error"]
    assert entries["a.txt"]["findings"]  # still scanned
    assert len([line for line in err.splitlines() if ": 无法读取：" in line]) == len(bad) + 3


def test_stdin_and_the_console_script_without_configuration(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZWGK_", "DJANGO_"))}
    proc = subprocess.run(
        [sys.executable, "-m", "zwgk", "scan", "--json", "-"],
        input=f"手机：{MOBILE}".encode(),
        capture_output=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr.decode()
    result = json.loads(proc.stdout)
    assert result["files"][0]["path"] == "-"
    assert result["files"][0]["findings"][0]["text"] == MOBILE
