"""Database access of the vulnerable web application."""
import sqlite3


def connect():
    return sqlite3.connect("app.db")


def find_user(name):
    conn = sqlite3.connect("app.db")
    cur = conn.cursor()
    # Parameterised: the query text is constant, the value travels separately.
    cur.execute("SELECT * FROM users WHERE name = ?", (name,))
    return cur.fetchall()


def search(sql):
    conn = sqlite3.connect("app.db")
    cur = conn.cursor()
    cur.execute(sql)
    return cur.fetchall()
