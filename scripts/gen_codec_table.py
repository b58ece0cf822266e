#!/usr/bin/env python3
"""Generates src/codeanatomy/source/codec_table.inc: Python's codec names and aliases, mapped to the
glibc iconv charset that decodes them identically.

    /usr/bin/python3.11 scripts/gen_codec_table.py > src/codeanatomy/source/codec_table.inc

A codec gets an iconv name only when glibc iconv decodes exactly like Python's codec on a test
corpus: every single byte 0x00-0xFF, and every BMP code point the codec can encode, encoded by
Python and decoded by both. Where Python decodes, iconv must give the same text; iconv may accept
a few lone bytes Python rejects (e.g. 0x80 in EUC-JP), so such a file is read where CPython would
report a decoding error (the CPython layer reports it). Codecs Python knows but iconv
cannot match are listed with an empty iconv name (status unsupported_encoding at scan time).
"""
import codecs
import ctypes
import encodings
import encodings.aliases
import pkgutil
import sys

# The static alias table, before any lookup: codec modules add their own aliases when imported, so
# later snapshots would depend on what this process happened to import.
STATIC_ALIASES = dict(encodings.aliases.aliases)

libc = ctypes.CDLL("libc.so.6", use_errno=True)
libc.iconv_open.restype = ctypes.c_void_p
libc.iconv_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
libc.iconv.restype = ctypes.c_size_t
libc.iconv.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_char_p),
                       ctypes.POINTER(ctypes.c_size_t), ctypes.POINTER(ctypes.c_char_p),
                       ctypes.POINTER(ctypes.c_size_t)]
libc.iconv_close.argtypes = [ctypes.c_void_p]
BAD = ctypes.c_void_p(-1).value


def iconv_decode(handle, data):
    """bytes -> str via iconv(handle) to UTF-8, or None when iconv rejects the input."""
    libc.iconv(handle, None, None, None, None)  # reset the shift state
    out_cap = len(data) * 8 + 16
    out_buf = ctypes.create_string_buffer(out_cap)
    in_buf = ctypes.create_string_buffer(data, len(data))
    in_ptr = ctypes.cast(in_buf, ctypes.c_char_p)
    in_left = ctypes.c_size_t(len(data))
    out_ptr = ctypes.cast(out_buf, ctypes.c_char_p)
    out_left = ctypes.c_size_t(out_cap)
    r = libc.iconv(handle, ctypes.byref(in_ptr), ctypes.byref(in_left), ctypes.byref(out_ptr),
                   ctypes.byref(out_left))
    if r == BAD or in_left.value != 0:
        return None
    # Flush the shift state (stateful encodings).
    r = libc.iconv(handle, None, None, ctypes.byref(out_ptr), ctypes.byref(out_left))
    if r == BAD:
        return None
    return out_buf.raw[:out_cap - out_left.value].decode("utf-8")


def py_decode(codec, data):
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, ValueError):
        return None


def agrees(module, iconv_name):
    handle = libc.iconv_open(b"UTF-8", iconv_name.encode())
    if handle in (None, BAD):
        return False, "iconv has no " + iconv_name
    try:
        lenient = []
        for b in range(256):
            data = bytes([b])
            a, g = py_decode(module, data), iconv_decode(handle, data)
            if a is None and g is not None:
                lenient.append(b)  # iconv accepts a byte Python rejects: harmless, see below
            elif a != g:
                return False, f"byte {b:#04x}: python {a!r}, iconv {g!r}"
        encoder = codecs.getincrementalencoder(module)
        for cp in range(0x10000):
            if 0xD800 <= cp <= 0xDFFF:
                continue
            ch = chr(cp)
            try:
                data = codecs.encode(ch, module)
            except (UnicodeEncodeError, ValueError):
                continue
            g = iconv_decode(handle, data)
            a = py_decode(module, data)
            if a is not None and a != g:
                return False, f"U+{cp:04X} as {data!r}: python {a!r}, iconv {g!r}"
        # A longer run: every ASCII character in one buffer (stateful codecs).
        sample = "".join(chr(c) for c in range(0x20, 0x7F)) + "\n\tx = 'caf\u00e9'\n"
        try:
            data = codecs.encode(sample, module)
            if py_decode(module, data) != iconv_decode(handle, data):
                return False, "sample text differs"
        except (UnicodeEncodeError, ValueError):
            pass
        if lenient:
            return True, "iconv also accepts lone bytes " + " ".join(f"{b:02x}" for b in lenient)
        return True, ""
    finally:
        libc.iconv_close(handle)


