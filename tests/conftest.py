"""Shared test setup: keep hypothesis' working files out of the repository, and out of /tmp afterwards."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile

from hypothesis.configuration import set_hypothesis_home_dir

# Hypothesis keeps examples and a constants cache in ./.hypothesis by default;
# tests write only inside temporary folders.
HYPOTHESIS_HOME = tempfile.mkdtemp(prefix="sotay-hypothesis-")
set_hypothesis_home_dir(HYPOTHESIS_HOME)


def pytest_sessionfinish(session, exitstatus) -> None:
    """Remove the session's own temporary folders; screenshots stay when a test failed (to look at)."""
    shutil.rmtree(HYPOTHESIS_HOME, ignore_errors=True)
    browser = sys.modules.get("browser")  # the tests' helpers: the folder is made when first used
    if browser is not None and browser.artefacts.cache_info().currsize and exitstatus == 0 \
            and not os.environ.get("SOTAY_TEST_ARTEFACTS"):
        shutil.rmtree(browser.artefacts(), ignore_errors=True)
