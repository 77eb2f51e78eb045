"""Shared test setup: keep hypothesis' working files out of the repository."""

from __future__ import annotations

import tempfile

from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps examples and a constants cache in ./.hypothesis by default;
# tests write only inside temporary folders.
set_hypothesis_home_dir(tempfile.mkdtemp(prefix="sotay-hypothesis-"))
