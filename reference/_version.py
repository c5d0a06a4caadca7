"""The CPython version whose behaviour the reference follows where CPython changed it (3.10's
utime ns, 3.12's bytes-like paths, 3.13's makedev range, ...): the running interpreter's, unless
the environment's OS_CONFORMANCE_REFERENCE_ACTS_AS=X.Y names another at start-up. The project's
tests use that to hold the version policy against every recorded CPython from one interpreter
(tests/reference/test_reference_version_policy.py). Every module decides by this one value."""
import sys

from . import _libc


def _chosen():
    raw = _libc.getenv(b'OS_CONFORMANCE_REFERENCE_ACTS_AS')  # read once, like the C runtime's own
    if not raw:
        return tuple(sys.version_info[:2])
    major, minor = raw.decode('ascii').split('.')
    return int(major), int(minor)


VERSION = _chosen()


# The named version flags: each says what CPython changed, and is true from the version that
# changed it (always `VERSION >= (3, N)`, so `not FLAG` is the behaviour before). Modules import
# these names instead of comparing VERSION themselves; conformance/refcoverage.py reads the
# table (by parsing this file) to count `if FLAG:` blocks only where they can run.

# --- Argument conversion (_convert) ---
# bpo-37999: int arguments need __index__ (no __int__ fallback, no float message)
INDEX_ONLY_INTEGERS = VERSION >= (3, 10)
# bytes-like objects other than bytes stop being paths (deprecated since 3.6)
BYTES_LIKE_PATHS_REFUSED = VERSION >= (3, 12)
# a NUL in a str path says "embedded null character in path", as in bytes
STR_PATH_NUL_LIKE_BYTES = VERSION >= (3, 13)
# __fspath__ = None means "not path-like" (before: calling None)
FSPATH_NONE_IS_ABSENT = VERSION >= (3, 13)
# gh-111140 family: dev_t accepts NODEV (-1); major/minor/makedev use unsigned int
DEV_T_NODEV_AWARE = VERSION >= (3, 13)

# Argument Clinic: "f() got an unexpected keyword argument 'x'" (before: "'x' is an invalid
# keyword argument for f()")
UNEXPECTED_KEYWORD_MESSAGE = VERSION >= (3, 13)

# --- Result types (_structseq, DirEntry) ---
# PEP 634: __match_args__ on structseqs
MATCH_ARGS = VERSION >= (3, 10)
# structseq_new refuses field names it does not know, and an empty dict is no dict
STRUCTSEQ_CHECKS_FIELD_NAMES = VERSION >= (3, 13)
# copy.replace(): __replace__ on structseqs
STRUCTSEQ_REPLACE = VERSION >= (3, 13)
# __class__ assignment is "only supported for mutable types" (before: "heap types")
CLASS_ASSIGNMENT_SAYS_MUTABLE = VERSION >= (3, 10)
# an AttributeError for a new attribute adds "and no __dict__ for setting new attributes"
NO_DICT_IN_ATTRIBUTE_ERRORS = VERSION >= (3, 13)
# PEP 585: DirEntry[...] (and os.PathLike[...]) through __class_getitem__
CLASS_GETITEM = VERSION >= (3, 9)
# DirEntry.is_junction()
DIRENTRY_IS_JUNCTION = VERSION >= (3, 12)

# --- File Object Creation ---
# PEP 597: fdopen names `encoding` and passes it through io.text_encoding
FDOPEN_TEXT_ENCODING = VERSION >= (3, 10)

