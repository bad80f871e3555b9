"""The command through `main(argv)` with a fake engine: exit status, streams, colour, output file,
configuration overrides."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_fakes import RunMain

from mdcheck import __version__

GOOD = "# good\nok: a = a\nok: b = b\n"
BAD = "# bad\nok: a = a\nbroken: x^T = x\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_nothing_broken_exits_0_and_prints_the_summary(fake_main: RunMain, in_tmp: Path, capsys) -> None:
    write(in_tmp / "good.md", GOOD)
    assert fake_main("good.md") == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        "1 file, 1 block, 2 steps: 2 ok, 0 broken, 0 unchecked in " + out.split(" in ")[1].strip()
    ]
    assert err == ""


def test_a_broken_step_exits_1_with_its_position_on_stdout(fake_main: RunMain, in_tmp: Path, capsys) -> None:
    write(in_tmp / "good.md", GOOD)
    write(in_tmp / "bad.md", BAD)
    assert fake_main("good.md", "bad.md") == 1
    out, _ = capsys.readouterr()
    first = out.splitlines()[0]
    assert first.startswith("bad.md:3:")
    assert ": broken: x^T = x (" in first
    assert "3/3 draws" in first and "n=3 m=4" in first


def test_no_paths_means_the_current_directory(fake_main: RunMain, in_tmp: Path, capsys) -> None:
    write(in_tmp / "notes" / "bad.md", BAD)
    assert fake_main() == 1
    assert os.path.join("notes", "bad.md") + ":3:" in capsys.readouterr().out


def test_an_empty_directory_warns_and_exits_0(fake_main: RunMain, in_tmp: Path, capsys) -> None:
    assert fake_main(".") == 0
    out, err = capsys.readouterr()
    assert "no note files found" in err
    assert out.startswith("0 files")


def test_a_missing_path_exits_2_and_the_other_files_are_still_checked(
    fake_main: RunMain, in_tmp: Path, capsys
) -> None:
    write(in_tmp / "bad.md", BAD)
    assert fake_main("missing.md", "bad.md") == 2
    out, err = capsys.readouterr()
    assert "missing.md" in err
    assert "bad.md:3:" in out


def test_a_file_the_checker_cannot_read_exits_2(fake_main: RunMain, in_tmp: Path, capsys) -> None:
    (in_tmp / "binary.md").write_bytes(b"\xff\xfe\x00bad")
    write(in_tmp / "good.md", GOOD)
    assert fake_main("binary.md", "good.md") == 2
    out, _ = capsys.readouterr()
    assert out.splitlines()[0].startswith("binary.md: error: cannot read")
    assert "1 file not read" in out.splitlines()[-1]


def test_a_checker_that_raises_becomes_that_files_error(fake_main: RunMain, in_tmp: Path, capsys) -> None:
    write(in_tmp / "a.md", "raise\n")
    write(in_tmp / "b.md", BAD)
    assert fake_main("a.md", "b.md") == 2
    out, _ = capsys.readouterr()
    assert out.splitlines()[0].startswith("a.md: error: internal error")
    assert "b.md:3:" in out


def test_usage_errors_exit_2(fake_main: RunMain, capsys) -> None:
    assert fake_main("--format", "xml") == 2
    assert fake_main("--jobs", "0") == 2
    assert fake_main("--no-such-flag") == 2
    assert "Usage:" in capsys.readouterr().err


def test_version_and_help_exit_0(fake_main: RunMain, capsys) -> None:
    assert fake_main("--version") == 0
    assert capsys.readouterr().out.strip() == f"mdcheck {__version__}"
    assert fake_main("--help") == 0
    assert "--format" in capsys.readouterr().out


def test_quiet_prints_only_broken_lines(fake_main: RunMain, in_tmp: Path, capsys) -> None:
    write(in_tmp / "bad.md", BAD + "unchecked/parse-error: y = \\foo\nproblem: unterminated $$\n")
    assert fake_main("-q", "bad.md") == 1
    assert [line.split(": ")[1] for line in capsys.readouterr().out.splitlines()] == ["broken"]


def test_show_ok_and_show_unchecked_add_their_lines(fake_main: RunMain, in_tmp: Path, capsys) -> None:
    write(in_tmp / "bad.md", BAD + "unchecked/parse-error: y = \\foo\n")
    fake_main("bad.md")
    assert len(capsys.readouterr().out.splitlines()) == 2
    fake_main("--show-ok", "--show-unchecked", "bad.md")
    labels = [line.split(": ")[1] for line in capsys.readouterr().out.splitlines()[:-1]]
    assert labels == ["ok", "broken", "unchecked [parse-error]"]


@pytest.mark.parametrize(
    ("env", "colored"),
    [
        ({}, False),
        ({"FORCE_COLOR": "1"}, True),
        ({"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
        ({"NO_COLOR": "", "FORCE_COLOR": "1"}, True),
    ],
)
def test_colour_only_when_forced_off_a_terminal(
    fake_main: RunMain,
    in_tmp: Path,
    capsys,
    monkeypatch: pytest.MonkeyPatch,
    env: dict[str, str],
    colored: bool,
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    write(in_tmp / "bad.md", BAD)
    fake_main("bad.md")
    assert ("\x1b[" in capsys.readouterr().out) is colored


def test_output_file_gets_the_report_and_stdout_stays_empty(fake_main: RunMain, in_tmp: Path, capsys) -> None:
    write(in_tmp / "bad.md", BAD)
    assert fake_main("--format", "json", "-o", "report.json", "bad.md") == 1
    assert capsys.readouterr().out == ""
    data = json.loads((in_tmp / "report.json").read_text())
    assert [s["status"] for s in data["files"][0]["steps"]] == ["ok", "broken"]


def test_an_unwritable_output_exits_2_before_checking(fake_main: RunMain, in_tmp: Path, capsys) -> None:
    write(in_tmp / "raise.md", "raise\n")  # would be reported if it were checked
    assert fake_main("-o", "no/such/dir/report.txt", "raise.md") == 2
    out, err = capsys.readouterr()
    assert "no/such/dir/report.txt" in err
    assert out == ""
    (in_tmp / "adir").mkdir()
    assert fake_main("-o", "adir", "raise.md") == 2


def test_flags_override_the_configuration(fake_main: RunMain, in_tmp: Path) -> None:
    write(in_tmp / ".mdcheck.toml", "trials = 5\nseed = 7\n")
    write(in_tmp / "bad.md", BAD)
    fake_main("--format", "json", "-o", "a.json", "bad.md")
    fake_main("--format", "json", "-o", "b.json", "--trials", "2", "--seed", "9", "bad.md")
    a, b = (json.loads((in_tmp / name).read_text()) for name in ("a.json", "b.json"))
    assert (a["seed"], a["files"][0]["steps"][1]["evidence"]["draws"]) == (7, 5)
    assert (b["seed"], b["files"][0]["steps"][1]["evidence"]["draws"]) == (9, 2)


def test_a_bad_configuration_exits_2_naming_file_and_key(fake_main: RunMain, in_tmp: Path, capsys) -> None:
    write(in_tmp / "pyproject.toml", "[tool.mdcheck]\ntrails = 3\n")
    write(in_tmp / "good.md", GOOD)
    assert fake_main("good.md") == 2
    err = capsys.readouterr().err
    assert "pyproject.toml" in err and "'trails'" in err
    assert fake_main("--config", "nowhere.toml", "good.md") == 2


def test_fail_on_unchecked_fails_only_derivation_blocks(fake_main: RunMain, in_tmp: Path, capsys) -> None:
    write(in_tmp / "display.md", "ok: a = a\nunchecked/parse-error: b = \\foo\n")
    write(in_tmp / "derivation.md", "block derivation\nok: a = a\nunchecked/parse-error: b = \\foo\n")
    assert fake_main("display.md", "derivation.md") == 0
    write(in_tmp / ".mdcheck.toml", "fail-on-unchecked = true\n")
    assert fake_main("display.md") == 0
    capsys.readouterr()
    assert fake_main("display.md", "derivation.md") == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("derivation.md:3:")
    assert "display.md:" not in out


def test_notebook_positions_name_the_cell(fake_main: RunMain, in_tmp: Path, capsys) -> None:
    write(in_tmp / "nb.ipynb", "cell 2\nok: a = a\nbroken: b = c\n")
    fake_main("nb.ipynb")
    assert capsys.readouterr().out.startswith("nb.ipynb:cell 2:2:")


def test_stats_counts_unchecked_steps_by_kind(fake_main: RunMain, in_tmp: Path, capsys) -> None:
    write(
        in_tmp / "a.md",
        "unchecked/parse-error: a = \\foo\nunchecked/condition: b = 0\nunchecked/parse-error: c = d\n",
    )
    fake_main("--stats", "a.md")
    out = capsys.readouterr().out
    stats = out.split("unchecked steps by kind:\n")[1].splitlines()
    assert stats[0].split()[:2] == ["2", "parse-error"]
    assert any(line.split()[:2] == ["1", "condition"] for line in stats)


def test_python_dash_m_runs_the_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mdcheck", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert (result.returncode, result.stdout.strip()) == (0, f"mdcheck {__version__}")
