"""A Django view of the vulnerable application."""
from django.db import connection


def user_view(request):
    cursor = connection.cursor()
    cursor.execute("SELECT * FROM users WHERE id = " + request.GET["id"])
    return cursor.fetchone()


def safe_view(request):
    cursor = connection.cursor()
    cursor.execute("SELECT * FROM users WHERE id = %s", [request.GET["id"]])
    return cursor.fetchone()
