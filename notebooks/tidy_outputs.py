"""Makes executed notebooks reproducible to commit: removes terminal colour codes and per-run
timestamps, writes the class-path messages of %jar with paths relative to notebooks/, sorted."""
import json
import os
import re
import sys

ANSI = re.compile(r"\x1b\[[0-9;]*m")
HERE = os.path.dirname(os.path.abspath(__file__))


def tidy_text(lines):
    text = ANSI.sub("", "".join(lines)).replace(HERE + os.sep, "")
    out = text.splitlines(keepends=True)
    added = sorted(line for line in out if line.startswith("Add ") and "to classpath" in line)
    if added:
        out = [line for line in out if line not in added] + added
    return out


def tidy(path):
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    for cell in notebook["cells"]:
        cell.get("metadata", {}).pop("execution", None)
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                output["text"] = tidy_text(output["text"])
            elif output.get("output_type") == "error":
                output["traceback"] = [ANSI.sub("", line) for line in output.get("traceback", [])]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(notebook, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    for name in sys.argv[1:]:
        tidy(name)
