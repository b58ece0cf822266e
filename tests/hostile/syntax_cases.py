"""Writes the syntax cases of the hostile matrix (matrix.sh, case syntax_agreement) into a directory.

Valid Python 3.11 that trips parsers (line endings, indentation, soft keywords, f-strings, …) and a
few invalid files, side by side: the matrix checks that the CST layer reports a syntax error only
where CPython 3.11 does. Written byte for byte (newline='').
"""
import os
import sys

VALID = {
    "formfeed": "if x:\n\f    y = 1\n\fz = 2\n",
    "formfeed_line": "x = 1\n\f\ny = 2\n",
    "tabs": "if x:\n\ty = 1\n\tif y:\n\t\tz = 2\n",
    "backslash": "x = 1 + \\\n    2\nif a and \\\n   b:\n    pass\n",
    "backslash_crlf": "x = 1 + \\\r\n    2\r\n",
    "backslash_cr": "x = 1 + \\\r    2\r",
    "mixed_newlines": "a = 1\r\nb = 2\rc = 3\nd = 4\r",
    "lone_cr_blocks": "def f(a):\r    return a\r\rclass C:\r    x = 1\r",
    "cr_in_comment": "# comment\rx = 1\r",
    "cr_in_triple_string": 'x = """a\rb"""\ry = 2\r',
    "soft_keywords_as_names": "match = 1\nmatch(x)\ncase = 2\ntype = 3\n_ = 4\n",
    "match": (
        "match x:\n    case [a, *rest]:\n        pass\n    case {'k': v, **kw}:\n        pass\n"
        "    case Point(x=0) if x:\n        pass\n    case _:\n        pass\n"
    ),
    "unicode_names": "café = 1\nπ = 3.14\nℌ = 2\n名前 = 'x'\n",
    "numbers": "a = 0_0\nb = 1_000j\nc = 0o17\nd = 1e-10j\ne = 0xFF_FF\nf = 0b1_0\ng = 1.\nh = .5e+3\n",
    "string_prefixes": "a = rb'x'\nb = Rb'x'\nc = BR'x'\nd = f'{a}'\ne = rf'{a}'\nf = FR'{a}'\ng = u'x'\n",
    "parameters": "f = lambda *, x: x\ndef g(a, /, b, *, c): pass\ndef h(*a, **k): pass\n",
    "star_subscripts": "x = a[*b]\ny = a[1:2, *b]\n",
    "except_star": "try:\n    pass\nexcept* ValueError as e:\n    pass\n",
    "parenthesized_with": "with (open(a) as f,\n      open(b) as g,):\n    pass\n",
    "fstrings": "x = f\"{f'{y}'}\"\nz = f'{x:{w}.{p}}'\nq = f'{x!r:>10}'\nr = f'{x=}'\n",
    "string_continuation": 'x = "abc\\\ndef"\n',
    "decorator_expressions": "@(lambda f: f)\ndef g(): pass\n@a.b[1](c)\ndef h(): pass\n",
    "async_comprehension": "async def f():\n    return [await x async for x in y]\n",
    "semicolons": "a=1; b=2;\nif x: pass; y = 1\n",
    "walrus_in_comprehension": "y = [z for x in a if (z := x)]\n",
    "nonlocal_global": "def f():\n    x = 1\n    def g():\n        nonlocal x\n        global y\n        x = y = 2\n",
    "brackets_199": "x = " + "[" * 199 + "]" * 199 + "\n",
    "empty": "",
    "only_a_comment": "# just a comment",
    "no_final_newline": "x = 1",
    "comment_dedents": "if x:\n    y = 1\n  # an odd comment\nz = 2\n",
    "blank_lines_with_spaces": "if x:\n    y = 1\n    \n\t\n    z = 2\n",
    "indentation_99x4": "".join(" " * (4 * i) + "if x:\n" for i in range(99)) + " " * 396 + "pass\n",
    "indentation_70x8": "".join(" " * (8 * i) + "if x:\n" for i in range(70)) + " " * 560 + "pass\n",
    "indentation_99_tabs": "".join("\t" * i + "if x:\n" for i in range(99)) + "\t" * 99 + "pass\n",
}

INVALID = {  # each a SyntaxError for CPython 3.11
    "bad_indent": "if x:\n  y = 1\n z = 2\n",
    "tabs_after_spaces": "if x:\n        y = 1\n\tz = 2\n",
    "trailing_backslash": "x = 1\n\\\n",
    "py2_print": 'print "x"\n',
    "type_alias_312": "type X = int\n",
    "unterminated": 'x = "abc\n',
    "cr_in_string": "x = 'a\rb'\n",  # a lone \r ends the line, inside a string too
    "nul_byte": "x = 1\0\n",
}

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, text in {**VALID, **INVALID}.items():
    with open(os.path.join(out, name + ".py"), "w", newline="", encoding="utf-8") as f:
        f.write(text)
