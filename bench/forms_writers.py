"""Write the same filled forms three ways, each as its own process: ``python forms_writers.py MODE DIR``.

DIR holds ``spec.pickle`` (the form's document spec), ``template.docx`` (the
same form laid out once, its fields holding Jinja tags such as
``{{ UNIT_NAME }}``) and ``values.json`` (one value set per form to write).
Every mode opens its template, fills the same fields for each value set and
saves one DOCX per set into ``DIR/MODE/``:

- ``sotay``: lay the spec out once (python-docx), then XML-level fills;
- ``python-docx``: open the template, replace the tags in every run, save;
- ``docxtpl``: open the template, render the Jinja context, save.
"""

from __future__ import annotations

import json
import pickle
import sys
from pathlib import Path


def tag(key: str) -> str:
    """The Jinja variable of a field key, in capitals as some fields print: ``unit.name`` -> ``UNIT_NAME``."""
    return key.replace(".", "_").replace("-", "_").upper()


def write_sotay(folder: Path, values: list[dict], out: Path) -> None:
    """Build the master from the spec once, then fill and write each copy."""
    from generator.render_docx import build_master

    master = build_master(pickle.loads((folder / "spec.pickle").read_bytes()))
    for index, filled in enumerate(values):
        (out / f"{index}.docx").write_bytes(master.fill(filled))


def write_python_docx(folder: Path, values: list[dict], out: Path) -> None:
    """Open the template for each copy, replace the tags run by run, save."""
    from docx import Document

    for index, filled in enumerate(values):
        document = Document(str(folder / "template.docx"))
        tags = {"{{ " + tag(key) + " }}": text for key, text in filled.items()}
        for paragraph in _paragraphs(document):
            for run in paragraph.runs:
                if "{{" in run.text:
                    run.text = _replace(run.text, tags)
        document.save(str(out / f"{index}.docx"))


def _paragraphs(document):
    """Every paragraph of the body, its tables (nested too) and the section headers/footers."""
    parts = [document] + [part for section in document.sections
                          for part in (section.header, section.footer, section.first_page_header)]
    stack = list(parts)
    while stack:
        container = stack.pop()
        yield from container.paragraphs
        stack.extend(cell for table in container.tables for row in table.rows for cell in row.cells)


def _replace(text: str, tags: dict[str, str]) -> str:
    for marker, value in tags.items():
        text = text.replace(marker, value)
    return text


def write_docxtpl(folder: Path, values: list[dict], out: Path) -> None:
    """Open the template for each copy (a template renders once), render the context, save."""
    from docxtpl import DocxTemplate

    for index, filled in enumerate(values):
        template = DocxTemplate(str(folder / "template.docx"))
        template.render({tag(key): text for key, text in filled.items()}, autoescape=True)
        template.save(str(out / f"{index}.docx"))


WRITERS = {"sotay": write_sotay, "python-docx": write_python_docx, "docxtpl": write_docxtpl}

if __name__ == "__main__":
    mode, folder = sys.argv[1], Path(sys.argv[2])
    out = folder / mode
    out.mkdir(exist_ok=True)
    WRITERS[mode](folder, json.loads((folder / "values.json").read_text(encoding="utf-8")), out)
