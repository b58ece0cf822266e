"""Async code: coroutines, await, async with, async for, async generators and comprehensions."""
import asyncio


class Session:
    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        return False

    async def get(self, url):
        await asyncio.sleep(0)
        return url


async def ticker(n):
    for i in range(n):
        yield i
        await asyncio.sleep(0)


async def fetch_all(urls):
    async with Session() as session:
        results = [await session.get(u) for u in urls]
    async for tick in ticker(2):
        results.append(str(tick))
    evens = [t async for t in ticker(4) if t % 2 == 0]
    return results, evens


async def main():
    done = await asyncio.gather(fetch_all(["a"]), fetch_all(["b", "c"]))
    return done


if __name__ == "__main__":
    asyncio.run(main())
