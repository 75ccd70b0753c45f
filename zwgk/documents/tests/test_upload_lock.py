"""A slow upload does not hold the database's write lock: on SQLite (one writer at a time) a citizen's online
application submitted while an attachment is being extracted still succeeds (issue 23, item 1)."""

import os
import subprocess
import sys
import textwrap

import pytest
from django.db import connection

from zwgk.documents import actions
from zwgk.documents.tests.helpers import draft
from zwgk.testing import copy_test_database

pytestmark = pytest.mark.django_db(transaction=True)

# Runs in a fresh process on a file database copied from the test database: the test database is an
# in-memory shared cache whose locking is not SQLite's real one-writer lock.
SCRIPT = textwrap.dedent(
    """
    import sys, threading, time
    import django
    from django.conf import settings

    django.setup()
    options = settings.DATABASES["default"]["OPTIONS"]
    # Same lock semantics as production, but give up waiting after 1 s instead of 10 (a shorter test): an upload
    # holding the write lock through its 3 s extraction would make the submission fail.
    options["init_command"] = options["init_command"].replace("busy_timeout=10000", "busy_timeout=1000")
    options["timeout"] = 1

    from zwgk.accounts.models import User
    from zwgk.agencies.models import Agency
    from zwgk.applications import actions as applications
    from zwgk.documents import actions as documents, files
    from zwgk.documents.models import Record

    preparing = threading.Event()
    real_extract = files.extract

    def slow_extract(*args, **kwargs):
        preparing.set()
        time.sleep(3)  # a 3,000-page PDF, in short
        return real_extract(*args, **kwargs)

    files.extract = slow_extract
    record = Record.objects.get(pk=int(sys.argv[1]))
    drafter = User.objects.get(pk=int(sys.argv[2]))
    outcome = {}

    def upload():
        try:
            documents.add_attachment(record, open(sys.argv[3], "rb").read(), "通知.docx", by=drafter)
            outcome["upload"] = "ok"
        except BaseException as exc:
            outcome["upload"] = repr(exc)

    worker = threading.Thread(target=upload)
    worker.start()
    assert preparing.wait(30), "the upload never started"
    time.sleep(0.5)
    started = time.monotonic()
    try:
        app, _ = applications.submit_online(
            Agency.objects.get(pk=record.agency_id),
            {
                "applicant_type": "自然人", "applicant_name": "王五", "id_type": "居民身份证",
                "id_number": "110101199003070017", "phone": "13800000000",
                "description": "请公开老旧小区改造计划", "preferred_form": "电子数据", "delivery": "在线获取",
            },
        )
        outcome["submission"] = f"ok {app.number} in {time.monotonic() - started:.1f}s"
    except BaseException as exc:
        outcome["submission"] = repr(exc)
    worker.join(60)
    print(outcome)
    sys.exit(0 if outcome.get("submission", "").startswith("ok") and outcome.get("upload") == "ok" else 1)
    """
)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="[sqlite] the one-writer lock is SQLite's")
def test_an_application_submitted_during_a_slow_upload_succeeds(tmp_path, agency_a, drafter_a):
    from zwgk.documents.tests.helpers import docx_bytes

    record = draft(agency_a, drafter_a)
    upload = tmp_path / "notice.docx"
    upload.write_bytes(docx_bytes("关于做好政务公开工作的通知"))
    database = tmp_path / "zwgk.sqlite3"
    copy_test_database(database)
    env = {
        **os.environ,
        "ZWGK_DATABASE_URL": f"sqlite:///{database}",
        "ZWGK_DATA_DIR": str(tmp_path),
        "ZWGK_MEDIA_DIR": str(tmp_path / "media"),
        "ZWGK_TESTING": "1",
        "DJANGO_SETTINGS_MODULE": "zwgk.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(record.pk), str(drafter_a.pk), str(upload)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "'submission': 'ok YSQ" in result.stdout


def test_a_296_character_file_name_keeps_its_suffix(agency_a, drafter_a):
    from zwgk.documents.tests.helpers import docx_bytes

    record = draft(agency_a, drafter_a)
    name = "关" + "政务公开工作" * 48 + "通知.docx"
    assert len(name) == 296
    attachment = actions.add_attachment(record, docx_bytes("正文"), name, by=drafter_a)
    assert attachment.original_name.endswith(".docx") and len(attachment.original_name) == 200
    assert attachment.kind == "docx"
