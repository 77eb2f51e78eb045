"""A full MkDocs build on both cores: the same steps as ``mkdocs build``, pages split in two.

Converting a page's Markdown and rendering its template read only that page,
the navigation and the configuration; the pages of sotay's navigation (the
section index pages) are read first, so that every page's menu and footer
have their titles. Then the process forks: parent and child each read,
convert and write the chunks of pages they claim in turn, each page once.
The child sends back what the anchor check needs (anchors present, links to
anchors) and its log records, given out with the parent's in page order;
the parent then checks anchors over all pages and runs ``post_build`` as
``mkdocs build`` does. Documents (the downloads) are not MkDocs files here:
links to them resolve all the same, and each process links half of them into
the site (:class:`_DocumentsAside`). The site is byte-identical to plain
``mkdocs build`` of the same tree (a test holds it to that).

Only for full builds and a configuration whose plugins are known to need
nothing else (:data:`SAFE_PLUGINS`); anything else goes through MkDocs' own
``build``. Nor in a process running other threads (``sotay serve``'s server
and watcher): a fork copies only the calling thread, and a lock another
thread holds at that moment (logging, stdout) would stay held in the child
forever. ``mkdocs.yml`` is not changed: this is how sotay drives MkDocs,
the docs tree stays buildable by plain ``mkdocs build``.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import traceback
from collections.abc import Collection, Iterator
from pathlib import PurePath

import jinja2
from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import File, Files, InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.pages import Page

from generator.cache import CACHE_DIR
from generator.forking import claimed, claims, single_threaded
from generator.site.linking import NAME as LINK_PLUGIN, link_or_copy
from generator.site.partial_build import NAME as REPLACE_PLUGIN

SAFE_PLUGINS = frozenset({"material/offline", "offline", LINK_PLUGIN})
PAGE_CHUNK = 8  # pages a process claims at a time (a page takes ~10 ms)
log = logging.getLogger("mkdocs")


def can_split(config) -> bool:
    """True if this configuration may be built by :func:`build_split` (else use MkDocs' build)."""
    return (not config.strict and set(config.plugins) <= SAFE_PLUGINS and hasattr(os, "fork")
            and (os.cpu_count() or 1) > 1 and single_threaded())


def build_split(config) -> None:
    """``mkdocs build`` (not dirty) of ``config``, the pages' work shared by two processes."""
    config, files, nav, env, pages, documents = _prepare(config, clean=True)
    files.copy_static_files()
    _build_templates(config, env, files, nav)
    _pages_in_two(config, files, nav, env, pages, documents)
    for file in pages:
        file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    config.plugins.on_post_build(config=config)


def can_drive(config) -> bool:
    """True if :func:`build_changed` may build this configuration (its plugins are known)."""
    return set(config.plugins) <= SAFE_PLUGINS | {REPLACE_PLUGIN}


def build_changed(config, changed: Collection[str], paths: Collection[str] = ()) -> None:
    """Write into ``config.site_dir`` only what the docs files in ``changed`` make there.

    The site folder already holds the previous build's files for everything
    else (:mod:`generator.site.partial_build`), and the engine inputs (the
    configuration, theme, navigation titles, the set of docs files) are those
    of that build. So: the changed pages are converted and written, the
    changed static files and documents copied or linked, and the site-wide
    templates (sitemap, 404) rendered as every build does; no other page is
    read, converted or looked at (MkDocs' own dirty build stats every file of
    the tree and builds its ``Files`` for every download). ``paths``: every
    file of the docs folder, when the caller has just written exactly these
    (the folder is then not walked again).
    """
    with _strict(config):
        _write_changed(config, changed, paths)


def _write_changed(config, changed: Collection[str], paths: Collection[str]) -> None:
    # The theme's own files are in the site already, and unchanged: the engine key holds the theme.
    config, files, nav, env, pages, documents = _prepare(config, clean=False, paths=paths, theme=False,
                                                         built=changed)
    for file in files:
        if file.src_uri in changed and not file.is_documentation_page() and file.inclusion.is_included():
            file.copy_file()
    _link_documents(config, [uri for uri in documents if uri in changed
                             and files.get_file_from_path(uri).inclusion.is_included()])
    _build_templates(config, env, files, nav)
    built = [file.page for file in pages if file.src_uri in changed]
    with _one_markdown():
        for page in built:
            if page.markdown is None:
                mkdocs_build._populate_page(page, config, files)
            mkdocs_build._build_page(page, config, pages, nav, env)
    for page in built:
        page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
    config.plugins.on_post_build(config=config)


@contextlib.contextmanager
def _strict(config) -> Iterator[None]:
    """As ``mkdocs build`` does: in strict mode, a warning fails the build (after it ran)."""
    counter = utils.CountHandler()
    counter.setLevel(logging.WARNING)
    log.addHandler(counter)
    try:
        yield
    finally:
        log.removeHandler(counter)
    if config.strict and (counts := counter.get_counts()):
        raise Abort("Aborted with " + ", ".join(f"{v} {k.lower()}s" for k, v in counts) + " in strict mode!")


def _prepare(config, clean: bool, paths: Collection[str] = (), theme: bool = True,
             built: Collection[str] | None = None):
    """MkDocs' build up to writing: the files (documents aside), the navigation with its pages read, the env.

    ``theme``: the theme's static files are among the files (to be copied), as in ``mkdocs build``.
    ``built``: the docs files this build writes, when not all: a navigation page
    that is not among them and has its title from the navigation is read, not
    converted (a partial build spent 0.2-0.4 s converting the section pages).
    """
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    if clean:
        utils.clean_directory(config.site_dir)
    known = _known_files(config, paths) if paths else None
    files, documents = known or _documents_aside(get_files(config), config)
    env = config.theme.get_env()
    env.bytecode_cache = _compiled_templates(config)
    if theme:
        files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    pages = list(files.documentation_pages(inclusion=InclusionLevel.is_included))
    for file in pages:
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
    for page in nav.pages:  # read once, before the fork: every page's menu shows their titles
        if built is None or page.file.src_uri in built or not _titled_by_nav(page):
            mkdocs_build._populate_page(page, config, files)
        else:  # a page this build does not write: its menu entry needs its front matter only
            page.read_source(config)
    env = config.plugins.on_env(env, config=config, files=files)
    return config, files, nav, env, pages, documents


def _titled_by_nav(page) -> bool:
    """True if the navigation names the page (``- Hướng dẫn: huong-dan/index.md``).

    MkDocs sets such a title on the page itself; any other comes from the
    page's front matter or, once converted, its first heading.
    """
    return "title" in vars(page)


def _compiled_templates(config) -> jinja2.BytecodeCache | None:
    """Where the theme's compiled templates are kept between builds (the project's cache), if writable.

    Jinja compiles the theme's templates anew in each process (a third of a
    second); its bytecode cache keys each by name and source checksum, so an
    edited template is compiled again.
    """
    folder = os.path.join(os.path.dirname(config.config_file_path or "."), CACHE_DIR, "jinja")
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(folder) if os.access(folder, os.W_OK) else None


def _build_templates(config, env, files, nav) -> None:
    """The theme's and the configuration's site-wide templates (sitemap, 404 …), as ``mkdocs build`` writes them."""
    for template in config.theme.static_templates:
        mkdocs_build._build_theme_template(template, env, files, config, nav)
    for template in config.extra_templates:
        mkdocs_build._build_extra_template(template, files, config, nav)


def _known_files(config, paths: Collection[str]) -> tuple[Files, list[str]] | None:
    """What ``get_files`` then :func:`_documents_aside` would give for a docs folder holding exactly ``paths``.

    Only pages and static pages become ``File`` objects, in the order of
    MkDocs' walk (sorted folders; a folder's files first, ``index`` first);
    documents stay paths, looked up (and their inclusion decided) on use.
    None if two files would land at one place: MkDocs' own rules then decide.
    """
    pages, documents = [], []
    for path in paths:
        (pages if utils.is_markdown_file(path) or path.endswith((".html", ".htm", ".xml", ".json"))
         else documents).append(path)
    kept = [File(path, config.docs_dir, config.site_dir, config.use_directory_urls)
            for path in sorted(pages, key=_walk_order)]  # the documents' order matters to nobody
    if len({file.dest_uri for file in kept}) < len(kept):
        return None
    set_exclusions(kept, config)
    return _DocumentsAside(kept, frozenset(documents), config, decide=True), documents


def _walk_order(path: str) -> tuple:
    """Sort key putting docs paths in the order ``get_files`` walks them."""
    *folders, name = path.split("/")
    return (*((1, folder) for folder in folders), (0, (os.path.splitext(name)[0] not in ("index", "README"), name)))


class _DocumentsAside(Files):
    """The build's files without its documents, which still resolve as link targets.

    A district's downloads (DOCX, .ics, spreadsheets: seven per unit) are most
    of the docs tree. MkDocs needs of them only that a page's link to one
    resolves (the URL it writes, the warning it does not give); holding a
    ``File`` for each cost a 10,000-unit build ~70,000 objects for the whole
    site build. Here a document is its path, and a lookup makes the very
    ``File`` that :func:`get_files` would have made.
    """

    def __init__(self, files, documents: frozenset[str], config, decide: bool = False):
        super().__init__(files)
        self.documents, self.config = documents, config
        # decide: the documents' inclusion is not known yet (all are included otherwise)
        self.inclusion = InclusionLevel.UNDEFINED if decide else InclusionLevel.INCLUDED

    def get_file_from_path(self, path: str) -> File | None:
        # MkDocs asks with the normalised path of every link of every page: PurePath (which
        # Files.get_file_from_path applies first) only for a path that names nothing as it is.
        uri = path if path in self.src_uris or path in self.documents else PurePath(path).as_posix()
        found = self.src_uris.get(uri)
        if found is None and uri in self.documents:
            found = File(uri, self.config.docs_dir, self.config.site_dir, self.config.use_directory_urls,
                         inclusion=self.inclusion)
            set_exclusions([found], self.config)
        return found


def _documents_aside(files, config) -> tuple[Files, list[str]]:
    """The files MkDocs works with, and the documents (paths) linked into the site beside its build.

    A document is a file of the docs tree that is neither a page nor a
    static page (HTML, XML, JSON), and is included: MkDocs would only copy it.
    """
    kept, documents = [], []
    for file in files:
        if file.src_dir == config.docs_dir and file.is_media_file() and file.inclusion.is_included():
            documents.append(file.src_uri)
        else:
            kept.append(file)
    return _DocumentsAside(kept, frozenset(documents), config), documents


def _link_documents(config, documents: list[str]) -> None:
    """Each document as a hard link in the site (as :class:`LinkStatic` does for MkDocs' copy)."""
    made: set[str] = set()
    for uri in documents:
        target = os.path.join(config.site_dir, uri)
        folder = os.path.dirname(target)
        if folder not in made:
            os.makedirs(folder, exist_ok=True)
            made.add(folder)
        link_or_copy(os.path.join(config.docs_dir, uri), target)


def _pages_in_two(config, files, nav, env, pages, documents: list[str]) -> None:
    """Read, convert and write ``pages`` and link ``documents``: each process claims chunks of pages in turn.

    Split by parity, the parent took 1-2 s longer than its child in a clean 3,000-unit build (a
    folder's index page, its heaviest, comes first: even). Log records of both are given out
    after both are done, in page order: the same order whichever process built which page.
    """
    counter = claims()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, config, files, nav, env, pages, documents, counter),
                            daemon=True)
    child.start()
    send.close()
    records: list[tuple[int, int, int, str, str]] = []
    try:
        _link_documents(config, documents[0::2])
        with _recorded(records) as recorder:
            _write_pages(config, files, nav, env, pages, counter, 0, recorder)
        result = receive.recv()
    except EOFError:
        result = {"error": "tiến trình con dừng bất thường"}
    finally:
        child.join()
    if "error" in result:
        raise BuildError(f"MkDocs (tiến trình con): {result['error']}")
    for _page, _order, level, name, message in sorted(records + result["records"]):
        logging.getLogger(name).log(level, "%s", message)
    by_uri = {file.src_uri: file for file in files}
    for src_uri, (present, links) in result["anchors"].items():
        page = by_uri[src_uri].page
        page.present_anchor_ids = present
        page.links_to_anchors = ({by_uri.get(target) or files.get_file_from_path(target): found
                                  for target, found in links.items()} if links is not None else None)


