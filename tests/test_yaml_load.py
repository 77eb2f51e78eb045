"""The event-built YAML loader gives exactly CSafeLoader's data and errors."""

from __future__ import annotations

import math
import warnings
from datetime import date, datetime
from pathlib import Path

import pytest
from ruamel.yaml import cyaml
from ruamel.yaml.error import YAMLError

from bench import synthetic
from generator.load.yaml_reader import load_data

ROOT = Path(__file__).resolve().parent.parent
SCALARS = ["012", "0o12", "0x1F", "1_000", "+1", "-1", "0", "00", "7", "1.5", ".5", "1e3", "-.inf", ".nan",
           "yes", "on", "no", "True", "true", "FALSE", "fAlse", "NULL", "null", "nULL", "~", "", "2022-11-21",
           "2022-11-21 10:00:00", "21/11/2022", "1:20", "=", "name", "total", "fill", "Đảng bộ", "٣", "１２",
           "- x", "'quoted'", '"12"', "'true'", "!!str 12", "!!int '7'", "|\n  block\n", ">\n  folded\n"]


def reference(text: str):
    loader = cyaml.CSafeLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def typed(value):
    """Value with its types spelt out, so True != 1 and 1 != 1.0; NaN equals itself."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def outcome(load, text: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ruamel warns about "1e3"; both loaders go through it
        try:
            return "ok", typed(load(text))
        except YAMLError as exc:
            return "error", type(exc).__name__, str(exc)


@pytest.mark.parametrize("scalar", SCALARS)
def test_scalars_resolve_like_ruamel(scalar):
    text = f"key: {scalar}\nlist:\n  - {scalar}\n" if "\n" not in scalar else f"key: {scalar}"
    assert outcome(load_data, text) == outcome(reference, text)


@pytest.mark.parametrize("text", [
    "a: &x [1, 2]\nb: *x\n",                   # alias: handed to CSafeLoader
    "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",  # merge key
    "a: 1\nb: 2\na: 3\n",                       # duplicate key: ruamel's error
    "a: 1\n---\nb: 2\n",                        # two documents
    "%YAML 1.1\n---\na: yes\n",                 # YAML 1.1 rules
    "? [a, b]\n: c\n",                          # complex key
    "a: !!set {x, y}\n",                        # tagged collection
    "a: !custom x\n",                           # unknown tag
    "a: *nothing\n",                            # undefined alias
    "a: [1, 2\n",                               # syntax error
    "# only a comment\n",
    "- 1\n- [2, {c: d}]\n",
    "x",
])
def test_documents_load_like_ruamel(text):
    assert outcome(load_data, text) == outcome(reference, text)


def test_dates_and_times_keep_their_types():
    data = load_data("d: 2022-11-21\nt: 2022-11-21 10:00:00\n")
    assert type(data["d"]) is date and type(data["t"]) is datetime


def yaml_files() -> list[Path]:
    """Example and sample files; not the alias bomb, whose typed() spelling would be 9**9 items."""
    files = sorted((ROOT / "content").rglob("*.yaml")) + sorted((ROOT / "tests" / "broken").rglob("*.yaml"))
    return [path for path in files if "alias-bomb" not in path.parts]


def test_alias_bomb_goes_to_ruamel_and_stays_shared():
    text = (ROOT / "tests" / "broken" / "alias-bomb" / "directives" / "hd-3-hu.yaml").read_text(encoding="utf-8")
    data = load_data(text)
    assert data["key_points"] is data["i"] and data["i"][0] is data["i"][1]  # not expanded


def test_every_content_and_sample_file_loads_like_ruamel(tmp_path):
    files = yaml_files() + sorted(synthetic.write_tree(tmp_path / "content", 120).rglob("*.yaml"))
    assert len(files) > 100
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # the non-UTF-8 samples never reach the parser
        assert outcome(load_data, text) == outcome(reference, text), path
