"""Vietnamese wording for validation errors reported by pydantic.

Pydantic reports an error ``type`` plus context; this module turns each into
"what is wrong" and "what to do", the two halves of every content message.
"""

from __future__ import annotations

from typing import Any

from generator.model import BLOCK_KEYS

SLUG_HINT = "chỉ dùng chữ thường không dấu, số và dấu gạch nối, vd. chau-hung-a"
DATE_HINT = "viết ngày dạng 21/11/2022"


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "…"


def _key(error: dict) -> str:
    parts = [p for p in error["loc"] if isinstance(p, str)]
    return parts[-1] if parts else ""


def _limit(error: dict, name: str) -> Any:
    """A bound from the error's context, or None; 0 is a bound like any other."""
    return (error.get("ctx") or {}).get(name)


# Errors that quote a bound: (context name, message with the bound, message without).
_BOUNDED: dict[str, tuple[str, str, str]] = {
    "greater_than_equal": ("ge", "phải từ {} trở lên", "quá nhỏ"),
    "greater_than": ("gt", "phải lớn hơn {}", "quá nhỏ"),
    "less_than_equal": ("le", "phải không quá {}", "quá lớn"),
    "less_than": ("lt", "phải nhỏ hơn {}", "quá lớn"),
}


_SIMPLE: dict[str, tuple[str, str]] = {
    "string_type": ("phải là chữ", "đặt giá trị trong dấu ngoặc kép"),
    "int_type": ("phải là số nguyên", "viết số không có dấu chấm, vd. 25"),
    "int_parsing": ("phải là số nguyên", "viết số không có dấu chấm, vd. 25"),
    "int_from_float": ("phải là số nguyên", "bỏ phần thập phân"),
    "float_type": ("phải là số", "viết số, vd. 14 hoặc 2.5"),
    "float_parsing": ("phải là số", "viết số, vd. 14 hoặc 2.5"),
    "bool_type": ("phải là true hoặc false", "viết true (có) hoặc false (không)"),
    "bool_parsing": ("phải là true hoặc false", "viết true (có) hoặc false (không)"),
    "list_type": ("phải là danh sách", "viết mỗi mục trên một dòng bắt đầu bằng «- »"),
    "dict_type": ("phải là bảng khóa: giá trị", "viết các khóa thụt vào dưới dòng này"),
    "model_type": ("phải là bảng khóa: giá trị", "viết các khóa thụt vào dưới dòng này"),
    "model_attributes_type": ("phải là bảng khóa: giá trị", "viết các khóa thụt vào dưới dòng này"),
    "date_type": ("phải là ngày", DATE_HINT),
    "date_parsing": ("phải là ngày", DATE_HINT),
    "date_from_datetime_parsing": ("phải là ngày", DATE_HINT),
    "date_from_datetime_inexact": ("ngày không được kèm giờ", DATE_HINT),
}


def pydantic_message(error: dict) -> tuple[str, str]:
    """(message, hint) in Vietnamese for one ``ValidationError.errors()`` item."""
    kind, value = error["type"], error.get("input")
    key = _key(error)
    if kind in _SIMPLE:
        message, hint = _SIMPLE[kind]
        return f"«{key}» {message}" if key else message, hint
    if kind == "missing":
        return f"thiếu khóa bắt buộc «{key}»", f"thêm dòng «{key}: ...»"
    if kind == "extra_forbidden":
        return f"khóa «{key}» không có trong định dạng", ""
    if kind == "string_pattern_mismatch":
        return f"mã «{_shown(value)}» không hợp lệ", SLUG_HINT
    if kind == "string_too_short":
        return f"«{key}» không được để trống", "điền nội dung hoặc xóa dòng này"
    if kind == "string_too_long":
        limit = _limit(error, "max_length")
        return f"«{key}» quá dài", f"rút gọn còn tối đa {limit} ký tự" if limit is not None else "rút gọn lại"
    if kind == "too_short":
        limit = _limit(error, "min_length")
        return (f"«{key}» cần ít nhất {limit} mục" if limit is not None else f"«{key}» thiếu mục",
                "thêm mục vào danh sách")
    if kind in _BOUNDED:
        name, with_bound, without = _BOUNDED[kind]
        limit = _limit(error, name)
        return f"«{key}» " + (with_bound.format(limit) if limit is not None else without), "sửa lại giá trị"
    if kind == "literal_error":
        expected = _limit(error, "expected")
        return (f"giá trị «{_shown(value)}» không hợp lệ cho «{key}»",
                f"chọn một trong: {expected}" if expected is not None else "xem các giá trị hợp lệ trong định dạng")
    if kind in ("impossible_date", "reserved_name"):
        return error["msg"], DATE_HINT if kind == "impossible_date" else "đặt một mã khác, vd. thêm chữ phía sau"
    if kind == "block_kind":
        return ("khối không rõ loại", "mỗi khối bắt đầu bằng một trong các khóa: " + ", ".join(BLOCK_KEYS))
    if kind == "value_error":
        return str(_limit(error, "error") or error.get("msg", "")), DATE_HINT
    return f"giá trị không hợp lệ cho «{key}» ({error.get('msg', kind)})", "sửa lại theo định dạng nội dung"


