"""Violates sysconf_names.maps-str-to-int: SC_NPROCESSORS_CONF and SC_NPROCESSORS_ONLN map to
each other's numbers."""
import os

from tests.broken._base import export

_names = dict(os.sysconf_names)
_names["SC_NPROCESSORS_CONF"], _names["SC_NPROCESSORS_ONLN"] = (
    os.sysconf_names["SC_NPROCESSORS_ONLN"], os.sysconf_names["SC_NPROCESSORS_CONF"])

export(globals(), sysconf_names=_names)
