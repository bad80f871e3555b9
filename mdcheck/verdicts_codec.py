"""A faithful round trip between a `FileReport` (everything in verdicts.py) and bytes, for the cache.
Driven by the dataclasses' own type hints, so a field added to verdicts.py is carried too."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from collections.abc import Callable
from functools import cache
from typing import Any, Literal, Union, get_args, get_origin

from mdcheck.verdicts import FileReport


class DecodeError(ValueError):
    """Stored data that does not fit the types it should have (an old or damaged entry)."""


def to_data(value: object) -> Any:
    """Dataclasses as dicts of their fields, tuples as lists; everything else as it is."""
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    names = _field_names(type(value))
    if names:
        return {name: to_data(getattr(value, name)) for name in names}
    return value


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    """The fields of a dataclass type, () for any other type."""
    names = _FIELD_NAMES.get(kind)
    if names is None:
        names = _stored_fields(kind) if dataclasses.is_dataclass(kind) else ()
        _FIELD_NAMES[kind] = names
    return names


@cache
def _field_types(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


Decoder = Callable[[Any], Any]


def from_data(hint: Any, data: Any) -> Any:
    """Rebuild a value of type `hint` from what `to_data` made of it (DecodeError if it does not fit)."""
    return decoder(hint)(data)


@cache
def decoder(hint: Any) -> Decoder:
    """A function that rebuilds values of type `hint`, made once per type: the type hints are read
    here, not for every value decoded."""
    origin = get_origin(hint)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _dataclass_decoder(hint)
    if origin is tuple:
        return _tuple_decoder(get_args(hint))
    if origin in (Union, types.UnionType):
        return _union_decoder(tuple(decoder(arg) for arg in get_args(hint)))
    if origin is Literal:
        return _literal_decoder(frozenset(get_args(hint)))
    return _scalar_decoder(hint)


def _stored_fields(cls: type) -> tuple[str, ...]:
    """The fields that are stored: all but those left out of comparisons (a verdict's sympy
    expressions, which are made on request and not kept)."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.compare)


def _dataclass_decoder(cls: type) -> Decoder:
    hints = _field_types(cls)
    names = _stored_fields(cls)
    name_set = set(names)
    fields: list[tuple[str, Decoder]] = []  # filled on first use, so a recursive type cannot loop here
    build = _builder(cls)

    def decode(data: Any) -> Any:
        if type(data) is not dict or data.keys() != name_set:
            raise DecodeError(f"{cls.__name__}: expected an object with fields {sorted(name_set)}")
        if not fields:
            fields.extend((name, decoder(hints[name])) for name in names)
        return build({name: decode_field(data[name]) for name, decode_field in fields})

    return decode


def _builder(cls: type) -> Callable[[dict[str, Any]], Any]:
    """Make an instance from its field values. A plain (frozen) dataclass gets its `__dict__` filled
    directly, twice as fast as its `__init__`; one with slots or `__post_init__` goes through `__init__`."""
    if "__slots__" in cls.__dict__ or hasattr(cls, "__post_init__"):
        return lambda values: cls(**values)

    def build(values: dict[str, Any]) -> Any:
        instance: Any = object.__new__(cls)
        instance.__dict__.update(values)
        return instance

    return build


def _tuple_decoder(args: tuple[Any, ...]) -> Decoder:
    if len(args) == 2 and args[1] is Ellipsis:
        item = decoder(args[0])

        def decode_items(data: Any) -> tuple[Any, ...]:
            if type(data) is not list:
                raise DecodeError("expected a list")
            return tuple(map(item, data))

        return decode_items
    items = tuple(decoder(arg) for arg in args)

    def decode_fixed(data: Any) -> tuple[Any, ...]:
        if type(data) is not list or len(data) != len(items):
            raise DecodeError(f"expected a list of {len(items)} items")
        return tuple(decode(value) for decode, value in zip(items, data, strict=True))

    return decode_fixed


def _union_decoder(options: tuple[Decoder, ...]) -> Decoder:
    def decode(data: Any) -> Any:
        for option in options:
            try:
                return option(data)
            except DecodeError:
                continue
        raise DecodeError(f"{data!r} fits no member of a union")

    return decode


def _literal_decoder(allowed: frozenset[Any]) -> Decoder:
    def decode(data: Any) -> Any:
        if type(data) is not str or data not in allowed:
            raise DecodeError(f"{data!r} is not one of {sorted(allowed)}")
        return data

    return decode


def _float(data: Any) -> float:
    kind = type(data)
    if kind is float:
        return data
    if kind is int:
        return float(data)
    raise DecodeError(f"{data!r} is not a number")


def _exact(kind: type) -> Decoder:
    def decode(data: Any) -> Any:
        if type(data) is not kind:
            raise DecodeError(f"{data!r} is not a {kind.__name__}")
        return data

    return decode


def _scalar_decoder(hint: Any) -> Decoder:
    if hint is float:
        return _float
    if hint in (int, str, bool, type(None)):
        return _exact(hint)
    raise TypeError(f"no decoder for {hint!r}")


def encode_file_report(report: FileReport) -> bytes:
    return json.dumps(to_data(report), separators=(",", ":")).encode()


def decode_file_report(data: bytes) -> FileReport | None:
    """The report stored in `data`, or None when `data` is not a well-formed report."""
    try:
        report = from_data(FileReport, json.loads(data))
    except (DecodeError, ValueError, TypeError, RecursionError):
        return None
    return report if isinstance(report, FileReport) else None


def schema_fingerprint() -> str:
    """Names and types of every field reachable from FileReport: part of every cache key, so a
    change to verdicts.py never reads an entry written before it."""
    seen: dict[str, str] = {}
    _collect(FileReport, seen)
    return ";".join(f"{name}({fields})" for name, fields in sorted(seen.items()))


def _collect(hint: Any, seen: dict[str, str]) -> None:
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        if hint.__qualname__ in seen:
            return
        hints = _field_types(hint)
        seen[hint.__qualname__] = ",".join(f"{f.name}:{hints[f.name]}" for f in dataclasses.fields(hint))
        for f in dataclasses.fields(hint):
            _collect(hints[f.name], seen)
        return
    for arg in get_args(hint):
        _collect(arg, seen)
