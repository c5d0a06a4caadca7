"""Hypothesis strategies shared by the checks: file contents, offsets and lengths (at and past
end of file included), file names that are awkward on purpose, and the str/bytes/PathLike
spellings of a path."""
import os

from hypothesis import strategies as st

# --- data --------------------------------------------------------------------------------

#: Any file content, the empty file included. Small: the checks are about semantics, not size.
contents = st.binary(max_size=2048)
nonempty_contents = st.binary(min_size=1, max_size=2048)
#: A payload that fits a pipe's atomic write (PIPE_BUF on Linux): never blocks an empty pipe.
pipe_payloads = st.binary(min_size=1, max_size=4096)
#: Byte counts for read/pread, including 0 and counts beyond any file the checks write.
lengths = st.integers(min_value=0, max_value=4096)
#: Past-EOF slack: offsets reach this far beyond the end of a file.
PAST_EOF = 64


def offsets(size, past_eof=PAST_EOF):
    """Offsets into a file of `size` bytes: 0, inside, exactly at EOF and past it."""
    return st.one_of(st.just(0), st.just(size), st.integers(0, size + past_eof))


@st.composite
def content_and_offset(draw, content=contents, past_eof=PAST_EOF):
    """(content, offset) with offset anywhere from 0 to past the end of content."""
    data = draw(content)
    return data, draw(offsets(len(data), past_eof))


@st.composite
def content_and_eof_offset(draw, content=contents):
    """(content, offset) with offset at or beyond the end of content."""
    data = draw(content)
    return data, draw(st.integers(len(data), len(data) + PAST_EOF))


# --- file names --------------------------------------------------------------------------

# A single path component: no '/', no NUL, not '.' or '..'. At most 40 characters, so that even
# 4-byte UTF-8 characters stay under NAME_MAX (255 bytes).
_plain_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00")
#: Undecodable bytes 0x80-0xff as the file system encoding's surrogateescape spells them.
_surrogate_escapes = st.sampled_from([chr(0xDC00 + b) for b in range(0x80, 0x100)])
_awkward = st.sampled_from([" ", "  x ", "-", "--", "-rf", "-x y", "\udcff", "\udc80a", "é",
                            "日本語", "\U0001f600", "a\tb", "a\nb", ".hidden", "...", "~"])


@st.composite
def file_names(draw):
    """A str file name: non-ASCII, spaces, leading dashes and surrogate-escaped bytes
    (e.g. '\\udcff', which is b'\\xff' on disk) all occur."""
    parts = draw(st.lists(st.one_of(st.text(_plain_chars, min_size=1, max_size=8),
                                    _surrogate_escapes, _awkward), min_size=1, max_size=5))
    name = "".join(parts)[:40]
    if name in (".", ".."):
        name += "_"
    return name


# --- spellings of a path ------------------------------------------------------------------

class PathLike(object):
    """A minimal os.PathLike: only __fspath__, so nothing but the protocol can make it work."""

    def __init__(self, path):
        self._path = path

    def __fspath__(self):
        return self._path

    def __repr__(self):
        return "PathLike(%r)" % (self._path,)


PATH_FORMS = ("str", "bytes", "pathlike-str", "pathlike-bytes")
path_forms = st.sampled_from(PATH_FORMS)


def spell(path, form):
    """`path` (a str) spelt as `form`. Harness-side: the encoding is the stdlib's fsencode."""
    if form == "str":
        return path
    if form == "bytes":
        return os.fsencode(path)
    if form == "pathlike-str":
        return PathLike(path)
    if form == "pathlike-bytes":
        return PathLike(os.fsencode(path))
    raise ValueError(form)


# --- wrong arguments ----------------------------------------------------------------------

#: Values that are not integers (nor index-able): passing one as an fd or a count is a TypeError.
non_integers = st.one_of(st.floats(allow_nan=False), st.text(max_size=3), st.binary(max_size=3),
                         st.none(), st.lists(st.integers(), max_size=2))
#: Ints that do not fit a C int: CPython raises OverflowError before any system call.
ints_beyond_c_int = st.one_of(st.integers(min_value=2 ** 31, max_value=2 ** 80),
                              st.integers(min_value=-2 ** 80, max_value=-2 ** 31 - 1))
