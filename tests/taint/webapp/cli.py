"""A command-line entry point of the vulnerable application."""
import os
import sys


def main():
    name = sys.argv[1]
    os.system("echo " + name)
    path = os.environ.get("DATA_FILE")
    os.remove(path)
    expression = input("> ")
    print(eval(expression))


if __name__ == "__main__":
    main()
