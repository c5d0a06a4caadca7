"""Report file names and atomic writes: a reader never sees half a file."""
import json
import os


def interpreter_id(interp):
    """`cpython-3.11.7`; with a variant (Pyodide's file system) `pyodide-0.28.3-memfs`."""
    name = "%s-%s" % (interp["implementation"], interp["version"])
    return name + "-" + interp["variant"] if interp.get("variant") else name


def report_basename(report):
    """`<label>-<interpreter id>`, e.g. `stdlib-cpython-3.11.7`, `stdlib-pyodide-0.28.3-memfs`."""
    name = "%s-%s" % (report["target"]["label"], interpreter_id(report["interpreter"]))
    # The label comes from a user-given spec: refuse anything that would leave the directory.
    if "/" in name or os.sep in name or "\0" in name or name.startswith("."):
        raise ValueError("report name %r is not a plain file name" % name)
    return name


def write_text_atomic(path, text):
    """Write `text` (UTF-8) to a temporary file beside `path`, fsync it, rename it into place."""
    directory = os.path.dirname(os.path.abspath(path))
    tmp = os.path.join(directory, ".%s.%d.%s.tmp" % (os.path.basename(path), os.getpid(),
                                                     os.urandom(4).hex()))
    # os.open with 0o666 lets the umask decide the mode, as a plain open() would.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    _fsync_dir(directory)


def write_json_atomic(path, obj):
    text = json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    write_text_atomic(path, text)


def _fsync_dir(directory):
    # Makes the rename itself durable; not every filesystem allows it, and it is only a bonus.
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
