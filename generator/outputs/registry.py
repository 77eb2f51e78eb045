"""Every output kind of the docs tree, in one list.

Documents come first: pages show the documents' formats and sizes. To add an
output, write a module with a gather and a render function (see
:mod:`generator.outputs.kind`) and list its kind here.
"""

from __future__ import annotations

from generator.outputs.kind import Blob, Fingerprint, jobs
from generator.results import outputs as results_outputs
from generator.outputs import (bundle, calendar, changes_page, directive_page, directives_index, form_docx,
                               form_page, forms_catalogue, guidance_index, guidance_page, home,
                               plan_docx, plan_page, plans_index, reference, unit_list, unit_page,
                               units_index)

KINDS = (
    plan_docx.KIND, form_docx.BLANK, form_docx.FILLED, calendar.KIND, directive_page.ATTACHMENT,
    unit_list.XLSX, unit_list.CSV, bundle.KIND,
    home.KIND, directives_index.KIND, directive_page.KIND, guidance_index.KIND, guidance_page.KIND,
    plans_index.KIND, plan_page.KIND, forms_catalogue.KIND, form_page.KIND, units_index.KIND,
    unit_page.KIND, changes_page.KIND, changes_page.REPORT, reference.KIND, *results_outputs.KINDS,
)
DOCUMENTS = tuple(kind for kind in KINDS if kind.phase == "documents")
BUNDLES = tuple(kind for kind in KINDS if kind.phase == "bundles")
PAGES = tuple(kind for kind in KINDS if kind.phase == "pages")


def render_all(campaign) -> dict[str, bytes]:
    """Every output of the campaign, rendered now: the build's own jobs without the cache."""
    fingerprint = Fingerprint()
    files = {job.path: job.render() for job in jobs(DOCUMENTS, campaign, {}, fingerprint)}
    blobs = {path: Blob.of(data) for path, data in files.items()}
    files |= {job.path: job.render() for job in jobs(BUNDLES, campaign, blobs, fingerprint)}
    sizes = {path: len(data) for path, data in files.items()}
    return files | {job.path: job.render() for job in jobs(PAGES, campaign, sizes, fingerprint)}
