"""Vietnamese wording for validation errors reported by pydantic.

Pydantic reports an error ``type`` plus context; this module turns each into
"what is wrong" and "what to do", the two halves of every content message.
"""

from __future__ import annotations

from typing import Any

from .model import BLOCK_KEYS

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
    "date_type": ("ngày không hợp lệ", DATE_HINT),
    "date_parsing": ("ngày không hợp lệ", DATE_HINT),
    "date_from_datetime_parsing": ("ngày không hợp lệ", DATE_HINT),
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