#: Negative fds: valid C ints that no descriptor has, so the system call says EBADF.
negative_fds = st.integers(min_value=-2 ** 31, max_value=-1)


@st.composite
def content_and_end_delta(draw, content=contents):
    """(content, delta) with delta >= -len(content): a SEEK_END offset that stays in the file's
    range or goes past its end."""
    data = draw(content)
    return data, draw(st.integers(-len(data), PAST_EOF))


@st.composite
def position_and_delta(draw, content=contents):
    """(content, start, delta) with start + delta >= 0: a SEEK_CUR move from start."""
    data = draw(content)
    start = draw(offsets(len(data)))
    return data, start, draw(st.integers(-start, PAST_EOF))


# --- files and directories ----------------------------------------------------------------
NAME_MAX = 255  # Linux: bytes in one path component

#: Names whose encoded length reaches NAME_MAX exactly (ASCII, 2- and 4-byte UTF-8 characters).
names_up_to_name_max = st.one_of(
    file_names(),
    st.integers(1, NAME_MAX).map(lambda n: "n" * n),
    st.integers(1, NAME_MAX // 2).map(lambda n: "é" * n),
    st.integers(1, NAME_MAX // 4).map(lambda n: "-" + "\U0001f600" * n))
#: Names one or more bytes over NAME_MAX: ENAMETOOLONG.
names_over_name_max = st.integers(NAME_MAX + 1, NAME_MAX + 40).map(lambda n: "x" * n)

#: Permission bits, with and without the set-id and sticky bits.
permission_bits = st.integers(0, 0o777)
modes_with_special_bits = st.integers(0, 0o7777)
umasks = st.integers(0, 0o777)

#: Things that are no path at all (None aside: some functions take it for the cwd).
non_paths = st.one_of(st.floats(allow_nan=False), st.lists(st.text(max_size=2), max_size=2),
                      st.dictionaries(st.text(max_size=1), st.integers(), max_size=1),
                      st.complex_numbers(allow_nan=False))


@st.composite
def nul_names(draw):
    """A str name with an embedded NUL somewhere."""
    a = draw(st.text(_plain_chars, max_size=4))
    b = draw(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/"), max_size=4))
    return a + "\x00" + b


def relative_or_absolute(name, directory, cwd_is_directory):
    """How a check may spell a file `name` in `directory`: absolute always; relative too when
    the check runs with the cwd set to `directory`."""
    return st.sampled_from([os.path.join(directory, name)] + ([name, "./" + name] if cwd_is_directory else []))


# --- process management: program arguments and environments (exec*, spawn*, posix_spawn) --------

_arg_chars = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_arg_escapes = st.sampled_from([chr(0xDC00 + b) for b in (0x80, 0xA0, 0xFF)])
#: A program argument as str: anything but NUL; non-ASCII and surrogate-escaped bytes included.
arg_text = st.lists(st.one_of(st.text(_arg_chars, max_size=6), _arg_escapes), max_size=4).map("".join)
#: A program argument as str or bytes.
args = st.one_of(arg_text, st.binary(max_size=8).filter(lambda b: b"\0" not in b))
nonempty_args = args.filter(lambda a: len(a) > 0)
_env_keys = st.text(st.characters(whitelist_categories=("Lu", "Ll", "Nd")), min_size=1, max_size=6) \
    .map(lambda k: "OSC_" + k)


@st.composite
def envs(draw):
    """An environment mapping with str or bytes keys and values (keys distinct once encoded;
    all start with OSC_, so nothing steers the program run)."""
    out, seen = {}, set()
    for key in draw(st.lists(_env_keys, max_size=5)):
        enc = os.fsencode(key)
        if enc in seen:
            continue
        seen.add(enc)
        out[enc if draw(st.booleans()) else key] = draw(args)
    return out


def encoded_env(env):
    """The environment block the kernel sees for `env` (harness-side fsencode)."""
    return {os.fsencode(k): os.fsencode(v) for k, v in env.items()}
