"""Violates getloadavg.unobtainable-raises-oserror: getloadavg makes up zeros when the load average cannot be had."""
import os

from tests.broken._base import export


def getloadavg():
    try:
        return os.getloadavg()
    except OSError:
        return (0.0, 0.0, 0.0)


export(globals(), getloadavg=getloadavg)
