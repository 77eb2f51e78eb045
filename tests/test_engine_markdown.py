"""The two-core site build converts every page with one Markdown instance, reset: same HTML as a new one."""

from __future__ import annotations

import markdown
import yaml

from browser import REPO
from generator.site import engine

PAGES = (
    "# Một\n\nChú thích[^1] và HD viết tắt.\n\n*[HD]: Hướng dẫn\n\n[^1]: Ghi chú một.\n\n## Mục {#muc}\n",
    "# Hai\n\nKhông chú thích, không viết tắt: HD.\n\n## Mục\n\n!!! note\n    Ghi chú.\n",
    "# Ba\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n<div markdown>\n**đậm**[^x]\n</div>\n\n[^x]: Một.\n",
)


def test_one_markdown_instance_converts_every_page_as_a_new_one_would(monkeypatch):
    listed = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))["markdown_extensions"]
    names = [item if isinstance(item, str) else next(iter(item)) for item in listed]
    configs = {name: config for item in listed if isinstance(item, dict) for name, config in item.items()}
    options = {"extensions": names, "extension_configs": configs}  # the site's extensions, as MkDocs passes them
    fresh = [(markdown.Markdown(**options).convert(text)) for text in PAGES]
    made = []
    real = markdown.Markdown
    monkeypatch.setattr(markdown, "Markdown", lambda **kw: made.append(1) or real(**kw))
    reused = engine._ReusedMarkdown(markdown)
    converted = [reused.Markdown(**options).convert(text) for text in PAGES * 2]
    assert converted == fresh * 2
    assert len(made) == 1
    assert "Ghi chú một" in fresh[0] and "<abbr" in fresh[0] and "<abbr" not in fresh[1]
