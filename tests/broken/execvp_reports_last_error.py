"""Violates execvp.error-raises-oserror: a failed PATH search always raises the last error
(hiding a PermissionError met earlier), and a NotADirectoryError as FileNotFoundError."""
import os

from tests.broken._base import export


def execvp(file, args):
    if os.path.dirname(file):
        return os.execv(file, args)
    last = None
    for directory in os.get_exec_path():
        try:
            os.execv(os.path.join(directory, file), args)
        except OSError as e:
            last = e
    raise FileNotFoundError(last.errno, last.strerror)


export(globals(), execvp=execvp)
