#!/usr/bin/env python3
"""Docs that run: every shell block of README.md and docs/*.md is run, every Swift block type-checked.

The DocC catalogs' pages (Sources/<Module>/<Module>.docc/*.md) are read too, for their Swift blocks.

    scripts/doc-tests.py [PAGE ...] [--build-dir .build/debug] [--jobs 2] [--no-swift] [--no-shell]
    scripts/doc-tests.py --self-test

Needs the debug build (`swift build`; `swift test` makes it too). Python 3 standard library only.
The conventions below are also in docs/doc-tests.md.

Shell blocks
  A fenced block whose info string is `sh`, `bash` or `shell` runs. Each page runs in a fresh folder
  of its own: a copy of the repository's files (`git ls-files`, tracked and untracked but not
  ignored), made a git repository with one commit (also as `origin/main`, as in a clone), with
  `.build/debug` linked to the build. The page's blocks run there in document order, each with
  `bash -e -o pipefail`, standard input empty, standard error merged into standard output, and the
  working directory and exported variables carried from one block to the next, as when a reader
  pastes them into one terminal. `strata` and the other built products are first on `PATH`, and
  `swift run PRODUCT ARGS` runs the built `PRODUCT` (with no build step); any other `swift`
  command, which would build the package again in the page's folder, fails the block: mark it skip.
  HOME and TMPDIR point into the page's folder.

Expected output
  The fenced block right after a shell block (nothing but blank lines between them) whose info
  string is empty, `text`, `json`, `jsonl`, `mermaid` or `dot` is that block's expected output,
  standard output and standard error together. A shell block with no such block has its exit code
  checked only. Output is never written as `# ` comment lines inside the shell block: a runnable
  block may not have a line that starts with `#` (an end-of-line comment is fine).
  In the expected output, a line that is only `…` stands for any number of lines (none included),
  and `…` inside a line for any text on that line.

Markers: an HTML comment on the lines right before the fence (blank lines allowed between)
  <!-- doc-test: skip — REASON -->   the block does not run (it builds another package, runs for
                                      minutes, needs a network ...); the reason is required and
                                      should say where CI covers it instead.
  <!-- doc-test: exit N -->           the block is expected to exit with N (default 0). With `-e`,
                                      a block stops at its first failing command, so put a command
                                      expected to fail last in its block.
  <!-- doc-test: swift-prelude
  SWIFT CODE
  -->                                 for a ```swift block: code placed before it when it is
                                      type-checked (the declarations a fragment implies), not shown.
  <!-- doc-test: swift-page-prelude
  SWIFT CODE
  -->                                 anywhere on a page: code placed before every later ```swift
                                      block of the page (imports and values its fragments share).

Normalisation, applied to the expected and the actual output alike
  trailing spaces and trailing blank lines dropped; the page's folder's temporary folder written as
  /tmp and `tmp.XXXXXXXXXX` (mktemp) as `tmp.…`; durations (`12 ms`, `0.5s`, `3.1 µs`) as
  <duration>; an RFC 3339 date-time outside a JSON string (a registration time) as <time>; a UUID
  as <uuid>; a run of 12 to 64 hexadecimal digits with a letter and a digit (a hash) as <hash>.

Swift blocks
  Every ```swift block, with its prelude, is type-checked as a main file against the built modules
  (`swiftc -typecheck -I .build/debug/Modules`). Mark a block skip when it is not code of this
  package (a Package.swift excerpt, generated code shown shortened, another package's target).

Exit 0 when every block behaves as its page says, 1 otherwise; each failure names the page, the
block's line and the expected and actual exit code or output.
"""

import argparse
import concurrent.futures
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHELL_INFOS = {"sh", "bash", "shell"}
OUTPUT_INFOS = {"", "text", "json", "jsonl", "mermaid", "dot"}
BLOCK_TIMEOUT = 120  # seconds, per shell block
ELLIPSIS = "\u2026"