def _child(send, config, files, nav, env, pages, documents: list[str], counter) -> None:
    """The forked side: write the pages it claims, send back their anchors and log records (never raises)."""
    records: list[tuple[int, int, int, str, str]] = []
    try:
        with _recorded(records) as recorder:
            _link_documents(config, documents[1::2])
            built = _write_pages(config, files, nav, env, pages, counter, 1, recorder)
        anchors = {file.src_uri: (file.page.present_anchor_ids, _links(file.page)) for file in built}
        send.send({"records": records, "anchors": anchors})
    except BaseException:  # the parent raises it: a child must always answer
        send.send({"error": traceback.format_exc(limit=-3)})
    finally:
        send.close()


def _write_pages(config, files, nav, env, pages, counter, first: int, recorder: "_Recorder") -> list[File]:
    """Populate (unless done) and build each page of the chunks this process claims, then drop its text.

    Returns the pages' files it built. ``recorder`` is told which page each log record is about.
    """
    in_nav = set(map(id, nav.pages))
    built = []
    with _one_markdown():
        for number, (file, mine) in enumerate(claimed(pages, counter, first, PAGE_CHUNK)):
            if not mine:
                continue
            recorder.page = number
            page = file.page
            if page.markdown is None:
                mkdocs_build._populate_page(page, config, files)
            mkdocs_build._build_page(page, config, pages, nav, env)
            if id(page) not in in_nav:  # nobody else shows a page outside the menu
                page.markdown = page.content = None
            built.append(file)
    return built


