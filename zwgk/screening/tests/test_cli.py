"""The pure scan command line (`python -m zwgk.screening`); `zwgk scan` is tested in zwgk/secrecy."""

import io
import json
import subprocess
import sys

from zwgk.screening import Screener
from zwgk.screening.cli import run
from zwgk.screening.tests.factories import id18


def test_run_reports_json_and_exit_codes(tmp_path):
    clean = tmp_path / "clean.txt"
    clean.write_text("津东政办发〔2022〕5号 2022年3月5日", encoding="utf-8")
    dirty = tmp_path / "dirty.txt"
    dirty.write_text(f"身份证{id18()}", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert run([str(clean)], screener=Screener(), as_json=True, stdout=out, stderr=err) == 0
    assert json.loads(out.getvalue()) == {"files": [{"path": str(clean), "findings": []}]}
    out = io.StringIO()
    assert run([str(clean), str(dirty)], screener=Screener(), as_json=True, stdout=out, stderr=err) == 1
    files = json.loads(out.getvalue())["files"]
    assert files[1]["findings"][0] == {
        "category": "id_card",
        "start": 3,
        "end": 21,
        "text": id18(),
        "severity": "block",
        "reason": files[1]["findings"][0]["reason"],
    }


def test_standalone_module_runs_without_django(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("手机13812345678", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, zwgk.screening.cli as c; r = c.main(sys.argv[1:]);"
            " assert 'django' not in sys.modules, 'django imported'; raise SystemExit(r)",
            "--mask",
            str(target),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout.strip() == "手机138****5678"