class PageError(Exception):
    """A page that breaks the conventions themselves (an unclosed fence, a skip without a reason)."""


# Parsing ----------------------------------------------------------------------------------------

class Block:
    def __init__(self, line, info, body):
        self.line = line          # 1-based line of the opening fence
        self.info = info
        self.body = body          # list of lines, the fence's indentation removed
        self.skip = None          # the reason, when skipped
        self.exit = 0
        self.prelude = []
        self.output = None        # the Block that holds the expected output


FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")
DIRECTIVE = re.compile(r"^\s*<!--\s*doc-test:\s*(.*?)\s*(-->)?\s*$")


def parse_directive(text, path, line, block):
    """Applies one `doc-test:` comment to the block that follows it."""
    head, _, rest = text.partition("\n")
    head = head.strip()
    if head.startswith("skip"):
        reason = head[len("skip"):].strip().lstrip("\u2014-:").strip()
        if not reason:
            raise PageError(f"{path}:{line}: doc-test: skip needs a reason (<!-- doc-test: skip — why -->)")
        block.skip = reason
    elif re.fullmatch(r"exit\s+\d+", head):
        block.exit = int(head.split()[1])
    elif head == "swift-prelude":
        block.prelude.extend(rest.split("\n"))
    else:
        raise PageError(f"{path}:{line}: unknown doc-test marker {head!r} "
                        "(skip — REASON, exit N, swift-prelude, swift-page-prelude)")


def parse(path, text):
    """The page's fenced blocks, with their markers applied and outputs attached."""
    lines = text.split("\n")
    blocks, pending, between = [], [], []   # pending: (line, directive text) before the next fence
    page_prelude = []                        # swift-page-prelude code, for every later swift block
    i = 0
    while i < len(lines):
        line = lines[i]
        d = DIRECTIVE.match(line)
        if d:
            start, parts = i + 1, [d.group(1)]
            while not d.group(2):
                i += 1
                if i == len(lines):
                    raise PageError(f"{path}:{start}: doc-test comment is never closed with -->")
                end = lines[i].rstrip().endswith("-->")
                parts.append(lines[i].rstrip()[:-3] if end else lines[i])
                if end:
                    break
            directive = "\n".join(parts).rstrip()
            if directive.startswith("swift-page-prelude"):
                page_prelude.extend(directive.partition("\n")[2].split("\n"))
            else:
                pending.append((start, directive))
                between = []
            i += 1
            continue
        m = FENCE.match(line)
        if m:
            indent, fence, info = m.group(1), m.group(2), m.group(3)
            body, j = [], i + 1
            while j < len(lines) and not re.match(r"^\s*" + re.escape(fence[0]) + "{%d,}\\s*$" % len(fence), lines[j]):
                body.append(lines[j][len(indent):] if lines[j].startswith(indent) else lines[j].lstrip())
                j += 1
            if j == len(lines):
                raise PageError(f"{path}:{i + 1}: the block's fence is never closed")
            block = Block(i + 1, info, body)
            block.prelude = list(page_prelude)
            for start, directive in pending:
                parse_directive(directive, path, start, block)
            previous = blocks[-1] if blocks else None
            if (not pending and previous is not None and previous.info in SHELL_INFOS
                    and previous.output is None and info in OUTPUT_INFOS
                    and all(not b.strip() for b in between)):
                previous.output = block
                block.is_output = True
            blocks.append(block)
            pending, between = [], []
            i = j + 1
            continue
        if line.strip():
            if pending:
                raise PageError(f"{path}:{pending[0][0]}: a doc-test marker must stand right before a fence")
            between = [line]
        i += 1
    return blocks


# Normalisation and matching ---------------------------------------------------------------------