def candidates(module):
    special = {
        "latin_1": ["ISO-8859-1"], "ascii": ["ASCII"], "mac_roman": ["MACINTOSH"],
        "mac_cyrillic": ["MAC-CYRILLIC"], "mac_latin2": ["MAC-CENTRALEUROPE"],
        "mac_iceland": ["MAC-IS"], "hp_roman8": ["HP-ROMAN8"], "ptcp154": ["PT154"],
        "kz1048": ["KZ-1048", "RK1048"], "cp949": ["CP949", "UHC"],
        "shift_jis": ["SHIFT_JIS", "SJIS", "SJIS-OPEN", "SJIS-WIN"],
        "cp932": ["CP932", "WINDOWS-31J", "SJIS-OPEN", "SJIS-WIN"], "tis_620": ["TIS-620", "TIS620-0"],
        "big5": ["BIG5", "CP950"], "euc_jp": ["EUC-JP", "EUC-JP-MS", "UJIS"], "shift_jisx0213": ["SHIFT_JISX0213"],
        "shift_jis_2004": ["SHIFT_JISX0213"], "euc_jis_2004": ["EUC-JISX0213"],
        "euc_jisx0213": ["EUC-JISX0213"], "big5hkscs": ["BIG5-HKSCS"], "utf_16_le": ["UTF-16LE"],
        "utf_16_be": ["UTF-16BE"], "utf_32_le": ["UTF-32LE"], "utf_32_be": ["UTF-32BE"],
        "utf_7": ["UTF-7"], "iso2022_jp_ext": [], "iso2022_jp_2004": [], "hz": [],
    }
    if module in special:
        return special[module]
    out = []
    if module.startswith("iso8859_"):
        out.append("ISO-8859-" + module[len("iso8859_"):])
    if module.startswith("iso2022_"):
        out.append("ISO-2022-" + module[len("iso2022_"):].upper().replace("_", "-"))
    out += [module.upper().replace("_", "-"), module.upper()]
    return out


def normalize(name):
    """The lookup key of a codec name, as codecs.lookup normalises it (see source/encoding.cc)."""
    out, punct = [], False
    for c in name.lower():
        if c.isalnum() or c == ".":
            if punct and out:
                out.append("_")
            out.append(c)
            punct = False
        else:
            punct = True
    return "".join(out)


def main():
    skip = {"aliases", "charmap", "mbcs", "oem", "undefined"}
    modules = sorted(m.name for m in pkgutil.iter_modules(encodings.__path__) if m.name not in skip)
    codec_rows = {}  # module -> (python name, is_text, iconv name, note)
    for module in modules:
        try:
            info = codecs.lookup(module)
        except LookupError:
            continue
        is_text = getattr(info, "_is_text_encoding", True)
        iconv_name, note = "", ""
        if module in ("utf_8", "utf_8_sig"):
            iconv_name, note = "UTF-8", "decoded natively"
        elif module == "latin_1":
            iconv_name, note = "ISO-8859-1", "decoded natively"
        elif module == "ascii":
            iconv_name, note = "ASCII", "decoded natively"
        elif module in ("utf_16", "utf_32"):
            note = "BOM-dependent byte order; not ASCII-compatible"
        elif is_text:
            reasons = []
            for cand in candidates(module):
                ok, why = agrees(module, cand)
                if ok:
                    iconv_name, note = cand, why
                    break
                reasons.append(f"{cand}: {why}")
            if not iconv_name:
                note = "; ".join(reasons) if reasons else "no iconv charset"
        codec_rows[module] = (info.name, is_text, iconv_name, note)
        print(f"{module:18} {info.name:18} text={is_text} iconv={iconv_name or '-'} {note}",
              file=sys.stderr)

    keys = {}
    for alias, module in STATIC_ALIASES.items():
        # Python lower-cases the name before the alias lookup, so a mixed-case key (csHPRoman8)
        # can never match: leave it out as Python does.
        if module in codec_rows and normalize(alias) == alias:
            keys[normalize(alias)] = module
    for module in codec_rows:
        keys[normalize(module)] = module
    # Check the emulated lookup against Python's own.
    for key, module in keys.items():
        assert codecs.lookup(key).name == codec_rows[module][0], key

    print("// Generated by scripts/gen_codec_table.py from Python", sys.version.split()[0],
          "and glibc iconv; do not edit.")
    print("// {normalised lookup key, Python codec name, is a text encoding, iconv charset or \"\"}")
    for key in sorted(keys):
        name, is_text, iconv_name, _ = codec_rows[keys[key]]
        print(f'{{"{key}", "{name}", {"true" if is_text else "false"}, "{iconv_name}"}},')


if __name__ == "__main__":
    main()
