"""Vietnamese words for reporting states, shared by the page, the DOCX and the XLSX."""

from generator.results.checks import LATE, MISSING, ON_TIME, RETURNED, UNDATED

STATES = {
    ON_TIME: "Đúng hạn",
    LATE: "Trễ hạn",
    MISSING: "Chưa nhận",
    RETURNED: "Trả lại để sửa",
    UNDATED: "Đã nhận (không ghi ngày)",
}
STATE_ORDER = (ON_TIME, LATE, UNDATED, RETURNED, MISSING)
