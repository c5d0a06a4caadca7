"""Errno by name. Results are compared and reported by what an errno means, never by its number:
Pyodide's numbers are WASI's (ENOENT 44, EACCES 2), Linux's are others (ENOENT 2, EACCES 13).
The names come from `errno.errorcode` of the interpreter running the check, whose numbers are
the ones the target under test raises."""
import errno
import re

_ERRNO = re.compile(r"\[Errno (-?\d+)\]")


def name(number):
    """ENOENT for this interpreter's ENOENT; a number it has no name for stays a number; None
    stays None (an exception without an errno)."""
    if number is None or not isinstance(number, int):
        return number
    return errno.errorcode.get(number, number)


def annotate(text):
    """'[Errno 44] No such file' -> '[Errno 44 ENOENT] No such file' (this interpreter's name)."""
    def named(match):
        code = name(int(match.group(1)))
        return match.group(0) if isinstance(code, int) else "[Errno %s %s]" % (match.group(1), code)
    return _ERRNO.sub(named, text)