DURATION = re.compile(r"(?<![\w.])\d+(?:\.\d+)?\s?(?:ns|µs|us|ms|s|min)\b")
TIMESTAMP = re.compile(r'(?<!["\w])\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})(?!")')
UUID = re.compile(r"\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b")
HASH = re.compile(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{12,64}\b")
MKTEMP = re.compile(r"\btmp\.[0-9A-Za-z]{10}\b")


def normalise(text, tmpdir=None):
    if tmpdir:
        text = text.replace(tmpdir, "/tmp")
    out = []
    for line in text.replace("\r\n", "\n").split("\n"):
        line = MKTEMP.sub("tmp." + ELLIPSIS, line)
        line = UUID.sub("<uuid>", line)
        line = TIMESTAMP.sub("<time>", line)
        line = HASH.sub("<hash>", line)
        line = DURATION.sub("<duration>", line)
        out.append(line.rstrip())
    while out and not out[-1]:
        out.pop()
    while out and not out[0]:
        out.pop(0)
    return out


def line_pattern(expected):
    return re.compile(".*".join(re.escape(part) for part in expected.split(ELLIPSIS)), re.S)


def matches(expected, actual):
    """Whether the actual lines match the expected ones, `…` lines and `…` in lines as wildcards."""
    patterns = [None if e.strip() == ELLIPSIS else line_pattern(e) for e in expected]
    memo = {}

    def match(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(patterns):
            result = j == len(actual)
        elif patterns[i] is None:
            result = any(match(i + 1, k) for k in range(j, len(actual) + 1))
        else:
            result = j < len(actual) and patterns[i].fullmatch(actual[j]) is not None and match(i + 1, j + 1)
        memo[(i, j)] = result
        return result

    sys.setrecursionlimit(max(10000, 4 * (len(expected) + len(actual))))
    return match(0, 0)


# Running shell blocks ---------------------------------------------------------------------------

def repository_files(root):
    listed = subprocess.run(["git", "ls-files", "-z", "-co", "--exclude-standard"], cwd=root,
                            check=True, capture_output=True).stdout.decode().split("\0")
    return [f for f in listed if f and (os.path.islink(os.path.join(root, f)) or os.path.isfile(os.path.join(root, f)))]


def make_folder(root, files, build_dir, scratch):
    """A fresh copy of the repository for one page: its files, a git commit, .build/debug linked."""
    work = os.path.join(scratch, "repo")
    for f in files:
        target = os.path.join(work, f)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.join(root, f), target, follow_symlinks=False)
    os.makedirs(os.path.join(work, ".build"), exist_ok=True)
    os.symlink(build_dir, os.path.join(work, ".build", "debug"))
    env = dict(os.environ, GIT_AUTHOR_NAME="doc-tests", GIT_AUTHOR_EMAIL="doc-tests@localhost",
               GIT_COMMITTER_NAME="doc-tests", GIT_COMMITTER_EMAIL="doc-tests@localhost")
    for command in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"],
                    ["git", "commit", "-q", "--no-gpg-sign", "-m", "the page's folder"],
                    ["git", "update-ref", "refs/remotes/origin/main", "HEAD"]):
        subprocess.run(command, cwd=work, env=env, check=True, capture_output=True)
    for folder in ("home", "tmp"):
        os.makedirs(os.path.join(scratch, folder))
    return work


SHELL_PRELUDE = r'''
swift() {
  if [ "${1-}" = run ] && [ -n "${2-}" ] && [ -x "$DOC_TESTS_BUILD/$2" ]; then
    local product="$2"; shift 2; "$DOC_TESTS_BUILD/$product" "$@"; return
  fi
  echo "doc-tests: 'swift $*' would build the package again in the page's folder; only 'swift run PRODUCT' of a built product runs here; mark the block <!-- doc-test: skip — reason -->" >&2
  return 127
}
'''