class _ReusedMarkdown:
    """The ``markdown`` module as MkDocs' page rendering sees it: ``Markdown()`` gives one instance, reset.

    MkDocs makes a new ``Markdown`` per page, loading every extension anew
    (~6% of a page's work). Markdown is made to be reused: ``reset()`` clears
    its state and each extension's, and the processors MkDocs adds per page
    replace those of the page before (same names, same order). The same
    options give the same instance; the pages' bytes are those of MkDocs'
    own build (a test compares the two sites).
    """

    def __init__(self, module):
        self.module, self.made = module, None

    def __getattr__(self, name: str):
        return getattr(self.module, name)

    def Markdown(self, **options):  # noqa: N802 - stands for the class of that name
        if self.made is None or self.made[0] != options:
            self.made = (options, self.module.Markdown(**options))
        return self.made[1].reset()


@contextlib.contextmanager
def _one_markdown() -> Iterator[None]:
    """While pages are written, MkDocs' page rendering reuses one Markdown instance."""
    real = mkdocs_pages.markdown
    mkdocs_pages.markdown = _ReusedMarkdown(real)
    try:
        yield
    finally:
        mkdocs_pages.markdown = real


def _links(page: Page) -> dict[str, dict[str, str]] | None:
    links = page.links_to_anchors
    return None if links is None else {target.src_uri: found for target, found in links.items()}


class _Recorder(logging.Handler):
    """Keeps MkDocs' warnings as (page number, order, level, logger, message), to be given out in page order."""

    def __init__(self, sink: list[tuple[int, int, int, str, str]]):
        super().__init__(logging.DEBUG)
        self.sink, self.page = sink, -1

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.sink.append((self.page, len(self.sink), record.levelno, record.name, record.getMessage()))


@contextlib.contextmanager
def _recorded(sink: list[tuple[int, int, int, str, str]]) -> Iterator[_Recorder]:
    """While the block runs, MkDocs' log records go to ``sink`` (through the yielded recorder), not out."""
    logger = logging.getLogger("mkdocs")
    recorder = _Recorder(sink)
    handlers, propagate = logger.handlers, logger.propagate
    logger.handlers, logger.propagate = [recorder], False
    try:
        yield recorder
    finally:
        logger.handlers, logger.propagate = handlers, propagate
