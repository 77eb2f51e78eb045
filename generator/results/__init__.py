"""Results of the review: each unit's returned ratings → checks → the district's summary.

After the meetings every grassroots organisation returns a results sheet (the
XLSX handed out ready-filled, :mod:`.sheet`, or the same data as YAML). The
publisher drops them into ``content/results/<plan-id>/`` beside a
``settings.yaml`` (cap, local rules, returned reports). Stages:

* :mod:`.settings` — the publisher's settings and the rule view (levels, cap,
  who is not rated) the checks read;
* :mod:`.read` — one reader per input kind, every value with its location
  (``file!sheet!cell`` or ``file:line:col``);
* :mod:`.checks` — every rule, all problems at once;
* :mod:`.summary` — the aggregate value every renderer reads;
* :mod:`.render` — statistics XLSX, SVG charts, the site page, the DOCX spec;
* :mod:`.members` — member-level lists, private output only.

Renderers are pure functions from values to bytes.
"""

from generator.results.collect import Results, collect

__all__ = ["Results", "collect"]
