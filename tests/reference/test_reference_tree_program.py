"""A real program runs on the reference as on the stdlib: it builds a tree, walks it, stats,
renames and deletes it, with `import reference as os`, and prints the same."""
import subprocess
import sys

from tests.helpers import ROOT, env

PROGRAM = r'''
import sys
if sys.argv[1] == "reference":
    import reference as os
else:
    import os
base = sys.argv[2]
os.makedirs(os.path.join(base, "a", "b", "c"))
for i, d in enumerate(["a", "a/b", "a/b/c"]):
    fd = os.open(os.path.join(base, d, "f%d.txt" % i), os.O_WRONLY | os.O_CREAT, 0o640)
    os.write(fd, b"x" * (i + 1) * 10)
    os.close(fd)
os.symlink("f0.txt", os.path.join(base, "a", "link"))
os.mkdir(os.path.join(base, "é-\udcff"))
for top, dirs, files in os.walk(base):
    dirs.sort()
    rel = os.path.relpath(top, base)
    for name in sorted(files):
        st = os.lstat(os.path.join(top, name))
        print(rel, name, oct(st.st_mode), st.st_size, st.st_nlink)
print(sorted(os.listdir(os.fsencode(base))))
print(os.readlink(os.path.join(base, "a", "link")))
os.rename(os.path.join(base, "a", "b"), os.path.join(base, "moved"))
os.renames(os.path.join(base, "moved", "c", "f2.txt"), os.path.join(base, "x", "y", "f2.txt"))
print(sorted(os.path.relpath(os.path.join(t, f), base) for t, _, fs in os.walk(base) for f in fs))
for top, dirs, files in os.walk(base, topdown=False):
    for name in files:
        os.unlink(os.path.join(top, name))
    for name in dirs:
        path = os.path.join(top, name)
        (os.unlink if os.path.islink(path) else os.rmdir)(path)
print(os.listdir(base))
try:
    os.stat(os.path.join(base, "gone"))
except FileNotFoundError as exc:
    print(type(exc).__name__, exc.errno, exc.filename == os.path.join(base, "gone"))
'''


def _run(implementation, base):
    proc = subprocess.run([sys.executable, "-c", PROGRAM, implementation, str(base)], cwd=ROOT, env=env(),
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, universal_newlines=True,
                          errors="surrogateescape")
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_tree_program_prints_the_same_on_reference_and_stdlib(tmp_path):
    (tmp_path / "std").mkdir()
    (tmp_path / "ref").mkdir()
    assert _run("reference", tmp_path / "ref") == _run("stdlib", tmp_path / "std")
