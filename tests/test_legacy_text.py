"""Legacy-encoded Vietnamese (TCVN3, VNI) is spotted; real Vietnamese and punctuation are not."""

import pytest

from generator.load.legacy_text import looks_like_legacy_encoding


@pytest.mark.parametrize("text", ["§¶ng bé x· Ch©u H­ng A", "Ñaûng boä xaõ Chaâu Höng A", "Ban Tæ chøc HuyÖn ñy"])
def test_legacy_text_is_spotted(text):
    assert looks_like_legacy_encoding(text)


@pytest.mark.parametrize("text", ["Đảng bộ xã Châu Hưng A", "Ủy ban Kiểm tra", "§ 2 Điều 5", "© 2022 Huyện ủy",
                                  "Nguyễn Văn Ánh, Hà Thị Ý", "plain ascii", ""])
def test_vietnamese_and_punctuation_are_not(text):
    assert not looks_like_legacy_encoding(text)
