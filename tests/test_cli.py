"""The preview command, run as a teacher runs it: a real process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SEED = Path(__file__).parent.parent / "seeds" / "first-film.md"


def orbitquiz(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "orbitquiz", *args], capture_output=True, text=True, cwd=cwd)


def test_questions_json_lists_every_question_with_its_fields():
    result = orbitquiz("questions", str(SEED), "--json", "--seed", "4")
    assert result.returncode == 0, result.stderr
    records = json.loads(result.stdout)
    assert len(records) >= 50
    assert set(records[0]) == {"id", "kind", "prompt", "options", "answer", "accepted", "type", "hint", "source"}
    assert {r["kind"] for r in records} == {"fill", "choice"}
    assert all(r["source"]["path"] == str(SEED) and r["source"]["line"] > 0 for r in records)
    assert records == json.loads(orbitquiz("questions", str(SEED), "--json", "--seed", "4").stdout)


def test_questions_table_shows_prompts_and_answers():
    result = orbitquiz("questions", str(SEED))
    assert result.returncode == 0
    assert "= Anton Shkaplerov" in result.stdout
    assert "options:" in result.stdout
    assert result.stdout.rstrip().endswith("questions")


def test_errors_print_as_path_line_column_and_exit_1(tmp_path):
    broken = tmp_path / "broken.md"
    broken.write_text("---\ntitle: T\n---\nThe [Soyuz]{.craft colour=\"red\"} flew.\n", encoding="utf-8")
    result = orbitquiz("questions", str(broken))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"{broken}:4:20: unknown attribute 'colour' — allowed: accept, wrong, hint")
