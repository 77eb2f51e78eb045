"""The guidance sanitiser: the site's Markdown, an allowlist, formatting kept."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.site.sanitise import EXTENSION_CONFIGS, EXTENSIONS, clean, removed, render, safe_body
from hostile import GUIDANCE_ATTACKS

REPO = Path(__file__).resolve().parent.parent
FORMATTED = """## Các bước {#cac-buoc}

1. **Đậm**, *nghiêng*, `mã`, [trang khác](muc-xep-loai.md), [web](https://example.org).

| Mức | Ghi chú |
|:---|---:|
| Tốt | 1 |

!!! note "Lưu ý"
    Nội dung.

- [x] Việc đã làm
"""


def test_the_check_renders_as_the_site_does():
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    names = [next(iter(e)) if isinstance(e, dict) else e for e in config["markdown_extensions"]]
    assert names == EXTENSIONS
    configs = {next(iter(e)): e[next(iter(e))] for e in config["markdown_extensions"] if isinstance(e, dict)}
    assert set(configs) == set(EXTENSION_CONFIGS)


def test_plain_formatting_passes_unchanged():
    assert removed(render(FORMATTED)) == []
    assert safe_body(FORMATTED) == FORMATTED
    for page in sorted((REPO / "content" / "guidance").glob("*.md")):
        body = page.read_text(encoding="utf-8").split("---\n", 2)[2]
        assert safe_body(body) == body, page.name


def test_every_attack_is_removed_and_named():
    for attack in GUIDANCE_ATTACKS:
        html = render(f"Đoạn đầu.\n\n{attack}\n")
        assert removed(html), attack
        cleaned = clean(html)
        assert removed(cleaned) == [], attack
        lowered = cleaned.lower()
        for word in ("<script", "onerror=", "onclick=", "onload=", "onmouseover=", "javascript:", "<iframe",
                     "<object", "<embed", "display:none", "color:", "<form", "<style"):
            assert word not in lowered, (attack, cleaned)
