"""Violates getgrouplist.rejects-bad-arguments: a bytes user name is decoded and accepted."""
import os

from tests.broken._base import export


def getgrouplist(user, group):
    if isinstance(user, bytes):
        user = os.fsdecode(user)
    return os.getgrouplist(user, group)


export(globals(), getgrouplist=getgrouplist)