# libyaml's problem sentences -> (message, hint, locate at the context mark).
# The context mark (where the broken construct opened) is where the fix goes
# for unclosed quotes and brackets and for a key missing its colon.
_YAML_PROBLEMS: dict[str, tuple[str, str, bool]] = {
    "found unexpected end of stream": (
        "chuỗi hoặc ngoặc mở ở đây chưa được đóng", "thêm dấu ngoặc kép (hoặc ngoặc) đóng ở cuối giá trị", True),
    "mapping values are not allowed in this context": (
        "dấu hai chấm không đúng chỗ: dòng thụt lề sai hoặc giá trị có «: »",
        "thẳng lề dòng này với các khóa cùng cấp, hoặc đặt giá trị trong dấu ngoặc kép", False),
    "could not find expected ':'": ("thiếu dấu hai chấm sau khóa", "viết «khóa: giá trị»", True),
    "found a tab character that violates indentation": (
        "thụt lề bằng phím Tab", "YAML chỉ thụt lề bằng dấu cách; thay Tab bằng dấu cách", False),
    "did not find expected '-' indicator": (
        "thụt lề của danh sách không khớp", "các dòng «- » của cùng một danh sách phải thẳng lề nhau", False),
    "did not find expected ',' or ']'": (
        "danh sách trong ngoặc vuông thiếu dấu phẩy hoặc dấu «]» đóng", "kiểm tra các dấu [ , ] của danh sách này", True),
    "did not find expected ',' or '}'": (
        "bảng trong ngoặc nhọn thiếu dấu phẩy hoặc dấu «}» đóng", "kiểm tra các dấu { , } của bảng này", True),
    "did not find expected key": (
        "thụt lề không khớp với các khóa phía trên", "thẳng lề dòng này với các khóa cùng cấp", False),
    "block sequence entries are not allowed in this context": (
        "dấu «- » không đúng chỗ", "mục danh sách phải nằm thụt vào dưới một khóa", False),
    "found undefined alias": (
        "bí danh YAML (*) không có neo tương ứng", "không dùng neo/bí danh; viết đầy đủ giá trị tại chỗ", False),
    "found character that cannot start any token": (
        "giá trị không được bắt đầu bằng ký tự này (vd. @, `, Tab)", "đặt giá trị trong dấu ngoặc kép", False),
    "found invalid Unicode character escape code": (
        "mã «\\u…» trong chuỗi ngoặc kép không phải một ký tự hợp lệ (nửa cặp thay thế)",
        "gõ thẳng ký tự cần dùng thay cho mã «\\u…», hoặc xóa mã này", False),
    "found unknown escape character": (
        "dấu «\\» trong chuỗi ngoặc kép không hợp lệ", "viết «\\\\» hoặc dùng ngoặc đơn ' thay cho ngoặc kép", False),
    "but found another document": (
        "tệp chứa hơn một tài liệu (có dòng ---)", "mỗi tệp chỉ chứa một tài liệu; xóa dòng --- hoặc tách tệp", False),
}


def yaml_syntax_message(problem: str) -> tuple[str, str, bool]:
    """(message, hint, at_context) in Vietnamese for one libyaml problem sentence."""
    if problem in _YAML_PROBLEMS:
        return _YAML_PROBLEMS[problem]
    return (f"cú pháp YAML sai ({problem})" if problem else "cú pháp YAML sai",
            "kiểm tra thụt lề, dấu hai chấm và dấu ngoặc kép quanh vị trí này", False)
