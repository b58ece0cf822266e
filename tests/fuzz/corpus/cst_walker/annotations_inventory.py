"""Annotations: parameters, returns, variables, generics, forward references, Protocol."""
from __future__ import annotations

from typing import Callable, Generic, Iterable, Optional, Protocol, TypeVar

T = TypeVar("T")
Key = str


class Sized(Protocol):
    def size(self) -> int: ...


class Box(Generic[T]):
    content: T
    label: Optional[str] = None

    def __init__(self, content: T, label: Optional[str] = None) -> None:
        self.content = content
        self.label = label

    def map(self, fn: Callable[[T], T]) -> "Box[T]":
        return Box(fn(self.content), self.label)

    def merge(self, other: Box[T]) -> list[Box[T]]:
        return [self, other]


def count(items: Iterable[Sized], *, minimum: int = 0) -> dict[Key, int]:
    totals: dict[Key, int] = {}
    for item in items:
        size: int = item.size()
        if size >= minimum:
            totals[type(item).__name__] = size
    return totals


handler: Callable[..., None] | None = None
boxed: Box[int] = Box(1).map(lambda v: v + 1)
