"""Script normalisation keeps offsets into the original text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kg.normalize import Normalizer, _align, detect_script

N = Normalizer()


def test_artifacts_of_machine_conversion_are_normalised() -> None:
    assert N.simplify("全麵 係統 曆史 同誌 製度") == "全面 系统 历史 同志 制度"
    assert N.simplify("退役軍人事務部部長孫紹騁") == "退役军人事务部部长孙绍骋"


def test_key_folds_width_quotes_and_script() -> None:
    assert N.key("“十四五”規劃") == "十四五规划"
    assert N.key("ＡＢＣ　部") == "ABC部"


def test_script_detection() -> None:
    assert detect_script("国务院总理李强", N.simplify("国务院总理李强")) == "hans"
    assert detect_script("國務院總理李強", N.simplify("國務院總理李強")) == "hant"
    mixed = "国务院总理李强会见退役軍人事務部部長孫紹騁並講話"
    assert detect_script(mixed, N.simplify(mixed)) == "mixed"


@given(st.text(max_size=200))
def test_conversion_keeps_length_or_maps_offsets(text: str) -> None:
    norm, n2o, o2n = N.normalize(text)
    if not n2o:
        assert len(norm) == len(text)
    else:
        assert len(n2o) == len(norm) + 1 and len(o2n) == len(text) + 1
        assert n2o[-1] == len(text) and o2n[-1] == len(norm)


@given(st.text(alphabet="ab中文國務", max_size=40), st.text(alphabet="ab中文国务x", max_size=40))
def test_alignment_maps_are_monotone_and_in_bounds(orig: str, norm: str) -> None:
    _, n2o, o2n = _align(orig, norm)
    assert list(n2o) == sorted(n2o) and list(o2n) == sorted(o2n)
    assert all(0 <= i <= len(orig) for i in n2o)
    assert all(0 <= i <= len(norm) for i in o2n)
    assert n2o[-1] == len(orig) and o2n[-1] == len(norm)
