"""The event-built YAML loader gives CSafeLoader's data and syntax errors, and refuses the rest of YAML."""

from __future__ import annotations

import math
import warnings
from datetime import date, datetime
from pathlib import Path

import pytest
from ruamel.yaml import cyaml
from ruamel.yaml.error import YAMLError

from bench import synthetic
from generator.load.yaml_reader import MAX_DEPTH, YamlRefusal, load_data

ROOT = Path(__file__).resolve().parent.parent
SCALARS = ["012", "0o12", "0x1F", "1_000", "+1", "-1", "0", "00", "7", "1.5", ".5", "1e3", "-.inf", ".nan",
           "yes", "on", "no", "True", "true", "FALSE", "fAlse", "NULL", "null", "nULL", "~", "", "2022-11-21",
           "2022-11-21 10:00:00", "21/11/2022", "1:20", "name", "total", "fill", "Đảng bộ", "٣", "１２",
           "- x", "'quoted'", '"12"', "'true'", "|\n  block\n", ">\n  folded\n"]


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
    "a: [1, 2\n",                               # syntax error
    "# only a comment\n",
    "- 1\n- [2, {c: d}]\n",
    "x",
])
def test_documents_load_like_ruamel(text):
    assert outcome(load_data, text) == outcome(reference, text)


@pytest.mark.parametrize("text, line, column, words", [
    ("a: &x [1, 2]\nb: *x\n", 1, 4, "neo/bí danh"),                 # anchor, at the anchor
    ("a: &x text\n", 1, 4, "neo/bí danh"),                           # an anchor alone
    ("base: {x: 1}\nother:\n  <<: {y: 2}\n", 3, 3, "khóa gộp"),       # merge key
    ("a: 1\nb: 2\na: 3\n", 3, 1, "khóa «a» bị lặp lại"),             # duplicate key
    ("a: 1\n---\nb: 2\n", 2, 1, "hơn một tài liệu"),                 # two documents
    ("%YAML 1.1\n---\na: yes\n", 1, 1, "chỉ thị YAML"),
    ("a: *nothing\n", 1, 4, "neo/bí danh"),                           # undefined alias               # YAML 1.1 rules
    ("? [a, b]\n: c\n", 1, 3, "khóa phải là một chữ"),               # complex key
    ("a: !!set {x, y}\n", 1, 4, "«!!set»"),                           # tagged collection
    ("a: !custom x\n", 1, 4, "«!custom»"),                            # unknown tag
    ("year: !!float\n", 1, 7, "«!!float»"),                           # empty tagged scalar
    ("a: !!str 12\n", 1, 4, "«!!str»"),
    ("a: !!python/object/apply:os.system [echo]\n", 1, 4, "«!!python/object/apply:os.system»"),
])
def test_features_content_does_not_use_are_refused_at_their_place(text, line, column, words):
    with pytest.raises(YamlRefusal) as caught:
        load_data(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert words in caught.value.message


def test_nesting_is_limited_before_anything_recurses():
    deep = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"
    with pytest.raises(YamlRefusal) as caught:
        load_data(deep)
    assert caught.value.line == 1 and "quá sâu" in caught.value.message
    fits = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert load_data(fits)["a"] is not None


def test_impossible_dates_and_times_stay_text_for_the_model_to_report():
    data = load_data("d: 2023-02-30\nt: 2022-11-21 25:00:00\n")
    assert data == {"d": "2023-02-30", "t": "2022-11-21 25:00:00"}


def test_yaml_value_key_is_plain_text():
    assert load_data("a: =\n") == {"a": "="}  # ruamel has no constructor for it


def test_dates_and_times_keep_their_types():
    data = load_data("d: 2022-11-21\nt: 2022-11-21 10:00:00\n")
    assert type(data["d"]) is date and type(data["t"]) is datetime


#: Samples whose point is a YAML feature the reader refuses.
REFUSED_SAMPLES = {"alias-bomb", "duplicate-key", "merge-key", "scalar-alias", "tag-float", "tag-python", "deep-nesting"}


def yaml_files() -> list[Path]:
    """Example and sample files."""
    return sorted((ROOT / "content").rglob("*.yaml")) + sorted((ROOT / "tests" / "broken").rglob("*.yaml"))


def yaml_files() -> list[Path]:
    """Example and sample files; not the alias bomb, whose typed() spelling would be 9**9 items."""
    files = sorted((ROOT / "content").rglob("*.yaml")) + sorted((ROOT / "tests" / "broken").rglob("*.yaml"))
    return [path for path in files if "alias-bomb" not in path.parts]


def test_every_content_and_sample_file_loads_like_ruamel(tmp_path):
    files = yaml_files() + sorted(synthetic.write_tree(tmp_path / "content", 120).rglob("*.yaml"))
    assert len(files) > 100
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # the non-UTF-8 samples never reach the parser
        case = path.relative_to(ROOT / "tests" / "broken").parts[0] if "broken" in path.parts else ""
        if case in REFUSED_SAMPLES:
            with pytest.raises(YamlRefusal):
                load_data(text)
        elif case.startswith("impossible-"):  # ruamel itself crashes on these (ValueError)
            assert outcome(load_data, text)[0] == "ok", path
        else:
            assert outcome(load_data, text) == outcome(reference, text), path
