#!/usr/bin/env python3
"""Lists the C++ functions longer than a limit (default 80 lines).

Usage: long_functions.py [--limit N] DIR...

A brace scanner, not a compiler: comments, strings and character literals
are blanked, then every `{` is classified by the text before it. A body
opened at file, namespace or class scope after a `(...)` header (not a
control statement) is a function; its length runs from the first line of
its header to its closing brace. Lambdas and blocks count toward the
function around them. Prints `LINES FILE:LINE NAME`, longest first.
"""
import argparse
import os
import re
import sys

SCOPE = re.compile(r'\b(namespace|class|struct|union|enum)\b')
CONTROL = re.compile(r'^\s*(if|for|while|switch|catch|do|else|return)\b')


def blank(text):
    """Comments and literals replaced by spaces; newlines kept."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i)
            j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j
        elif text.startswith('R"', i):
            m = re.match(r'R"([^(]*)\(', text[i:])
            end = text.find(')' + m.group(1) + '"', i) if m else -1
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j
        elif c in '"\'':
            j = i + 1
            while j < n and text[j] != c and text[j] != '\n':
                j += 2 if text[j] == '\\' else 1
            out.append(' ' * (min(j + 1, n) - i)); i = j + 1
        else:
            out.append(c); i += 1
    return ''.join(out)


def functions(path):
    text = blank(open(path, encoding='utf-8', errors='replace').read())
    # Preprocessor lines, with their continuations (X-macro tables).
    text = re.sub(r'^[ \t]*#(?:[^\n]*\\\n)*[^\n]*', lambda m: re.sub(r'[^\n]', ' ', m.group(0)),
                  text, flags=re.M)
    stack = []  # (kind, start line, name)
    header_start = 0
    found = []
    for i, c in enumerate(text):
        if c == '{':
            header = text[header_start:i]
            line = text.count('\n', 0, header_start + len(header) - len(header.lstrip())) + 1
            in_function = any(k == 'fn' for k, _, _ in stack)
            h = ' '.join(header.split())
            if in_function:
                kind, name = 'block', ''
            elif SCOPE.search(h) and '(' not in h.split(SCOPE.search(h).group(0))[0]:
                kind, name = 'scope', ''
            elif '(' in h and not CONTROL.match(h) and not h.endswith('='):
                kind = 'fn'
                name = re.findall(r'([~\w:<>]+)\s*\(', h)
                name = name[0] if name else h[:40]
            else:
                kind, name = 'block', ''
            stack.append((kind, line, name))
            header_start = i + 1
        elif c == '}':
            if stack:
                kind, line, name = stack.pop()
                if kind == 'fn':
                    end = text.count('\n', 0, i) + 1
                    found.append((end - line + 1, line, name))
            header_start = i + 1
        elif c == ';':
            header_start = i + 1
    return found


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--limit', type=int, default=80)
    ap.add_argument('dirs', nargs='+')
    args = ap.parse_args()
    rows = []
    for d in args.dirs:
        for root, _, files in os.walk(d):
            for f in sorted(files):
                if f.endswith(('.cpp', '.h', '.hpp')):
                    p = os.path.join(root, f)
                    rows += [(n, p, l, name) for n, l, name in functions(p) if n > args.limit]
    for n, p, l, name in sorted(rows, key=lambda r: (-r[0], r[1])):
        print(f'{n:5d} {p}:{l} {name}')
    return 0


if __name__ == '__main__':
    sys.exit(main())
