# A call under `if __name__ == "__main__"`.
def main():
    pass

if __name__ == "__main__":
    main()
