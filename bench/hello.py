"""The ceiling: a bare FastAPI "hello" endpoint served the same way as carewatch."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def hello() -> dict[str, str]:
    return {"hello": "world"}
