"""The ``sotay`` command: parse arguments, call the library, print.

Exit codes: 0 ok (warnings allowed), 1 content errors, 2 wrong usage, 3 a file or folder
could not be written or read (not the content's fault).
All messages are Vietnamese; no traceback reaches the user for content errors.
"""

from __future__ import annotations

import argparse
import atexit
import gc
import os
import sys
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Callable, Iterator, Sequence

from generator.errors import ContentError, Problem, SotayError, UsageError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE, EXIT_WRITE = 0, 1, 2, 3


class Parser(argparse.ArgumentParser):
    """argparse with Vietnamese headings and exit code 2 on misuse."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        kwargs.setdefault("formatter_class", VietnameseHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = "tham số"
        self._optionals.title = "tùy chọn"
        self.add_argument("-h", "--help", action="help", help="hiện hướng dẫn này rồi thoát")

    def error(self, message: str):  # noqa: D102 - argparse hook
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: lỗi cách dùng: {translate_argparse(message)}\n")


class VietnameseHelpFormatter(argparse.RawDescriptionHelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        return super().add_usage(usage, actions, groups, "Cách dùng: " if prefix is None else prefix)


_ARGPARSE_WORDS = [
    ("the following arguments are required:", "thiếu tham số bắt buộc:"),
    ("unrecognized arguments:", "tham số không nhận ra:"),
    ("invalid choice:", "lựa chọn không hợp lệ:"),
    ("choose from", "chọn một trong"),
    ("expected one argument", "cần một giá trị"),
    ("invalid int value:", "không phải số nguyên:"),
    ("ambiguous option:", "tùy chọn không rõ:"),
    ("could match", "có thể là"),
    ("argument", "tham số"),
]


def translate_argparse(message: str) -> str:
    """argparse's few error sentences, in Vietnamese."""
    for english, vietnamese in _ARGPARSE_WORDS:
        message = message.replace(english, vietnamese)
    return message


def print_problems(problems: Sequence[Problem]) -> None:
    """Every problem on stderr, one a line, then a count."""
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(1 for p in problems if p.is_error)
    warnings = len(problems) - errors
    if problems:
        print(f"{errors} lỗi, {warnings} cảnh báo.", file=sys.stderr)


# --- commands -------------------------------------------------------------


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run the block without Python's cycle collector, then restore it.

    Importing the models and loading content make hundreds of thousands of
    objects that live to the end and form no cycles: every collection walks
    them for nothing (about a fifteenth of ``sotay check``).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def cmd_check(args) -> int:
    with collector_paused():
        from generator.check.rules import check

        project, warnings = check(args.content)
    print_problems(warnings)
    print(f"Nội dung hợp lệ: {len(project.units)} đơn vị, {len(project.directives)} văn bản, "
          f"{len(project.plans)} kế hoạch, {len(project.forms)} biểu mẫu, "
          f"{len(project.guidance)} trang hướng dẫn.")
    return EXIT_OK


def cmd_build(args) -> int:
    from generator.build import build

    report = build(args.content, args.site)
    print_problems(report.warnings)
    print(report.summary)
    return EXIT_OK


def cmd_serve(args) -> int:
    from generator.build import build
    from generator.site.serve import serve

    serve(lambda: build(args.content, args.site, record=False), args.site,
          [args.content, Path("templates")], host=args.host, port=args.port)
    return EXIT_OK


def cmd_new(args) -> int:
    from generator.new_project import create_project

    folder = create_project(args.folder)
    print(f"Đã tạo dự án ở {folder} (nội dung mẫu minh họa). Tiếp theo: cd {folder} && sotay build")
    return EXIT_OK


def cmd_schema(args) -> int:
    from generator.schema import write_schemas

    written = write_schemas(args.out)
    for path in written:
        print(f"Đã ghi {path}")
    return EXIT_OK


