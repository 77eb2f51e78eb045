"""``sotay schema``: the committed schemas are current, and the example content validates."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import cyaml

from generator import schema
from generator.cli import main
from generator.load.readers import split_front_matter

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SCHEMA_DIR = CONTENT / "schema"
BROKEN = Path(__file__).parent / "broken"
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.MULTILINE)


def load_yaml(text: str):
    """Parse as the editor sees it: ISO dates are plain strings there."""
    loader = cyaml.CSafeLoader(text)
    try:
        return as_json(loader.get_single_data())
    finally:
        loader.dispose()


def as_json(value):
    if isinstance(value, dict):
        return {key: as_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [as_json(item) for item in value]
    return value.isoformat() if isinstance(value, date) else value


def validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema.schema_for(kind))


def example_files() -> list[tuple[str, Path]]:
    files = [("organisation", CONTENT / "organisation.yaml")]
    for kind in ("units", "directives", "plans", "forms"):
        files += [(kind, path) for path in sorted((CONTENT / kind).glob("*.yaml"))]
    results = sorted((CONTENT / "results").glob("*/*.yaml"))
    return files + [("results-settings" if path.name == "settings.yaml" else "results-report", path) for path in results]


def test_committed_schemas_are_up_to_date(tmp_path):
    written = schema.write_schemas(tmp_path)
    assert sorted(p.name for p in written) == sorted(p.name for p in SCHEMA_DIR.glob("*.json"))
    for path in written:
        assert path.read_bytes() == (SCHEMA_DIR / path.name).read_bytes(), (
            f"{path.name} is stale: run `sotay schema`")


def test_schema_text_is_deterministic_and_vietnamese():
    text = schema.schema_text("plans")
    assert text == schema.schema_text("plans") and text.endswith("}\n")
    data = schema.schema_for("plans")
    assert data["$schema"] == schema.DIALECT
    assert data["title"] == "Tệp kế hoạch (plans/*.yaml)"
    assert "Hạn hoàn thành." in text and '"format": "date"' not in text


def test_every_kind_has_a_schema_file():
    assert {p.name for p in SCHEMA_DIR.glob("*.json")} == {f"{kind}.schema.json" for kind in schema.kinds()}


@pytest.mark.parametrize(("kind", "path"), example_files(), ids=lambda v: getattr(v, "name", v))
def test_example_file_names_its_schema_and_validates(kind, path):
    text = path.read_text(encoding="utf-8")
    match = MODELINE.search(text)
    assert match, f"{path.name} lacks the yaml-language-server comment"
    target = (path.parent / match.group(1)).resolve()
    assert target == SCHEMA_DIR / schema.file_name(kind)
    errors = list(validator(kind).iter_errors(load_yaml(text)))
    assert errors == []


@pytest.mark.parametrize("path", sorted((CONTENT / "guidance").glob("*.md")), ids=lambda p: p.name)
def test_guidance_front_matter_validates(path):
    front, _ = split_front_matter(path.read_text(encoding="utf-8"))
    assert list(validator("guidance").iter_errors(load_yaml(front))) == []


@pytest.mark.parametrize(("kind", "sample", "expected"), [
    ("units", "unknown-key-did-you-mean/units/xa-b.yaml", "'knd' was unexpected"),
    ("units", "bad-slug-id/units/xa-c.yaml", "does not match"),
    ("plans", "wrong-type-list/plans/ke-hoach-2022.yaml", "is not of type 'array'"),
    ("directives", "wrong-type-date/directives/cv-1-tu.yaml", "'hôm qua' does not match"),
])
def test_schema_rejects_broken_samples(kind, sample, expected):
    data = load_yaml((BROKEN / sample).read_text(encoding="utf-8"))
    messages = [error.message for error in validator(kind).iter_errors(data)]
    assert any(expected in message for message in messages), messages


def test_dates_are_accepted_in_both_spellings():
    date_schema = validator("directives").schema["properties"]["date"]
    check = jsonschema.Draft202012Validator(date_schema)
    assert check.is_valid("21/11/2022") and check.is_valid("2022-11-21")
    assert not check.is_valid("21.11.2022")


def test_schema_command_writes_every_kind(tmp_path, capsys):
    assert main(["schema", "--out", str(tmp_path / "out")]) == 0
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted(schema.file_name(kind) for kind in schema.kinds())
    assert capsys.readouterr().out.count("Đã ghi ") == len(names)


def test_results_settings_schema_is_vietnamese_and_rejects_a_wrong_field():
    data = schema.schema_for("results-settings")
    assert data["title"].startswith("Tệp cấu hình kết quả") and "hạn nộp" in data["description"]
    settings = load_yaml((CONTENT / "results" / "ke-hoach-2022" / "settings.yaml").read_text(encoding="utf-8"))
    assert list(validator("results-settings").iter_errors(settings)) == []
    wrong = settings | {"cap": {"percent": 120}, "report_stepp": "bao-cao"}
    messages = [error.message for error in validator("results-settings").iter_errors(wrong)]
    assert any("'report_stepp' was unexpected" in m for m in messages), messages
    assert "120 is not valid under any of the given schemas" in messages  # a percentage above 100


def test_results_report_schema_accepts_the_rule_sets_columns_and_rejects_a_wrong_field():
    report = load_yaml((CONTENT / "results" / "ke-hoach-2022" / "ket-qua-xa-long-thanh.yaml").read_text(encoding="utf-8"))
    assert "chu-chot-xuat-sac" in report["cells"][0]  # a local rule's column: any whole-number column is allowed
    assert list(validator("results-report").iter_errors(report)) == []
    wrong = report | {"cell": [], "cells": [report["cells"][0] | {"tot": "mười", "members": -1}]}
    messages = [error.message for error in validator("results-report").iter_errors(wrong)]
    assert any("'cell' was unexpected" in m for m in messages), messages
    assert "'mười' is not of type 'integer'" in messages and "-1 is less than the minimum of 0" in messages
