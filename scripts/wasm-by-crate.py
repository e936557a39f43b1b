#!/usr/bin/env python3
"""Splits a wasm module's code section by the crate each function is named after.

Usage: wasm-by-crate.py MODULE.wasm   (the module must keep its "name" section: wasm-opt -g)

A function counts for the first crate of CRATES that its demangled name mentions, so generic
instances land on the crate that asks for them (a serde_json visitor of a k8s-openapi type
counts for k8s-openapi). Each group's bodies are gzipped together: the figures are what each
part adds to the download, approximately (they sum to a little more than the whole)."""
import gzip
import sys
from collections import defaultdict

CRATES = ["k8s_openapi", "jiff", "unsafe_libyaml", "serde_yaml", "yaml_rust2", "serde_json",
          "miniz_oxide", "base64", "yew", "web_sys", "js_sys", "wasm_bindgen", "dsp_web",
          "dsp_kubectl", "dsp_core", "hashbrown", "dlmalloc", "serde_core", "alloc", "core", "std"]


def uleb(buf, i):
    value = shift = 0
    while True:
        byte = buf[i]
        i += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, i


def sections(buf):
    i = 8
    while i < len(buf):
        kind = buf[i]
        size, i = uleb(buf, i + 1)
        yield kind, buf[i:i + size]
        i += size


def imported_functions(sec):
    count, i = uleb(sec, 0)
    funcs = 0
    for _ in range(count):
        for _ in range(2):  # module and field names
            n, i = uleb(sec, i)
            i += n
        kind = sec[i]
        i += 1
        if kind == 0:  # function: type index
            _, i = uleb(sec, i)
            funcs += 1
        elif kind == 1:  # table: reftype, limits
            i += 1
            flags, i = uleb(sec, i)
            _, i = uleb(sec, i)
            if flags & 1:
                _, i = uleb(sec, i)
        elif kind == 2:  # memory: limits
            flags, i = uleb(sec, i)
            _, i = uleb(sec, i)
            if flags & 1:
                _, i = uleb(sec, i)
        elif kind == 3:  # global: valtype, mutability
            i += 2
    return funcs


def function_names(sec):
    n, i = uleb(sec, 0)
    if sec[i:i + n] != b"name":
        return {}
    i += n
    names = {}
    while i < len(sec):
        sub = sec[i]
        size, i = uleb(sec, i + 1)
        if sub == 1:
            j = i
            count, j = uleb(sec, j)
            for _ in range(count):
                index, j = uleb(sec, j)
                length, j = uleb(sec, j)
                names[index] = sec[j:j + length].decode("utf-8", "replace")
                j += length
        i += size
    return names


def main(path):
    buf = open(path, "rb").read()
    imports, bodies, names, data = 0, [], {}, b""
    for kind, sec in sections(buf):
        if kind == 2:
            imports = imported_functions(sec)
        elif kind == 10:
            count, i = uleb(sec, 0)
            for _ in range(count):
                size, i = uleb(sec, i)
                bodies.append(sec[i:i + size])
                i += size
        elif kind == 11:
            data = sec
        elif kind == 0:
            names.update(function_names(sec))
    groups = defaultdict(list)
    for index, body in enumerate(bodies):
        name = names.get(index + imports, "")
        crate = next((c for c in CRATES if c + "::" in name or c + "[" in name), "(other)")
        groups[crate].append(body)
    gz = lambda b: len(gzip.compress(b, 9))
    print(f"{'part':<16} {'raw':>9} {'gzip-9':>9}")
    rows = [(gz(b"".join(bs)), sum(map(len, bs)), c) for c, bs in groups.items()]
    for z, raw, crate in sorted(rows, reverse=True):
        print(f"{crate:<16} {raw:>9} {z:>9}")
    print(f"{'(data section)':<16} {len(data):>9} {gz(data):>9}")
    print(f"{'(all code)':<16} {sum(map(len, bodies)):>9} {gz(b''.join(bodies)):>9}")


if __name__ == "__main__":
    main(sys.argv[1])