def cmd_forms(args) -> int:
    from generator.check.rules import check
    from generator.roster import fill_roster
    from generator.campaign import derive_campaign

    # Published or content folders: a roster there could reach the website.
    protected = [Path("site"), Path("build"), args.content]
    project, warnings = check(args.content)
    print_problems(warnings)
    if args.template:
        from generator.roster_template import write_roster_template

        path = write_roster_template(project, args.unit, args.out, protected)
        print(f"Đã ghi danh sách mẫu {path}: điền rồi chạy lại với --roster.")
        return EXIT_OK
    report = fill_roster(derive_campaign(project), args.roster, args.unit, args.out, protected)
    print(f"Đã điền {len(report.files)} bản kiểm điểm vào {report.out} (thư mục riêng, "
          "không đưa lên trang web).")
    return EXIT_OK


def cmd_units_export(args) -> int:
    from generator.check.rules import check
    from generator.outputs.unit_sheet import export_units

    project, warnings = check(args.content)
    print_problems(warnings)
    count = export_units(project, args.out, args.unit, args.title)
    print(f"Đã ghi {count} đơn vị vào {args.out}.")
    return EXIT_OK


def cmd_units_template(args) -> int:
    from generator.check.rules import check
    from generator.outputs.unit_sheet import write_template

    project, warnings = check(args.content)
    print_problems(warnings)
    write_template(project, args.out)
    print(f"Đã ghi mẫu danh sách đơn vị vào {args.out}; điền rồi đặt vào thư mục content/units/.")
    return EXIT_OK


def cmd_members(args) -> int:
    from generator.campaign import derive_campaign
    from generator.check.rules import check
    from generator.results.members import member_lists

    project, warnings = check(args.content)
    results = derive_campaign(project).results
    if results is None or results.rules is None:
        raise UsageError("chưa có thư mục kết quả của đợt hiện hành (content/results/<mã kế hoạch>/settings.yaml)")
    protected = [Path("site"), Path("build"), Path(".cache"), args.content]
    files = member_lists(project, results.plan, results.rules, args.list, args.unit, args.out, protected)
    print(f"Đã ghi {len(files)} danh sách xếp loại vào {args.out} (thư mục riêng, không đưa lên trang web).")
    return EXIT_OK


def cmd_changes(args) -> int:
    import json
    import tempfile

    from generator.campaign.changes import compare, export_revision, format_text, snapshot, to_json

    with tempfile.TemporaryDirectory(prefix="sotay-changes-") as temp:
        if args.against is not None:
            old_dir, old_label = args.against, str(args.against)
        else:
            revision = args.since or "HEAD"
            old_dir, old_label = export_revision(args.content, revision, Path(temp)), revision
        report = compare(snapshot(old_dir), snapshot(args.content), old_label, str(args.content))
    if args.json:
        print(json.dumps(to_json(report), ensure_ascii=False, indent=2))
    else:
        print(format_text(report), end="")
    return EXIT_OK


def content_folder(value: str) -> Path:
    """argparse type: an existing folder (a missing one is wrong usage, exit 2)."""
    path = Path(value)
    if not path.is_dir():
        raise argparse.ArgumentTypeError(f"không có thư mục nội dung «{value}»")
    return path


def add_content_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=content_folder, default="content", metavar="THƯ_MỤC",
                        help="thư mục nội dung (mặc định: content)")


def add_command(commands, name: str, func, summary: str, description: str | None = None) -> Parser:
    """A subcommand with Vietnamese help that runs ``func``."""
    parser = commands.add_parser(name, help=summary, description=description or summary)
    parser.set_defaults(func=func)
    return parser


def add_site_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--site", type=Path, default=Path("site"), metavar="THƯ_MỤC",
                        help="thư mục kết quả (mặc định: site)")