def run_block(block, work, scratch, build_dir):
    """Runs one shell block; returns (exit code, output)."""
    state = os.path.join(scratch, "state.sh")
    script = os.path.join(scratch, "block.sh")
    with open(script, "w") as f:
        f.write(SHELL_PRELUDE)
        f.write(f'[ -f "{state}" ] && . "{state}"\n')
        f.write(f"trap '{{ export -p; printf \"cd %q\\n\" \"$PWD\"; }} > \"{state}\"' EXIT\n")
        f.write("set -e -o pipefail\n")
        f.write("\n".join(block.body) + "\n")
    env = {
        "PATH": f"{build_dir}:{os.environ.get('PATH', '/usr/bin:/bin')}",
        "HOME": os.path.join(scratch, "home"),
        "TMPDIR": os.path.join(scratch, "tmp"),
        "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "TERM": "dumb", "NO_COLOR": "1",
        "DOC_TESTS_BUILD": build_dir,
    }
    try:
        done = subprocess.run(["bash", "--noprofile", "--norc", script], cwd=work, env=env,
                              stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=BLOCK_TIMEOUT)
        return done.returncode, done.stdout.decode("utf-8", "replace")
    except subprocess.TimeoutExpired as timeout:
        partial = (timeout.stdout or b"").decode("utf-8", "replace")
        return None, partial + f"\n(doc-tests: stopped after {BLOCK_TIMEOUT} s)"


def check_shell_block(path, block, work, scratch, build_dir):
    """None when the block behaves as the page says, else the failure's report."""
    for offset, line in enumerate(block.body, start=1):
        if line.lstrip().startswith("#"):
            return (f"{path}:{block.line + offset}: a '#' line in a shell block; write the output in a "
                    f"```text block after it, prose outside it, or mark the block skip")
    code, output = run_block(block, work, scratch, build_dir)
    tmpdir = os.path.join(scratch, "tmp")
    actual = normalise(output, tmpdir)
    problems = []
    if code != block.exit:
        shown = "a timeout" if code is None else str(code)
        problems.append(f"exit code: expected {block.exit}, actual {shown}")
    if block.output is not None:
        expected = normalise("\n".join(block.output.body))
        if not matches(expected, actual):
            diff = difflib.unified_diff(expected, actual, f"expected ({path}:{block.output.line})",
                                        "actual", lineterm="", n=2)
            problems.append("output differs:\n" + "\n".join("    " + d for d in diff))
    if not problems:
        return None
    report = [f"{path}:{block.line}: shell block: " + problems[0]] + ["  " + p for p in problems[1:]]
    if code != block.exit and block.output is None:
        report.append("  output:" + "".join("\n    " + a for a in actual[-20:]) if actual else "  output: (none)")
    report.append("  block:\n" + "\n".join("    $ " + b for b in block.body))
    return "\n".join(report)


def run_page_shell(path, blocks, files, build_dir):
    """Runs a page's shell blocks in a fresh folder; returns (passed, failures, skipped)."""
    runnable = [b for b in blocks if b.info in SHELL_INFOS and not b.skip]
    skipped = sum(1 for b in blocks if b.info in SHELL_INFOS and b.skip)
    if not runnable:
        return 0, [], skipped
    scratch = tempfile.mkdtemp(prefix="strata-doc-tests-")
    try:
        work = make_folder(ROOT, files, build_dir, scratch)
        failures = []
        for block in runnable:
            failure = check_shell_block(path, block, work, scratch, build_dir)
            if failure:
                failures.append(failure)
        return len(runnable) - len(failures), failures, skipped
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# Type-checking Swift blocks ---------------------------------------------------------------------

def swift_flags(build_dir):
    """The module search paths of the debug build, for code that imports its libraries."""
    flags = ["-I", os.path.join(build_dir, "Modules")]
    for entry in sorted(os.listdir(build_dir)):
        modulemap = os.path.join(build_dir, entry, "module.modulemap")
        if entry.endswith(".build") and os.path.isfile(modulemap):
            flags += ["-Xcc", f"-fmodule-map-file={modulemap}"]
    folder = build_dir   # the C modules of the dependencies (GRDBSQLite, CCryptoBoringSSL, CYaml)
    while folder != os.path.dirname(folder) and not os.path.isdir(os.path.join(folder, "checkouts")):
        folder = os.path.dirname(folder)
    checkouts = os.path.join(folder, "checkouts")
    for base, _, names in os.walk(checkouts) if os.path.isdir(checkouts) else []:
        if "module.modulemap" in names and os.sep + "Sources" + os.sep in base:
            flags += ["-Xcc", f"-I{base}"]
    return flags


