"""kill -9 inside an online submission (issue 23: the identity proof stayed on disk with no row, 3 of 3 rounds),
and a full disk while an upload is written: nothing is left in place, and the sweep reclaims what is staged."""

import errno
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from django.db import connection

from zwgk.applications.tests.factories import PNG
from zwgk.core import staging
from zwgk.testing import copy_test_database

pytestmark = pytest.mark.django_db(transaction=True)

SUBMIT = textwrap.dedent(
    """
    import sys, time
    import django
    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from zwgk.agencies.models import Agency
    from zwgk.applications import actions, services

    def hang(*args, **kwargs):  # inside the submission's transaction, after the proof was written
        print("written", flush=True)
        time.sleep(60)

    services.refresh_clock = hang
    actions.submit_online(
        Agency.objects.get(pk=int(sys.argv[1])),
        {"applicant_type": "自然人", "applicant_name": "王五", "id_type": "resident_id",
         "id_number": "110101199003070017", "phone": "13800000000", "description": "老旧小区改造计划",
         "preferred_form": "electronic", "delivery": "online"},
        SimpleUploadedFile("id.png", open(sys.argv[2], "rb").read()),
    )
    """
)


def files_under(root) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="[sqlite] runs the embedded default on a copied database"
)
def test_a_submission_killed_mid_transaction_leaves_no_file_in_place(tmp_path, agency_a, settings):
    database = tmp_path / "zwgk.sqlite3"
    copy_test_database(database)
    proof = tmp_path / "id.png"
    proof.write_bytes(PNG)
    media = tmp_path / "media"
    env = {
        **os.environ,
        "ZWGK_DATABASE_URL": f"sqlite:///{database}",
        "ZWGK_DATA_DIR": str(tmp_path),
        "ZWGK_MEDIA_DIR": str(media),
        "ZWGK_TESTING": "1",
        "DJANGO_SETTINGS_MODULE": "zwgk.settings",
    }
    child = subprocess.Popen(
        [sys.executable, "-c", SUBMIT, str(agency_a.pk), str(proof)], env=env, stdout=subprocess.PIPE
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == b"written"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(10)
    finally:
        if child.poll() is None:
            child.kill()
    left = files_under(media)
    assert len(left) == 1 and left[0].startswith(
        "_staging/"
    )  # in staging only: never served, never backed up
    settings.MEDIA_ROOT = str(media)
    report = staging.sweep(now=time.time() + 2 * 86400)
    assert report.staged_removed == left and files_under(media) == []


def test_a_full_disk_leaves_no_truncated_file(tmp_path, settings, monkeypatch):
    settings.MEDIA_ROOT = str(tmp_path / "media")

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(staging.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        staging.put("documents/2026/12/full.pdf", b"%PDF-1.7" + b"0" * 100_000)
    assert files_under(tmp_path / "media") == []
