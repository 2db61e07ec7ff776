"""The scorer: hand-made gold with known P/R/F1, and agreement with the reference kgscore.py."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kg.errors import EvaluationError
from kg.evaluate import errors, load_records, score

SHARED = Path(__file__).resolve().parents[2] / "shared"

GOLD = {
    "a": {"id": "a", "persons": ["孫紹騁", "錢鋒", "朱天舒", "林國耀"],
          "organizations": [{"name": "退役軍人事務部", "kind": "government"},
                            {"name": "中央紀委國家監委", "kind": "government", "optional": True},
                            {"name": "新華社", "kind": "other"}],
          "posts": [{"person": "孫紹騁", "org": "退役軍人事務部", "title": "部長"},
                    {"person": "錢鋒", "org": "退役軍人事務部", "title": "副部長"}],
          "policies": ["“十四五”規劃", "退役軍人保障法"],
          "events": [{"name": "全國退役軍人工作會議", "participants": [
              {"person": "孫紹騁", "role": "spoke"}, {"person": "錢鋒", "role": "attended"}]},
                     {"name": "座談會", "participants": [{"person": "林國耀", "role": "presided"}]}],
          "policy_relations": [{"policy": "退役軍人保障法", "relation": "implemented", "agent": "退役軍人事務部"},
                               {"policy": "“十四五”規劃", "relation": "issued", "agent": "國務院"}]},
}
PRED = {
    "a": {"id": "a", "persons": ["孙绍骋", "钱锋", "王五"],
          "organizations": [{"name": "退役军人事务部", "kind": "government"},
                            {"name": "中央纪委国家监委", "kind": "government"},
                            {"name": "新华社", "kind": "government"}],
          "posts": [{"person": "孙绍骋", "org": "退役军人事务部", "title": "部长"},
                    {"person": "钱锋", "org": "", "title": "副部长"}],
          "policies": ["十四五", "保障法", "高质量发展"],
          "events": [{"name": "全国退役军人工作会议", "participants": [
              {"person": "孙绍骋", "role": "spoke"}, {"person": "钱锋", "role": "spoke"}]},
                     {"name": "调研", "participants": [{"person": "孙绍骋", "role": "presided"}]}],
          "policy_relations": [{"policy": "保障法", "relation": "implemented", "agent": "退役军人事务部"},
                               {"policy": "十四五规划", "relation": "adopted", "agent": "国务院"}]},
}


def test_known_scores() -> None:
    r = score(GOLD, PRED)
    s = r.scores
    assert (s["persons"].tp, s["persons"].pred, s["persons"].gold) == (2, 3, 4)
    assert s["persons"].precision == pytest.approx(2 / 3) and s["persons"].recall == pytest.approx(0.5)
    # optional organization neither required nor penalised; kind matters only for gov_orgs
    assert (s["orgs"].tp, s["orgs"].pred, s["orgs"].gold) == (2, 2, 2)
    assert (s["gov_orgs"].tp, s["gov_orgs"].pred, s["gov_orgs"].gold) == (1, 2, 1)
    assert (s["posts"].tp, s["posts"].pred, s["posts"].gold) == (1, 2, 2)
    assert (s["posts_title"].tp, s["posts_title"].pred, s["posts_title"].gold) == (2, 2, 2)
    # lenient: 十四五 ⊂ 十四五规划, 保障法 ⊂ 退役军人保障法
    assert (s["policies"].tp, s["policies"].pred, s["policies"].gold) == (2, 3, 2)
    assert (s["participation"].tp, s["participation"].pred, s["participation"].gold) == (1, 3, 3)
    # a role counts only on the meeting it belongs to: 孙绍骋 presided over no aligned meeting
    assert (s["participation_events"].tp, s["participation_events"].pred, s["participation_events"].gold) == (1, 3, 3)
    # lenient names, relation equal: 保障法 implemented matches, issued ≠ adopted does not
    assert (s["policy_relations"].tp, s["policy_relations"].pred, s["policy_relations"].gold) == (1, 2, 2)
    f1 = {k: s[k].f1 for k in s}
    assert r.overall_f1 == pytest.approx(
        (f1["persons"] + f1["gov_orgs"] + f1["posts"] + f1["policies"] + f1["participation_events"]) / 5)
    assert r.format().splitlines()[-1] == f"overall_f1={r.overall_f1:.3f}"


def test_missing_prediction_counts_as_empty() -> None:
    r = score(GOLD, {})
    assert r.missing == ("a",)
    assert r.scores["persons"].tp == 0 and r.scores["persons"].gold == 4


def test_error_listing_names_false_positives_and_negatives() -> None:
    text = errors(GOLD, PRED)
    assert "## a" in text
    assert "persons       + 王五" in text
    assert "persons       - 朱天舒" in text
    assert "participation + 钱锋 | spoke" in text
    assert "participation_events + 孙绍骋 | presided | 调研" in text


def test_policy_relations_only_where_gold_has_them() -> None:
    gold = {"b": {"id": "b", "persons": ["张三"]}}
    assert "policy_relations" not in score(gold, {"b": {"id": "b", "policy_relations": [
        {"policy": "某某规划", "relation": "issued", "agent": "某某部"}]}}).scores


def test_bad_gold_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "gold.jsonl"
    bad.write_text('{"id": "a"}\n{oops\n', encoding="utf-8")
    with pytest.raises(EvaluationError, match=r"gold.jsonl:2: invalid JSON"):
        load_records(bad)
    with pytest.raises(EvaluationError, match="no such file"):
        load_records(tmp_path / "missing.jsonl")


@pytest.mark.skipif(not (SHARED / "tools" / "kgscore.py").exists(), reason="../shared/tools/kgscore.py is absent")
def test_agrees_with_reference_scorer(tmp_path: Path) -> None:
    gold, pred = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold.write_text(json.dumps(GOLD["a"], ensure_ascii=False) + "\n", encoding="utf-8")
    pred.write_text(json.dumps(PRED["a"], ensure_ascii=False) + "\n", encoding="utf-8")
    ref = subprocess.run([sys.executable, str(SHARED / "tools" / "kgscore.py"), str(gold), str(pred), "--json"],
                         capture_output=True, text=True, check=True)
    ref_scores = json.loads(ref.stdout[:ref.stdout.rindex("overall_f1=")])
    ours = score(load_records(gold), load_records(pred)).as_dict()
    for key, values in ref_scores.items():
        for field, value in values.items():
            assert ours[key][field] == pytest.approx(value), (key, field)
