"""Fuzz the loader and checker with mutated copies of the real example files.

Each example takes one file of ``content/`` (YAML or guidance Markdown),
applies one to three byte, line or token mutations, puts it in place of the
original in a copy of the example content and runs the checker. It fails on
an uncaught exception and on an error without a place (file, line, column).

The number of examples is ``SOTAY_FUZZ_EXAMPLES`` (default 200, about a
minute here); ``make fuzz`` runs a longer budget.
"""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check.rules import check
from generator.errors import ContentError

ROOT = Path(__file__).resolve().parents[1]
FILES = sorted(p.relative_to(ROOT / "content").as_posix() for p in (ROOT / "content").rglob("*")
               if p.suffix in (".yaml", ".md") and p.is_file())
EXAMPLES = int(os.environ.get("SOTAY_FUZZ_EXAMPLES", "200"))

#: Tokens careless or hostile editors put where a value was.
TOKENS = [
    "", "~", "null", "!!float", "!!python/object/apply:os.system [id]", "!custom x", "&a x", "*a",
    "<<: {x: 1}", "2023-02-30", "2023-02-29", "31/11/2022", "0/0/0", "2022-11-21 25:00:00", "-1",
    "1e999", ".nan", "0x1F", "yes", "[", "]", "{", "}", "'", '"', '"\\ud800"', '"\\x00"', "- x", ":",
    ": :", "con", "nul", "\t", "\x00", "\x7f", "\ufeff", "２", "٣", "[" * 60 + "]" * 60, "%YAML 1.1",
    "---", "...", "|", ">", "#", "? x", "x" * 400, "<script>alert(1)</script>", "Đảng bộ", "a\r\nb",
]


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A private copy of the example content; each example restores what it changed."""
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(ROOT / "content", root / "content")
    return root / "content"


def byte_mutation(data: bytes, draw) -> bytes:
    position = draw(st.integers(0, len(data)))
    how = draw(st.sampled_from(["insert", "replace", "delete"]))
    byte = bytes([draw(st.integers(0, 255))])
    if how == "insert" or position == len(data):
        return data[:position] + byte + data[position:]
    return data[:position] + (byte if how == "replace" else b"") + data[position + 1:]


def line_mutation(data: bytes, draw) -> bytes:
    lines = data.split(b"\n")
    index = draw(st.integers(0, len(lines) - 1))
    how = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "dedent", "crlf"]))
    if how == "delete":
        del lines[index]
    elif how == "duplicate":
        lines.insert(index, lines[index])
    elif how == "swap":
        other = draw(st.integers(0, len(lines) - 1))
        lines[index], lines[other] = lines[other], lines[index]
    elif how == "indent":
        lines[index] = b" " * draw(st.integers(1, 4)) + lines[index]
    elif how == "dedent":
        lines[index] = lines[index].lstrip(b" ")
    else:
        lines[index] += b"\r"
    return b"\n".join(lines)


def token_mutation(data: bytes, draw) -> bytes:
    """Replace the value after a key (or a list dash) on one line with a hostile token."""
    lines = data.split(b"\n")
    index = draw(st.integers(0, len(lines) - 1))
    line = lines[index]
    cut = line.find(b": ")
    cut = cut + 2 if cut >= 0 else (line.find(b"- ") + 2 if b"- " in line else len(line))
    lines[index] = line[:cut] + draw(st.sampled_from(TOKENS)).encode("utf-8", "surrogatepass")
    return b"\n".join(lines)


MUTATIONS = [byte_mutation, line_mutation, token_mutation]


@st.composite
def mutated_files(draw) -> tuple[str, bytes]:
    name = draw(st.sampled_from(FILES))
    data = (ROOT / "content" / name).read_bytes()
    for mutation in draw(st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3)):
        data = mutation(data, draw)
    return name, data


def assert_located(error: ContentError) -> None:
    """Every problem names a file and a line and column (or a sheet's cell), and reads as Vietnamese (NFC)."""
    for problem in error.problems:
        assert problem.file and (problem.line >= 1 and problem.column >= 1 or problem.cell), problem
        assert problem.message and unicodedata.is_normalized("NFC", str(problem)), problem


@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=False,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(mutated_files())
def test_mutated_example_files_give_located_errors_or_pass(workspace, mutated):
    name, data = mutated
    target = workspace / name
    original = target.read_bytes()
    target.write_bytes(data)
    try:
        check(workspace)
    except ContentError as error:
        assert_located(error)
    finally:
        target.write_bytes(original)
