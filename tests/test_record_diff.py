"""artifactkit.record against the standard library's dataclasses: the same class bodies, made by
each, behave alike (construction, defaults, repr, equality, hashing, frozen assignment, fields,
replace), over generated classes that vary their shape: how many fields, which have defaults or
factories, which are left out of repr or comparison, frozen or not."""

from __future__ import annotations

import dataclasses
import random
import types

import pytest

from artifactkit import record

VALUES = [0, 7, "x", None, (1, 2), 2.5, True]
FACTORIES = [list, dict, set, lambda: [1], lambda: {"k": [2]}]


def make(decorate, field, name: str, spec: list[dict], frozen: bool):
    namespace: dict = {"__annotations__": {}, "__qualname__": name, "__module__": __name__}
    for f in spec:
        namespace["__annotations__"][f["name"]] = "object"
        options = {k: f[k] for k in ("repr", "compare") if k in f}
        if "factory" in f:
            namespace[f["name"]] = field(default_factory=f["factory"], **options)
        elif "default" in f:
            namespace[f["name"]] = field(default=f["default"], **options) if options else f["default"]
        elif options:
            namespace[f["name"]] = field(**options)
    return decorate(frozen=frozen)(type(name, (), namespace))


def random_spec(rng: random.Random) -> tuple[list[dict], bool]:
    spec = []
    required = rng.randint(0, 3)
    for i in range(rng.randint(0, 6)):
        f: dict = {"name": f"f{i}"}
        if i >= required:
            if rng.random() < 0.4:
                f["factory"] = rng.choice(FACTORIES)
            else:
                f["default"] = rng.choice(VALUES)
        if rng.random() < 0.3:
            f["repr"] = False
        if rng.random() < 0.3:
            f["compare"] = False
        spec.append(f)
    return spec, rng.random() < 0.4


def outcome(call):
    """What a call gives: its value's repr, or the kind of error it raised."""
    try:
        return ("ok", repr(call()))
    except Exception as exc:
        return ("error", type(exc).__mro__[1] if type(exc).__name__ == "FrozenInstanceError" else type(exc))


def behaviour(cls, spec: list[dict], rng: random.Random) -> list:
    required = [f["name"] for f in spec if "default" not in f and "factory" not in f]
    optional = [f["name"] for f in spec if f["name"] not in required]
    seen = []
    args = [rng.choice(VALUES) for _ in required]
    given = {n: rng.choice(VALUES) for n in optional if rng.random() < 0.5}
    a, b, c = cls(*args), cls(*args), cls(*args, **given)
    seen += [repr(a), repr(c), a == b, a == c, c == c, a != c, a == object(), a.__eq__(object())]
    sub = type("Sub", (cls,), {})(*args)  # a plain subclass's instance is another class: never equal
    seen += [a == sub, sub == a, repr(sub)]
    seen += [outcome(lambda: hash(a)), outcome(lambda: hash(a) == hash(b)), outcome(lambda: hash(c))]
    seen.append([f.name for f in (dataclasses.fields(cls) if dataclasses.is_dataclass(cls) else record.fields(cls))])
    seen.append([hasattr(cls, f["name"]) and getattr(cls, f["name"]) for f in spec if "factory" not in f])
    seen.append([hasattr(cls, f["name"]) for f in spec])
    seen.append(cls.__match_args__)
    factories = [f["name"] for f in spec if "factory" in f]
    seen.append([getattr(a, n) is getattr(b, n) for n in factories])  # a fresh value for each instance
    seen.append(outcome(lambda: cls(*args, *([0] * (len(spec) + 1)))))  # too many positional
    seen.append(outcome(lambda: cls(*args[:-1])) if required else None)  # one missing
    seen.append(outcome(lambda: cls(*args, nope=1)))
    if spec:
        name = rng.choice(spec)["name"]
        seen.append(outcome(lambda: setattr(a, name, 99)))
        seen.append(outcome(lambda: delattr(b, name)))
        seen.append(repr(a))
    replace = dataclasses.replace if dataclasses.is_dataclass(cls) else record.replace
    changed = {f["name"]: 42 for f in spec if rng.random() < 0.5}
    seen.append(outcome(lambda: replace(c, **changed)))
    seen.append(outcome(lambda: replace(c, **changed) == c))
    return seen


@pytest.mark.parametrize("seed", range(400))
def test_a_record_behaves_as_the_dataclass_of_the_same_body(seed):
    rng = random.Random(seed)
    spec, frozen = random_spec(rng)
    name = f"Shape{seed}"
    theirs = make(dataclasses.dataclass, dataclasses.field, name, spec, frozen)
    ours = make(record.dataclass, record.field, name, spec, frozen)
    assert behaviour(ours, spec, random.Random(seed)) == behaviour(theirs, spec, random.Random(seed)), (spec, frozen)


