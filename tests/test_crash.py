"""A store build killed at any moment (SIGKILL) leaves a usable store, and a rerun finishes the job."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kg
from kg.export import serialize_nquads
from kg.graph import build_dataset
from kg.store import KgStore

SENTENCES = [
    "国务院总理李强主持召开国务院常务会议。",
    "退役军人事务部部长孙绍骋出席会议并讲话。",
    "国家主席习近平在北京会见乌拉圭总统奥尔西。",
    "全国人大常委会委员长赵乐际主持会议。",
    "浙江省委组织部召开会议，学习贯彻党的二十届四中全会精神。",
]


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killed_builds_recover(tmp_path: Path) -> None:
    records = [{"id": f"n{i:03d}", "date": f"2025{1 + i % 12:02d}{1 + i % 28:02d}",
                "text": SENTENCES[i % len(SENTENCES)] + SENTENCES[(i * 3) % len(SENTENCES)]} for i in range(120)]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    store = tmp_path / "corpus.kg"
    cmd = [sys.executable, "-m", "kg", "build", str(corpus), "--store", str(store), "-j", "1"]
    rng = random.Random(7)
    env = dict(os.environ, PYTHONHASHSEED="0")
    for _ in range(3):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(0.3, 4.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if (store / "state.json").exists():
            with KgStore.open(store, create=False, read_only=True) as st:  # the store opens after any kill
                assert len(st) >= 0
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    docs = kg.extract([corpus])
    with KgStore.open(store, create=False, read_only=True) as st:
        assert st.dump_nquads() == serialize_nquads(build_dataset(docs))
