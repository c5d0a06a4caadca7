"""Violates getlogin.returns-login-name: the name is the password entry of the real uid, not the
login recorded for the controlling terminal (so no OSError where there is no such record)."""
import os
import pwd

from tests.broken._base import export


def getlogin():
    return pwd.getpwuid(os.getuid()).pw_name


export(globals(), getlogin=getlogin)
