"""``dataclass``, ``field``, ``fields``, ``replace`` and ``NamedTuple`` for the classes a one-file
``lint`` builds, without importing ``dataclasses`` or ``typing``: ``dataclasses`` imports ``inspect``
(with ``ast``, ``dis`` and ``tokenize``), 8 ms of the 48 ms pre-commit's ``lint FILE`` took, and
``typing`` 2 ms more.

Only the part those classes use: ``frozen``, defaults, ``default_factory``, ``repr=False`` and
``compare=False``, no inheritance between records; a ``NamedTuple`` is ``collections.namedtuple``
with the class body's defaults and methods, as ``typing`` makes it. What they make is what the
standard library makes: tests/test_record_diff.py compares them. (One difference: a NamedTuple's
``__annotations__`` keep their strings, which ``typing`` wraps in ``ForwardRef``; only
``typing.get_type_hints`` reads them, and it reads both.) Type checkers read the originals.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import FrozenInstanceError, dataclass, field, fields, replace
    from typing import NamedTuple
else:
    from collections import namedtuple
    from reprlib import recursive_repr  # collections, which every run imports, imports reprlib

    _NOT_IN_BODY = frozenset(("__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults", "_make", "_replace", "_asdict", "_source"))

    class _NamedTupleMeta(type):
        def __new__(cls, typename, bases, namespace):
            if bases != (NamedTuple,):
                raise TypeError("can only inherit from a NamedTuple type")
            annotations = namespace.get("__annotations__", {})
            defaults: list[str] = []
            for name in annotations:
                if name in namespace:
                    defaults.append(name)
                elif defaults:
                    raise TypeError(f"Non-default namedtuple field {name} cannot follow default field{'s' if len(defaults) > 1 else ''} {', '.join(defaults)}")
            made = namedtuple(typename, list(annotations), defaults=[namespace[n] for n in defaults], module=namespace["__module__"])
            made.__annotations__ = made.__new__.__annotations__ = dict(annotations)
            for key, value in namespace.items():
                if key in _NOT_IN_BODY:
                    raise AttributeError("Cannot overwrite NamedTuple attribute " + key)
                if key not in ("__module__", "__name__", "__annotations__") and key not in made._fields:
                    setattr(made, key, value)
            return made

    NamedTuple = type.__new__(_NamedTupleMeta, "NamedTuple", (), {})

    class _Missing:
        def __repr__(self) -> str:
            return "MISSING"

    MISSING = _Missing()

    class FrozenInstanceError(AttributeError):
        pass

    class Field:
        __slots__ = ("name", "default", "default_factory", "repr", "compare")

        def __init__(self, default=MISSING, default_factory=MISSING, repr=True, compare=True):
            if default is not MISSING and default_factory is not MISSING:
                raise ValueError("cannot specify both default and default_factory")
            self.name = ""
            self.default = default
            self.default_factory = default_factory
            self.repr = repr
            self.compare = compare

    def field(*, default=MISSING, default_factory=MISSING, repr=True, compare=True):
        return Field(default, default_factory, repr, compare)

    def fields(obj) -> tuple:
        return obj.__record_fields__

    def replace(obj, /, **changes):
        for f in obj.__record_fields__:
            changes.setdefault(f.name, getattr(obj, f.name))
        return obj.__class__(**changes)

    def dataclass(cls=None, /, *, frozen=False):
        def wrap(cls):
            return _process(cls, frozen)

        return wrap if cls is None else wrap(cls)

    def _frozen_setattr(_self, name, _value):
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def _frozen_delattr(_self, name):
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _own_fields(cls) -> tuple:
        if any(hasattr(base, "__record_fields__") for base in cls.__mro__[1:]):
            raise TypeError(f"{cls.__name__}: a record cannot extend another")
        found = []
        for name in cls.__dict__.get("__annotations__", {}):
            value = cls.__dict__.get(name, MISSING)
            f = value if isinstance(value, Field) else Field(default=value)
            f.name = name
            if f.default is MISSING:
                if name in cls.__dict__:
                    delattr(cls, name)  # a default_factory's field has no class attribute, as in dataclasses
            elif isinstance(f.default, (list, dict, set)):
                raise ValueError(f"mutable default {type(f.default)} for field {name} is not allowed: use default_factory")
            else:
                setattr(cls, name, f.default)
            if found and f.default is MISSING and f.default_factory is MISSING and not (found[-1].default is MISSING and found[-1].default_factory is MISSING):
                raise TypeError(f"non-default argument {name!r} follows default argument")
            found.append(f)
        return tuple(found)

    def _methods(compared: tuple, shown: tuple) -> dict:
        """``__repr__``, ``__eq__`` and ``__hash__`` as dataclasses writes them, without compiling
        them for each class (compiling the three cost 0.2 ms a class at every start)."""

        def values(self, names=compared):
            return tuple([getattr(self, n) for n in names])

        @recursive_repr()
        def __repr__(self):
            return f"{self.__class__.__qualname__}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"

        def __eq__(self, other):
            if other.__class__ is self.__class__:
                return values(self) == values(other)
            return NotImplemented

        def __hash__(self):
            return hash(values(self))

        return {"__repr__": __repr__, "__eq__": __eq__, "__hash__": __hash__}

    def _process(cls, frozen: bool):
        record_fields = _own_fields(cls)
        scope = {"MISSING": MISSING, "object": object}
        params, body = [], []
        for f in record_fields:
            if f.default_factory is not MISSING:
                scope[f"_factory_{f.name}"] = f.default_factory
                params.append(f"{f.name}=MISSING")
                value = f"_factory_{f.name}() if {f.name} is MISSING else {f.name}"
            else:
                if f.default is not MISSING:
                    scope[f"_default_{f.name}"] = f.default
                    params.append(f"{f.name}=_default_{f.name}")
                else:
                    params.append(f.name)
                value = f.name
            body.append(f"object.__setattr__(self, {f.name!r}, {value})" if frozen else f"self.{f.name} = {value}")
        source = f"def __init__(self, {', '.join(params)}):\n    " + ("\n    ".join(body) or "pass") + "\n"
        exec(source, scope)  # as dataclasses does: one compiled __init__ per class, no per-call loop
        methods = _methods(tuple(f.name for f in record_fields if f.compare), tuple(f.name for f in record_fields if f.repr))
        methods["__init__"] = scope["__init__"]
        for name, method in methods.items():
            method.__qualname__ = f"{cls.__qualname__}.{name}"
            if name != "__hash__" and name not in cls.__dict__:  # a method the class writes itself wins, as in dataclasses
                setattr(cls, name, method)
        if frozen:
            cls.__hash__ = methods["__hash__"]
            cls.__setattr__ = _frozen_setattr
            cls.__delattr__ = _frozen_delattr
        elif "__hash__" not in cls.__dict__:
            cls.__hash__ = None  # mutable and compared by value: unhashable, as dataclasses leaves it
        cls.__record_fields__ = record_fields
        cls.__match_args__ = tuple(f.name for f in record_fields)
        return cls
