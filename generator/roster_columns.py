"""The roster's columns and member types: what ``sotay forms --help`` prints and the reader matches.

Kept apart from :mod:`generator.roster` so that building the command line's
help does not import the spreadsheet, DOCX and campaign code behind it.
"""

from __future__ import annotations

#: Roster columns by field; headers are matched accent-free, case-free.
HEADERS = {
    "name": ("ho va ten", "ho ten", "ten dang vien"),
    "birth": ("ngay sinh", "ngay thang nam sinh"),
    "cell": ("chi bo", "chi bo sinh hoat", "sinh hoat tai chi bo", "ma chi bo"),
    "posts": ("chuc vu", "chuc vu dang", "chuc vu hien nay"),
    "kind": ("loai", "loai dang vien", "doi tuong", "mau"),
}
#: Member types as publishers write them (accent-free) -> form audience.
KINDS = {
    "leader": ("lanh dao", "lanh dao quan ly", "giu chuc vu", "co chuc vu", "2a", "mau 2a"),
    "member": ("", "dang vien", "khong", "khong giu chuc vu", "binh thuong", "2b", "mau 2b"),
    "outside": ("ngoai he thong", "ngoai he thong chinh tri", "huu tri", "nghi huu", "hoc sinh",
                "sinh vien", "tu nhan", "khu vuc tu nhan", "2c", "mau 2c"),
}
KIND_NAMES = {"leader": "giữ chức vụ lãnh đạo, quản lý", "member": "không giữ chức vụ",
              "outside": "ngoài hệ thống chính trị"}
#: The roster's columns as the help text and the blank template name them.
COLUMN_DOCS = (
    ("Họ và tên", "bắt buộc"),
    ("Ngày sinh", "05/03/1968, 1968-03-05, ô ngày của Excel, hoặc chỉ năm sinh: 1968"),
    ("Chi bộ", "tên hoặc mã chi bộ; «Chi bộ ấp Tam Hưng», «Ấp Tam Hưng», «tam hung» đều được; "
               "để trống khi đơn vị chỉ có một chi bộ"),
    ("Chức vụ", "chức vụ hiện nay, in vào bản kiểm điểm; có thể để trống"),
    ("Loại", "loại đảng viên, quyết định mẫu kiểm điểm (xem dưới); để trống là đảng viên không giữ chức vụ"),
)
COLUMNS_TEXT = ", ".join(name for name, _ in COLUMN_DOCS)
#: Member types as the help text lists them: (audience, words to write).
KIND_DOCS = (
    ("leader", "«lãnh đạo», «giữ chức vụ», «2A»"),
    ("member", "«đảng viên», «không giữ chức vụ», «2B» hoặc để trống"),
    ("outside", "«ngoài hệ thống», «hưu trí», «học sinh», «sinh viên», «khu vực tư nhân», «2C»"),
)


def roster_help() -> str:
    """The roster's columns and member types, for ``sotay forms --help``."""
    lines = ["Danh sách (CSV hoặc trang đầu của tệp .xlsx): các dòng tiêu đề, ghi chú phía trên",
             "được bỏ qua; dòng tên cột cần có «Họ và tên». Các cột (không phân biệt hoa thường, dấu):"]
    lines += [f"  {name}: {text}" for name, text in COLUMN_DOCS]
    lines.append("Loại đảng viên (ghi một trong các chữ):")
    lines += [f"  {KIND_NAMES[kind]}: {words}" for kind, words in KIND_DOCS]
    lines.append("Cùng họ tên và ngày sinh ở hai dòng là lỗi (một người chỉ một bản kiểm điểm).")
    return "\n".join(lines)
