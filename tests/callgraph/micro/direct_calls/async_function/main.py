# Calling an async function (the coroutine is awaited).
import asyncio

async def fetch():
    return 1

async def main():
    await fetch()

asyncio.run(main())
