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
    return (error.get("ctx") or {}).get(name, "")


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
        return f"«{key}» quá dài", f"rút gọn còn tối đa {_limit(error, 'max_length')} ký tự"
    if kind == "too_short":
        return f"«{key}» cần ít nhất {_limit(error, 'min_length')} mục", "thêm mục vào danh sách"
    if kind in ("greater_than_equal", "greater_than"):
        return f"«{key}» phải từ {_limit(error, 'ge') or _limit(error, 'gt')} trở lên", "sửa lại giá trị"
    if kind in ("less_than_equal", "less_than"):
        return f"«{key}» phải không quá {_limit(error, 'le') or _limit(error, 'lt')}", "sửa lại giá trị"
    if kind == "literal_error":
        return (f"giá trị «{_shown(value)}» không hợp lệ cho «{key}»",
                f"chọn một trong: {_limit(error, 'expected')}")
    if kind == "block_kind":
        return ("khối không rõ loại", "mỗi khối bắt đầu bằng một trong các khóa: " + ", ".join(BLOCK_KEYS))
    if kind == "value_error":
        return str(_limit(error, "error")), DATE_HINT
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
