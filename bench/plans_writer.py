"""Write every implementation plan of a content folder, as its own process: ``python plans_writer.py CONTENT OUT``.

Check the content, derive the campaign (schedules), render every plan as DOCX
and as its Markdown page, and write them under OUT: what a plans-only build
does, timed whole by :mod:`bench.bench_plans`.
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.campaign import derive_campaign
from generator.check.rules import check
from generator.outputs import plan_docx, plan_page
from generator.outputs.kind import Fingerprint, jobs


def write_plans(content: Path, out: Path) -> int:
    """Render and write every plan (DOCX and page) of ``content`` under ``out``; the DOCX count."""
    campaign = derive_campaign(check(content)[0])
    fingerprint = Fingerprint()
    files = {job.path: job.render() for job in jobs([plan_docx.KIND], campaign, {}, fingerprint)}
    sizes = {path: len(data) for path, data in files.items()}
    files |= {job.path: job.render() for job in jobs([plan_page.KIND], campaign, sizes, fingerprint)}
    for path, data in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return sum(1 for path in files if path.endswith(".docx"))


if __name__ == "__main__":
    print(write_plans(Path(sys.argv[1]), Path(sys.argv[2])))