def add_build_commands(commands) -> None:
    new = add_command(commands, "new", cmd_new, "tạo một thư mục dự án mới với nội dung mẫu",
                      "tạo thư mục dự án (content/, mkdocs.yml, .gitignore) với nội dung mẫu minh họa; "
                      "thư mục phải chưa có hoặc đang trống")
    new.add_argument("folder", type=Path, metavar="THƯ_MỤC", help="thư mục dự án sẽ tạo")
    add_content_option(add_command(commands, "check", cmd_check, "kiểm tra nội dung, báo mọi lỗi một lần"))
    build = add_command(commands, "build", cmd_build, "dựng trang web vào site/")
    add_content_option(build)
    add_site_option(build)
    serve = add_command(commands, "serve", cmd_serve, "xem trước trang web, tự dựng lại khi nội dung thay đổi")
    add_content_option(serve)
    add_site_option(serve)
    serve.add_argument("--host", default="127.0.0.1", metavar="ĐỊA_CHỈ",
                       help="địa chỉ phục vụ (mặc định: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, metavar="CỔNG", help="cổng (mặc định: 8000)")
    schema = add_command(commands, "schema", cmd_schema, "ghi JSON Schema cho trình soạn thảo")
    schema.add_argument("--out", type=Path, default=Path("content") / "schema", metavar="THƯ_MỤC",
                        help="thư mục ghi schema (mặc định: content/schema)")


def add_forms_command(commands) -> None:
    from generator.roster_columns import roster_help

    forms = add_command(commands, "forms", cmd_forms,
                        "điền bản kiểm điểm cho từng đảng viên từ danh sách (riêng tư)",
                        "điền bản kiểm điểm cho từng đảng viên từ danh sách CSV/XLSX "
                        "vào một thư mục riêng (không bao giờ vào site/)")
    forms.epilog = roster_help()
    add_content_option(forms)
    source = forms.add_mutually_exclusive_group(required=True)
    source.add_argument("--roster", type=Path, metavar="TỆP",
                        help="danh sách đảng viên .csv hoặc .xlsx (các cột: xem dưới)")
    source.add_argument("--template", action="store_true",
                        help="chỉ ghi danh sách mẫu trống (.xlsx) của đơn vị vào THƯ_MỤC")
    forms.add_argument("--unit", required=True, metavar="MÃ", help="mã đơn vị của danh sách")
    forms.add_argument("--out", type=Path, required=True, metavar="THƯ_MỤC",
                       help="thư mục riêng để ghi các bản kiểm điểm (ngoài site/)")


def add_units_command(commands) -> None:
    units = add_command(commands, "units", None, "cây đơn vị dạng bảng tính Excel (xuất, mẫu trống)",
                        "cây đơn vị dạng bảng tính: «export» ghi cây hiện tại ra tệp .xlsx (đọc lại "
                        "được từ content/units/), «template» ghi một mẫu trống có danh sách chọn")
    actions = units.add_subparsers(dest="action", metavar="VIỆC", title="các việc", parser_class=Parser,
                                   help="export (xuất cây) hoặc template (mẫu trống)")
    actions.required = True
    export = add_command(actions, "export", cmd_units_export, "ghi cây đơn vị ra tệp .xlsx")
    add_content_option(export)
    export.add_argument("--unit", metavar="MÃ", help="chỉ ghi nhánh của đơn vị này (mặc định: cả cây)")
    export.add_argument("--title", metavar="CHỮ", help="dòng tiêu đề ghi phía trên dòng tên cột")
    export.add_argument("--out", type=Path, required=True, metavar="TỆP", help="tệp .xlsx mới để ghi")
    template = add_command(actions, "template", cmd_units_template,
                           "ghi mẫu danh sách đơn vị trống (.xlsx) có danh sách chọn loại, nhóm, cấp trên")
    add_content_option(template)
    template.add_argument("--out", type=Path, required=True, metavar="TỆP", help="tệp .xlsx mới để ghi")


def add_members_command(commands) -> None:
    members = add_command(commands, "members", cmd_members,
                          "lập danh sách đảng viên theo mức xếp loại của từng chi bộ (riêng tư)",
                          "đọc danh sách xếp loại từng đảng viên (CSV/XLSX), kiểm tra rồi ghi danh sách "
                          "theo mức của từng chi bộ vào một thư mục riêng (không bao giờ vào site/)")
    add_content_option(members)
    members.add_argument("--list", type=Path, required=True, metavar="TỆP",
                         help="danh sách .csv hoặc .xlsx (Họ và tên, Chi bộ, Diện không xếp loại, Xếp loại, Chức vụ)")
    members.add_argument("--unit", required=True, metavar="MÃ", help="mã đơn vị của danh sách")
    members.add_argument("--out", type=Path, required=True, metavar="THƯ_MỤC",
                         help="thư mục riêng để ghi các danh sách (ngoài site/)")


def add_changes_command(commands) -> None:
    changes = add_command(commands, "changes", cmd_changes,
                          "báo trước những gì thay đổi (lịch, biểu mẫu, kế hoạch) theo từng đơn vị",
                          "so sánh nội dung hiện tại với một bản git (--since, mặc định HEAD) hoặc một "
                          "thư mục khác (--against): mốc thời gian, biểu mẫu và kế hoạch của từng đơn vị")
    add_content_option(changes)
    since = changes.add_mutually_exclusive_group()
    since.add_argument("--since", metavar="BẢN", help="bản git để so sánh (mặc định: HEAD)")
    since.add_argument("--against", type=content_folder, metavar="THƯ_MỤC",
                       help="thư mục nội dung cũ để so sánh")
    changes.add_argument("--json", action="store_true", help="in kết quả dạng JSON")


def make_parser() -> Parser:
    """The ``sotay`` parser with every subcommand."""
    parser = Parser(prog="sotay", description="Sổ tay kiểm điểm: kiểm tra nội dung và dựng trang hướng dẫn.")
    commands = parser.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh", parser_class=Parser)
    commands.required = True
    add_build_commands(commands)
    add_forms_command(commands)
    add_units_command(commands)
    add_members_command(commands)
    add_changes_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script."""
    parser = make_parser()
    args = parser.parse_args(argv)
    handler: Callable[[argparse.Namespace], int] = args.func
    try:
        code = handler(args)
        sys.stdout.flush()  # inside the try: a closed pipe shows up here, not at exit
        return code
    except ContentError as exc:
        print_problems(exc.problems)
        print("Không ghi gì vì nội dung còn lỗi.", file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as exc:
        print(f"sotay: lỗi cách dùng: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SotayError as exc:
        print(f"sotay: lỗi: {exc}", file=sys.stderr)
        return EXIT_WRITE
    except BrokenPipeError:
        # The reader went away (`sotay changes --json | head`): end quietly, and
        # point stdout at /dev/null so the interpreter's final flush cannot fail.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        # A full disk, a permission refused …: the machine's fault, not the content's.
        where = f" «{exc.filename}»" if exc.filename else ""
        print(f"sotay: lỗi: không đọc hoặc ghi được{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_WRITE


def script() -> None:
    """The ``sotay`` console script: :func:`main` with ``sys.argv``, then exit without teardown.

    Once the command has returned and every exit handler registered while it
    ran has run (multiprocessing's joins, temporary folders' removal …),
    nothing is left to do but free every loaded object one by one and walk
    them all once more for cycles: about a tenth of ``sotay check`` and 0.6 s
    of a one-unit edit's ``sotay build`` at 3,000 units. The process ends
    there instead, streams flushed, with the command's code. An exception
    that escapes :func:`main` (a bug) still ends the usual way.
    """
    ending: list[int] = []
    atexit.register(_end_at_once, ending)  # registered first: runs after every handler registered later
    code = main()
    ending.append(code)
    sys.exit(code)


def _end_at_once(ending: list[int]) -> None:
    """The exit handler of :func:`script`: end the process now if the command returned a code."""
    if not ending:
        return
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a reader gone, a stream closed: nothing left to say
            stream.flush()
    os._exit(ending[0])


if __name__ == "__main__":
    script()