def test_a_record_refuses_what_dataclasses_refuse():
    for decorate, field in ((dataclasses.dataclass, dataclasses.field), (record.dataclass, record.field)):
        with pytest.raises(ValueError):
            make(decorate, field, "Listed", [{"name": "a", "default": []}], False)
        with pytest.raises(ValueError):
            field(default=1, default_factory=list)
        with pytest.raises(TypeError):  # a field without a default after one with
            make(decorate, field, "Order", [{"name": "a", "default": 1}, {"name": "b"}], False)


def test_a_record_keeps_the_methods_its_class_writes():
    @record.dataclass
    class Written:
        a: int = 1

        def __repr__(self) -> str:
            return "mine"

        def __eq__(self, other) -> bool:
            return True

    assert repr(Written()) == "mine" and Written() == object() and Written.__hash__ is None


def test_a_recursive_record_repr_ends():
    @record.dataclass
    class Node:
        children: list = record.field(default_factory=list)

    node = Node()
    node.children.append(node)
    assert repr(node) == "test_a_recursive_record_repr_ends.<locals>.Node(children=[...])"


# --- NamedTuple ----------------------------------------------------------------------------------


def make_tuple(base, name: str, spec: list[dict], methods: bool):
    namespace: dict = {"__annotations__": {}, "__qualname__": name, "__module__": __name__, "__doc__": f"{name}'s doc"}
    for f in spec:
        namespace["__annotations__"][f["name"]] = "object"
        if "default" in f:
            namespace[f["name"]] = f["default"]
    if methods:
        namespace["total"] = lambda self: len(self) + sum(isinstance(v, int) for v in self)
        namespace["first"] = property(lambda self: self[0] if self else None)
        namespace["LIMIT"] = 3
    return types.new_class(name, (base,), exec_body=lambda ns: ns.update(namespace))  # as a class statement does


def annotations(cls) -> dict:
    """The class's annotations as written: typing wraps a string in a ForwardRef, which only
    ``typing.get_type_hints`` reads (and it reads a plain string alike)."""
    return {name: getattr(value, "__forward_arg__", value) for name, value in cls.__annotations__.items()}


def tuple_behaviour(cls, spec: list[dict], rng: random.Random) -> list:
    required = [f["name"] for f in spec if "default" not in f]
    args = [rng.choice(VALUES) for _ in required]
    a = cls(*args)
    b = cls(*args, **{f["name"]: rng.choice(VALUES) for f in spec if "default" in f and rng.random() < 0.5})
    seen = [repr(a), repr(b), a == b, a < b if all(type(x) is type(y) for x, y in zip(a, b)) else None, tuple(a), hash(a) == hash(tuple(a))]
    seen += [cls._fields, cls._field_defaults, a._asdict(), cls.__doc__, cls.__qualname__, cls.__module__, cls.__mro__[1:], annotations(cls)]
    seen += [outcome(lambda: a._replace(**{n: 5 for n in cls._fields[:1]})), outcome(lambda: cls._make(list(a)))]
    seen += [outcome(lambda: cls(*args, *([0] * (len(spec) + 1)))), outcome(lambda: cls(*args[:-1])) if required else None]
    seen += [outcome(lambda: setattr(a, spec[0]["name"], 1)) if spec else None, outcome(lambda: a.total()), outcome(lambda: a.first), getattr(cls, "LIMIT", None)]
    return seen


@pytest.mark.parametrize("seed", range(200))
def test_a_record_namedtuple_behaves_as_typings(seed):
    import typing

    rng = random.Random(seed)
    spec = [{"name": f"f{i}"} for i in range(rng.randint(0, 5))]
    for f in spec[rng.randint(0, len(spec)) :]:
        f["default"] = rng.choice(VALUES)
    methods = rng.random() < 0.5
    theirs = make_tuple(typing.NamedTuple, f"Row{seed}", spec, methods)
    ours = make_tuple(record.NamedTuple, f"Row{seed}", spec, methods)
    assert tuple_behaviour(ours, spec, random.Random(seed)) == tuple_behaviour(theirs, spec, random.Random(seed)), spec


def test_a_record_namedtuple_refuses_what_typing_refuses():
    import typing

    for base in (typing.NamedTuple, record.NamedTuple):
        with pytest.raises(TypeError) as order:
            make_tuple(base, "Order", [{"name": "a", "default": 1}, {"name": "b", "default": 2}, {"name": "c"}], False)
        assert str(order.value) == "Non-default namedtuple field c cannot follow default fields a, b"
        with pytest.raises(AttributeError, match="Cannot overwrite NamedTuple attribute _replace"):
            types.new_class("Over", (base,), exec_body=lambda ns: ns.update(__annotations__={"a": int}, __module__=__name__, _replace=None))
        with pytest.raises(TypeError):
            types.new_class("Mixed", (base, int), exec_body=lambda ns: ns.update(__annotations__={}, __module__=__name__))
