"""Output kind: the forms catalogue (``bieu-mau/index.md``): official forms, then local references."""

from __future__ import annotations

from generator.outputs import paths
from generator.outputs.form_preview import AUDIENCE_NAMES
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, TemplatePage, download_label, render_page


def gather(campaign, sizes):
    project = campaign.project
    index = paths.section_index(paths.FORMS)
    rows = [{"form": form, "link": paths.relative(index, paths.form_page(form)),
             "audience": AUDIENCE_NAMES[form.audience], "units": len(campaign.users[form.id]),
             "blank": paths.relative(index, paths.form_blank_docx(form)),
             "blank_label": download_label(paths.form_blank_docx(form), sizes[paths.form_blank_docx(form)])}
            for form in project.forms.values()]
    yield index, TemplatePage("forms/index.md.j2", {
        "rows": rows, "illustrative": project.organisation.illustrative})


KIND = OutputKind("forms-catalogue", "pages", gather, render_page, templates=PAGE_TEMPLATES)
