"""Links in publisher-written guidance that lead nowhere are reported with their place."""

from __future__ import annotations

import shutil

from browser import REPO, make_project
from generator.build import build
from generator.progress import Progress

PAGE = """---
title: Trang có liên kết
issued: 01/12/2022
---

Xem [mức xếp loại](muc-xep-loai.md), [xã Châu Hưng A](../don-vi/xa-chau-hung-a.md#thoi-gian-thuc-hien),
[một trang ngoài](https://example.org/), [mục dưới](#muc-duoi).

Sai: [đơn vị đã đổi tên](../don-vi/xa-khong-co.md) và [gõ nhầm](muc-xep-loai.m).

## Mục dưới
"""


def test_broken_guidance_links_are_warnings_with_their_place(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    (content / "guidance" / "lien-ket.md").write_text(PAGE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = build(content, tmp_path / "site", make_project(tmp_path / "project"), progress=Progress(None))
    shown = [str(p) for p in report.warnings if "liên kết" in p.message]
    hint = ("kiểm tra tên trang; trang hướng dẫn khác viết «ten-trang.md», "
            "trang đơn vị viết «../don-vi/ma-don-vi.md»")
    assert shown == [
        "content/guidance/lien-ket.md:9:26: cảnh báo: liên kết «../don-vi/xa-khong-co.md» không dẫn tới "
        f"trang hay tệp nào của trang web — {hint}",
        "content/guidance/lien-ket.md:9:65: cảnh báo: liên kết «muc-xep-loai.m» không dẫn tới "
        f"trang hay tệp nào của trang web — {hint}",
    ]
    assert (tmp_path / "site" / "huong-dan" / "lien-ket.html").is_file()  # warnings do not stop the build
