#!/usr/bin/env python3
"""Write N synthetic write-ups into OUTDIR for timing `jobmark check`.

Each is one of the example write-ups (clean and broken, both calendars)
with its company, dates and notes varied, plus README-like Markdown files
that are not write-ups, in the layout real repositories use
(src/<company>/<name>.md). Deterministic: the same N gives the same files.

    benches/gen_writeups.py N OUTDIR
"""
import pathlib
import random
import re
import sys

def main() -> int:
    if len(sys.argv) != 3 or not sys.argv[1].isdigit():
        print(__doc__, file=sys.stderr)
        return 2
    count, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    if out.exists():
        print(f"{out} exists; refusing to overwrite", file=sys.stderr)
        return 1
    examples = pathlib.Path(__file__).resolve().parent.parent / "examples"
    templates = [p.read_text(encoding="utf-8") for p in sorted(examples.rglob("*.md")) if "### Status" in p.read_text(encoding="utf-8")]
    rng = random.Random(1402)
    for i in range(count):
        text = templates[i % len(templates)]
        company = f"company{i}"
        text = re.sub(r"^# \[[^\]]*\]\([^)]*\)", f"# [Company {i}](https://{company}.example/)", text, count=1, flags=re.M)
        # Shift every Jalali day a little so no two files are identical.
        text = re.sub(r"(14\d\d)\.(\d\d)\.(\d\d)", lambda m: f"{m[1]}.{m[2]}.{min(29, max(1, int(m[3]) + rng.randint(-1, 1))):02d}", text)
        notes = "\n".join(f"- question {j} about topic {rng.randint(1, 500)}?" for j in range(rng.randint(5, 40)))
        text += f"\n<!-- notes -->\n{notes}\n" if "### Score" not in text[-200:] else ""
        path = out / "src" / company / f"{company}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if i % 10 == 0:
            (path.parent / "README.md").write_text(f"# {company}\n\nNot a write-up.\n", encoding="utf-8")
    return 0

if __name__ == "__main__":
    sys.exit(main())