# --- File Descriptor Operations ---
# os.O_FSYNC, an alias of O_SYNC
O_FSYNC_DEFINED = VERSION >= (3, 10)
# os.RWF_APPEND (preadv2/pwritev2)
RWF_APPEND_DEFINED = VERSION >= (3, 10)
# dup2 lets libc refuse a negative fd (EBADF); before: "[Errno 0] Error"
DUP2_NEGATIVE_FDS_REACH_LIBC = VERSION >= (3, 10)
# set_blocking's blocking is any truth value; before: a C int
SET_BLOCKING_TAKES_BOOL = VERSION >= (3, 12)
# device_encoding answers UTF-8 mode first, decodes CODESET, 'UTF-8' if empty
DEVICE_ENCODING_UTF8_MODE = VERSION >= (3, 10)
# ... and spells UTF-8 mode's encoding 'utf-8' (3.10: 'UTF-8')
UTF8_MODE_ENCODING_LOWER_CASE = VERSION >= (3, 11)
# sendfile: keywords out_fd/in_fd, arity checked first, fds by _PyLong_AsInt
SENDFILE_ARGUMENT_CLINIC = VERSION >= (3, 9)
# ttyname calls ttyname_r(3) with a _SC_TTY_NAME_MAX buffer; before: ttyname(3)
TTYNAME_R = VERSION >= (3, 9)
# get_terminal_size's fd by _PyLong_AsInt; before: format 'i'
GET_TERMINAL_SIZE_ARGUMENT_CLINIC = VERSION >= (3, 9)
# fpathconf's fd is a fildes (fileno() objects, ValueError if negative)
FPATHCONF_TAKES_FILDES = VERSION >= (3, 10)

# bpo-35189 family: pread's length is a Py_ssize_t (before: a C int)
PREAD_LENGTH_SSIZE_T = VERSION >= (3, 9)

# --- Files and Directories ---
# utime's OSError carries the path as its filename
UTIME_ERROR_NAMES_PATH = VERSION >= (3, 13)
# the "os.walk" and "os.fwalk" audit events
WALK_AUDIT_EVENTS = VERSION >= (3, 9)
# fwalk calls fspath() on an int top too (3.8-3.10 skipped it by a slip, so an int top reached
# stat() and failed there with ValueError)
FWALK_FSPATH_OF_INT = VERSION >= (3, 11)
# fwalk opens directories with O_NONBLOCK, so that a FIFO in their place cannot block it
FWALK_NONBLOCK = VERSION >= (3, 13)

# --- Process Parameters ---
# bpo-39395: putenv is setenv(3); before: putenv(3) on a "name=value" string kept alive, so an
# empty name was accepted there and refused (EINVAL) later
PUTENV_IS_SETENV = VERSION >= (3, 9)
# PEP 584: environ | other, other | environ, environ |= other
ENVIRON_UNION_OPERATORS = VERSION >= (3, 9)

# --- Process Management ---
# bpo-40094: os.waitstatus_to_exitcode, which the spawn family returns through
WAITSTATUS_TO_EXITCODE = VERSION >= (3, 9)
# bpo-38812: CLD_KILLED, CLD_STOPPED; bpo-38713: P_PIDFD
CLD_KILLED_STOPPED_P_PIDFD = VERSION >= (3, 9)
# fork raises "can't fork at interpreter shutdown" while finalizing
FORK_REFUSED_AT_SHUTDOWN = VERSION >= (3, 12)
# ... as PythonFinalizationError (3.12: RuntimeError)
PYTHON_FINALIZATION_ERROR = VERSION >= (3, 13)
# fork in a process with other threads warns (DeprecationWarning)
FORK_WARNS_WITH_THREADS = VERSION >= (3, 12)
# popen: subprocess text mode (line buffering, write-through) and encoding 'locale'
POPEN_TEXT_MODE = VERSION >= (3, 10)
# posix_spawn's resetids/setsid are truth values; before: C ints
POSIX_SPAWN_FLAGS_ARE_BOOL = VERSION >= (3, 12)
# posix_spawn accepts env=None (the current environment)
POSIX_SPAWN_ENV_MAY_BE_NONE = VERSION >= (3, 13)
# os.POSIX_SPAWN_CLOSEFROM file action
POSIX_SPAWN_CLOSEFROM_DEFINED = VERSION >= (3, 13)
# setpgroup by PyLong_AsInt; before: PyLong_AsLong cast to pid_t
POSIX_SPAWN_SETPGROUP_INT = VERSION >= (3, 13)
# a signal number out of range names the valid range in its ValueError
SIGSET_RANGE_IN_MESSAGE = VERSION >= (3, 11)

# --- Miscellaneous System Information ---
# gh-90928: sysconf_names['SC_MINSIGSTKSZ'] (glibc 2.34)
SC_MINSIGSTKSZ_DEFINED = VERSION >= (3, 11)
# -X cpu_count=N / PYTHON_CPU_COUNT=N override cpu_count
CPU_COUNT_CONFIGURABLE = VERSION >= (3, 13)
