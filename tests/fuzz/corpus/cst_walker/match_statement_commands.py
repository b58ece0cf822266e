"""Structural pattern matching: literals, captures, sequences, mappings, classes and guards."""
from dataclasses import dataclass


@dataclass
class Move:
    x: int
    y: int


@dataclass
class Quit:
    code: int = 0


def handle(command):
    match command:
        case "stop" | "halt":
            return "stopped"
        case ["go", direction]:
            return f"going {direction}"
        case ["drop", *items] if items:
            return f"dropping {len(items)}"
        case {"action": "say", "text": str(text)}:
            return text
        case Move(x=0, y=0):
            return "nowhere"
        case Move(x=dx, y=dy) as move:
            return f"moving {dx},{dy} via {move}"
        case Quit(code):
            return code
        case _:
            return None


print(handle("stop"), handle(["go", "north"]), handle(Move(1, 2)), handle(Quit()))
