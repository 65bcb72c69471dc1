#!/usr/bin/env python3
"""Reads one of Parley's Kafka topics from its beginning and prints each record as a JSON line.

Parley's values are Avro in the single-object encoding: the bytes C3 01, the writer schema's
64-bit Rabin fingerprint (little endian), then the binary datum. This looks the fingerprint up
among the published .avsc files, with no schema registry.

Needs confluent-kafka and avro (Debian: apt install python3-confluent-kafka python3-avro).

    read_topic.py BOOTSTRAP TOPIC [--schemas DIR] [--max N]
    read_topic.py 127.0.0.1:9092 parley.party-openness.v1 --max 5
"""
import argparse
import io
import json
import os
import sys

import avro.io
import avro.name
import avro.schema
from confluent_kafka import OFFSET_BEGINNING, Consumer, TopicPartition

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SCHEMAS = os.path.join(HERE, "..", "..", "schemas", "src", "main", "avro")
# Statement before EnrichedStatement, which nests it.
ORDER = ["Article", "Statement", "EnrichedStatement", "PartyOpenness", "StanceAlert", "DeadLetter"]

# CRC-64-AVRO, the Rabin fingerprint of the Avro specification ("Schema Fingerprints").
EMPTY = 0xC15D213AA4D7A795
TABLE = []
for i in range(256):
    fp = i
    for _ in range(8):
        fp = (fp >> 1) ^ (EMPTY & -(fp & 1))
    TABLE.append(fp)


def fingerprint(text):
    fp = EMPTY
    for b in text.encode("utf-8"):
        fp = (fp >> 8) ^ TABLE[(fp ^ b) & 0xFF]
    return fp


PRIMITIVES = {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}


def canonical(s, namespace, defined, known):
    """The Parsing Canonical Form of the Avro specification: what the fingerprint is taken of.

    defined: full names already written out in this schema; known: named types of earlier files,
    written out in full at their first use (as Java's SchemaNormalization does)."""
    if isinstance(s, str):
        if s in PRIMITIVES:
            return json.dumps(s)
        full = s if "." in s else (namespace + "." + s if namespace else s)
        if full not in defined and full in known:
            return canonical(known[full], "", defined, known)
        return json.dumps(full)
    if isinstance(s, list):
        return "[" + ",".join(canonical(x, namespace, defined, known) for x in s) + "]"
    t = s["type"]
    if t in PRIMITIVES:
        return json.dumps(t)  # logical types and other attributes are not part of the form
    if t in ("record", "enum", "fixed", "error"):
        ns = s.get("namespace", namespace)
        full = s["name"] if "." in s["name"] else (ns + "." + s["name"] if ns else s["name"])
        ns = full.rsplit(".", 1)[0] if "." in full else ns
        if full in defined:
            return json.dumps(full)
        defined.add(full)
        known.setdefault(full, dict(s, name=full))
        parts = ['"name":' + json.dumps(full), '"type":' + json.dumps("record" if t == "error" else t)]
        if t in ("record", "error"):
            parts.append('"fields":[' + ",".join('{"name":' + json.dumps(f["name"]) + ',"type":'
                                                 + canonical(f["type"], ns, defined, known) + "}" for f in s["fields"]) + "]")
        if t == "enum":
            parts.append('"symbols":' + json.dumps(s["symbols"], separators=(",", ":")))
        if t == "fixed":
            parts.append('"size":' + str(s["size"]))
        return "{" + ",".join(parts) + "}"
    if t == "array":
        return '{"type":"array","items":' + canonical(s["items"], namespace, defined, known) + "}"
    if t == "map":
        return '{"type":"map","values":' + canonical(s["values"], namespace, defined, known) + "}"
    return canonical(t, namespace, defined, known)


def schemas_by_fingerprint(directory):
    names = avro.name.Names()
    known = {}
    out = {}
    for name in ORDER:
        with open(os.path.join(directory, name + ".avsc"), encoding="utf-8") as f:
            text = json.load(f)
        schema = avro.schema.make_avsc_object(text, names)
        # Named types defined in earlier files (Statement in EnrichedStatement) are written out in
        # full where a record nests them, as Java's SchemaNormalization does for a parsed file.
        out[fingerprint(canonical(text, "", set(), known))] = schema
    return out


def decode(value, schemas):
    if value[:2] != b"\xc3\x01":
        raise ValueError("not Avro single-object encoding")
    fp = int.from_bytes(value[2:10], "little")
    schema = schemas.get(fp)
    if schema is None:
        raise ValueError("unknown writer schema %016x" % fp)
    return avro.io.DatumReader(schema).read(avro.io.BinaryDecoder(io.BytesIO(value[10:])))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("bootstrap")
    p.add_argument("topic")
    p.add_argument("--schemas", default=DEFAULT_SCHEMAS)
    p.add_argument("--max", type=int, default=0, help="stop after this many records (0: all)")
    a = p.parse_args()
    schemas = schemas_by_fingerprint(a.schemas)
    consumer = Consumer({"bootstrap.servers": a.bootstrap, "group.id": "parley-example-reader",
                         "enable.auto.commit": False, "isolation.level": "read_committed"})
    partitions = consumer.list_topics(a.topic, timeout=30).topics[a.topic].partitions
    assignment = [TopicPartition(a.topic, p, OFFSET_BEGINNING) for p in partitions]
    ends = {p: consumer.get_watermark_offsets(TopicPartition(a.topic, p), timeout=30)[1] for p in partitions}
    consumer.assign(assignment)
    done, n = {p for p, end in ends.items() if end == 0}, 0
    while len(done) < len(partitions) and (a.max == 0 or n < a.max):
        msg = consumer.poll(5.0)
        if msg is None:
            break
        if msg.error():
            sys.exit("read_topic.py: " + str(msg.error()))
        record = decode(msg.value(), schemas)
        record = {k: (v.hex() if isinstance(v, bytes) else v) for k, v in record.items()}
        print(json.dumps({"key": msg.key().decode("utf-8") if msg.key() else None, "value": record}, default=str))
        n += 1
        if msg.offset() + 1 >= ends[msg.partition()]:
            done.add(msg.partition())
    consumer.close()


if __name__ == "__main__":
    main()
