"""The wheel carries the bundled packs: installed anywhere, run from anywhere, orbitquiz finds them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).parent.parent


def test_the_installed_wheel_lists_every_bundled_pack_from_another_folder(tmp_path):
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
                   cwd=REPO, check=True, capture_output=True)
    wheel, = (tmp_path / "dist").glob("orbitquiz-*.whl")
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        archive.extractall(site)  # a pure-Python wheel installs by unpacking
    bundled = sorted(p.name for p in [*(REPO / "seeds").iterdir(), *(REPO / "questions").iterdir()]
                     if p.name != "README.md")
    shipped = sorted(p.name for p in (site / "orbitquiz" / "bundled").glob("*/*") if p.name != "README.md")
    assert shipped == bundled
    live = sorted(p.name for p in (REPO / "src" / "orbitquiz" / "live" / "static").iterdir())
    assert sorted(p.name for p in (site / "orbitquiz" / "live" / "static").iterdir()) == live  # the live pages

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(site), "ORBITQUIZ_HOME": str(tmp_path / "home")}
    env.pop("ORBITQUIZ_PACKS", None)
    result = subprocess.run([sys.executable, "-c", "import orbitquiz.cli, sys; print(orbitquiz.cli.__file__); "
                             "sys.exit(orbitquiz.cli.main(['packs']))"],
                            cwd=elsewhere, env=env, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(str(site / "orbitquiz" / "cli.py"))  # the wheel's code, not the checkout's
    listed = {line.split()[0] for line in result.stdout.splitlines()[3:]}
    assert listed == {name.split(".")[0] for name in bundled}
    assert "BROKEN" not in result.stdout
