"""The served application keeps what it built at start and in its first requests out of the collector.

Run in a process of its own: what a process freezes is never freed, so the test process must not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import gc, json
from app import served
from drafting.web.server_process import SETTLED_AFTER
app = served()
at_start = gc.get_freeze_count()
client = app.test_client()
for _ in range(SETTLED_AFTER + 5):
    answer = client.get("/login")
    answer.close()  # as a server does once the answer is sent
    assert answer.status_code == 200
after_requests = gc.get_freeze_count()
print(json.dumps({"at_start": at_start, "after_requests": after_requests}))
"""


def test_served_application_is_frozen_at_start_and_again_once_settled(tmp_path):
    environment = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'served.sqlite'}",
        "EXPORTS_FOLDER": str(tmp_path / "exports"),
        "SECRET_KEY": "a key for this test only",
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    counts = json.loads(done.stdout.strip().splitlines()[-1])
    # Everything loaded at start is out of the collector's reach: the libraries alone are tens of thousands.
    assert counts["at_start"] > 20_000
    # What the first requests built (compiled templates and statements) joined it once they were answered.
    assert counts["after_requests"] > counts["at_start"]


def test_a_test_application_is_never_frozen(app):
    import gc

    # Tests make many applications in one process: freezing there would keep every one for good.
    assert gc.get_freeze_count() == 0
