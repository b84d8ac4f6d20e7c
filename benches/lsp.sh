#!/usr/bin/env bash
# How long an editor waits for diagnostics from `jobmark server` after a
# change, against the baseline of running `jobmark check FILE` on the same
# text (what an editor without the server would have to do per save).
#
#   bash benches/lsp.sh [ROUNDS]        (default 200)
#
# Uses $JOBMARK_BIN, else target/release/jobmark when it exists (`cargo
# build --release`), else the debug build; prints milliseconds per round
# trip and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-200}"
bin="${JOBMARK_BIN:-target/release/jobmark}"
[ -x "$bin" ] || bin=target/debug/jobmark
[ -x "$bin" ] || { echo "build jobmark first (cargo build --release)" >&2; exit 2; }
echo "binary: $bin"

python3 - "$bin" "$rounds" <<'PY'
import json, os, subprocess, sys, tempfile, time

binary, rounds = sys.argv[1], int(sys.argv[2])
doc = open("examples/src/cafe-bazaar/backend-engineer.md", encoding="utf-8").read()
# A long write-up: the same notes section repeated to about 1 MB.
notes = "### Technical Interview\n" + "A question about Go channels and 📞 calls. " * 20 + "\n\n"
big = doc.replace("### Technical Interview\n", notes * (1_000_000 // len(notes)), 1)

def frame(message):
    body = json.dumps(message).encode()
    return b"Content-Length: %d\r\n\r\n" % len(body) + body

def read(stream):
    length = None
    while True:
        line = stream.readline()
        if not line:
            raise SystemExit("server closed its output")
        line = line.strip()
        if not line:
            break
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
    return json.loads(stream.read(length))

def server_round_trips(text, rounds, uri):
    proc = subprocess.Popen([binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    send = lambda m: (proc.stdin.write(frame(m)), proc.stdin.flush())
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    read(proc.stdout)
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
        "uri": uri, "languageId": "markdown", "version": 1, "text": text}}})
    read(proc.stdout)
    start = time.perf_counter()
    for version in range(2, rounds + 2):
        changed = text + ("x" if version % 2 else "")
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": changed}]}})
        while True:
            message = read(proc.stdout)
            if message.get("params", {}).get("version") == version:
                break
    elapsed = time.perf_counter() - start
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": None})
    read(proc.stdout)
    send({"jsonrpc": "2.0", "method": "exit", "params": None})
    proc.wait()
    return elapsed / rounds

def check_runs(text, rounds, path):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    start = time.perf_counter()
    for _ in range(rounds):
        subprocess.run([binary, "check", path, "--format", "json"], stdout=subprocess.DEVNULL)
    return (time.perf_counter() - start) / rounds

with tempfile.TemporaryDirectory() as tmp:
    for name, text, n in [("write-up", doc, rounds), ("1 MB write-up", big, max(rounds // 20, 3))]:
        path = os.path.join(tmp, "a.md")
        server = server_round_trips(text, n, "file://" + path)
        check = check_runs(text, n, path)
        print(f"{name:>14}: server {server * 1000:8.2f} ms per change, "
              f"`check FILE` {check * 1000:8.2f} ms per run, ratio {server / check:5.2f}")
PY