def check_swift_block(path, block, flags, swiftc):
    scratch = tempfile.mkdtemp(prefix="strata-doc-tests-swift-")
    try:
        source = os.path.join(scratch, "main.swift")
        with open(source, "w") as f:
            f.write("\n".join(block.prelude) + "\n")
            f.write(f'#sourceLocation(file: "{path}", line: {block.line + 1})\n')
            f.write("\n".join(block.body) + "\n")
        done = subprocess.run([swiftc, "-typecheck", "-swift-version", "6", *flags, source],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        text = done.stdout.decode("utf-8", "replace").replace(source, f"{path} (prelude)")
        if done.returncode == 0:
            return None
        return f"{path}:{block.line}: swift block does not type-check:\n" + "\n".join("    " + l for l in text.splitlines())
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


# Main -------------------------------------------------------------------------------------------

def default_pages():
    """README.md, docs/*.md and the DocC catalogs' pages (Sources/<Module>/<Module>.docc/*.md)."""
    docs = os.path.join(ROOT, "docs")
    pages = ["README.md"] + sorted(os.path.join("docs", f) for f in os.listdir(docs) if f.endswith(".md"))
    sources = os.path.join(ROOT, "Sources")
    for module in sorted(os.listdir(sources)):
        catalog = os.path.join(sources, module, module + ".docc")
        if os.path.isdir(catalog):
            pages += sorted(os.path.join("Sources", module, module + ".docc", f)
                            for f in os.listdir(catalog) if f.endswith(".md"))
    return pages


def run(pages, build_dir, jobs, shell=True, swift=True, out=sys.stdout):
    started = time.monotonic()
    build_dir = os.path.abspath(build_dir)
    if not os.path.isdir(build_dir):
        print(f"doc-tests: {build_dir}: no build; run `swift build` first", file=out)
        return 1
    parsed, failures = {}, []
    for page in pages:
        try:
            with open(os.path.join(ROOT, page) if not os.path.isabs(page) else page, encoding="utf-8") as f:
                parsed[page] = parse(page, f.read())
        except (OSError, PageError) as error:
            failures.append(str(error))
    passed = skipped = 0
    files = repository_files(ROOT)
    swiftc = shutil.which("swiftc") or "/opt/swift/usr/bin/swiftc"
    flags = swift_flags(build_dir) if swift else []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        shell_runs = {page: pool.submit(run_page_shell, page, blocks, files, build_dir)
                      for page, blocks in parsed.items() if shell}
        swift_runs = []
        for page, blocks in parsed.items():
            for block in blocks:
                if swift and block.info == "swift":
                    if block.skip:
                        skipped += 1
                    else:
                        swift_runs.append(pool.submit(check_swift_block, page, block, flags, swiftc))
        for page, future in shell_runs.items():
            ok, page_failures, page_skipped = future.result()
            passed, skipped = passed + ok, skipped + page_skipped
            failures += page_failures
        for future in swift_runs:
            failure = future.result()
            if failure:
                failures.append(failure)
            else:
                passed += 1
    for failure in failures:
        print(failure + "\n", file=out)
    print(f"doc-tests: {len(pages)} pages in {time.monotonic() - started:.0f} s", file=out)
    print(f"doc-tests: {passed} passed, {len(failures)} failed, {skipped} skipped", file=out)
    return 1 if failures else 0


SELF_TEST_PAGE = """# A page the runner must fail

```sh
echo right
```

```text
right
```

```sh
echo wrong
```

```text
expected something else
```

```sh
exit 3
```

<!-- doc-test: exit 2 -->
```sh
exit 3
```

<!-- doc-test: exit 1 -->
```sh
echo first; false; echo never
```

```text
first
```

```sh
printf 'took 12 ms at 2026-01-02T03:04:05Z\\nline two\\nline three\\n'
```

```
took 3.5 s at 2025-12-31T00:00:00Z
…
line three
```

<!-- doc-test: skip — shows a usage line -->
```sh
strata check [folder]
```

```sh
export CARRIED=yes; mkdir -p sub; cd sub
```

```sh
echo "$CARRIED in $(basename "$PWD")"
```

```text
yes in sub
```

```swift
let fine: Int = 1
```

```swift
let wrong: Int = "a"
```

<!-- doc-test: swift-prelude
let declaredInPrelude = 2
-->
```swift
let sum: Int = declaredInPrelude + 1
```

```sh
echo old style
# old style
```
"""

SELF_TEST_BAD_MARKER = """<!-- doc-test: skip -->
```sh
echo skipped without a reason
```
"""


def self_test(build_dir):
    """Proves that the runner fails on a wrong output, a wrong exit code and a wrong Swift block."""
    import io
    folder = tempfile.mkdtemp(prefix="strata-doc-tests-self-")
    try:
        page, bad = os.path.join(folder, "page.md"), os.path.join(folder, "bad.md")
        with open(page, "w") as f:
            f.write(SELF_TEST_PAGE)
        with open(bad, "w") as f:
            f.write(SELF_TEST_BAD_MARKER)
        report = io.StringIO()
        code = run([page, bad], build_dir, 2, out=report)
        text = report.getvalue()
        expectations = [
            (code == 1, "the runner exits 1"),
            (f"{page}:11: shell block: output differs" in text, "a wrong output fails, at the block's line"),
            (f"{page}:19: shell block: exit code: expected 0, actual 3" in text, "an unexpected exit code fails"),
            (f"{page}:24: shell block: exit code: expected 2, actual 3" in text, "a wrong expected exit code fails"),
            (f"{page}:29:" not in text, "an expected failure passes"),
            (f"{page}:37:" not in text, "durations, times and … lines are matched"),
            (f"{page}:56:" not in text, "the directory and exported variables carry over"),
            (f"{page}:68: swift block does not type-check" in text, "a Swift block that does not compile fails"),
            (f"{page}:64:" not in text and f"{page}:75:" not in text, "good Swift blocks, with a prelude, pass"),
            (f"{page}:81: a '#' line in a shell block" in text, "output written as a comment is refused"),
            (f"{bad}:1: doc-test: skip needs a reason" in text, "a skip without a reason is refused"),
            ("doc-tests: 7 passed, 6 failed, 1 skipped" in text, "the counts"),
        ]
        for ok, what in expectations:
            print(("ok   " if ok else "FAIL ") + what)
        if not all(ok for ok, _ in expectations):
            print("doc-tests self-test: the runner's report was:\n" + text)
            return 1
        print("doc-tests self-test: passed")
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description="Run README.md's and docs/'s shell blocks and type-check their Swift blocks.")
    parser.add_argument("pages", nargs="*", help="pages to test (default: README.md, docs/*.md and the .docc pages)")
    parser.add_argument("--build-dir", default=os.path.join(ROOT, ".build", "debug"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--no-swift", action="store_true", help="run the shell blocks only")
    parser.add_argument("--no-shell", action="store_true", help="type-check the Swift blocks only")
    parser.add_argument("--self-test", action="store_true", help="prove that the runner fails when it should")
    args = parser.parse_args()
    if args.self_test:
        return self_test(args.build_dir)
    pages = args.pages or default_pages()
    return run(pages, args.build_dir, args.jobs, shell=not args.no_shell, swift=not args.no_swift)


if __name__ == "__main__":
    sys.exit(main())
