"""A small vulnerable Flask application (test data for `codeanatomy flows`; never run)."""
import os
import pickle
import shlex
import subprocess

import requests
import yaml
from flask import Flask, render_template_string, request, send_file

import db
from helpers import Job, apply, build_command, echo, join_words, run_shell

app = Flask(__name__)


@app.route("/ping")
def ping():
    host = request.args.get("host")
    os.system("ping -c 1 " + host)
    os.system("ping -c 1 localhost")
    return "ok"


@app.route("/run")
def run():
    run_shell(request.form["cmd"])
    return "ok"


@app.route("/list")
def listing():
    cmd = build_command(request.args["dir"])
    subprocess.run(cmd, shell=True)
    safe = build_command("/tmp")
    subprocess.run(safe, shell=True)
    return "ok"


@app.route("/calc")
def calc():
    tainted = echo(request.values["expr"])
    result = eval(tainted)
    constant = echo("1 + 1")
    eval(constant)
    return str(result)


@app.route("/job")
def job():
    Job(request.args["script"]).run()
    return "ok"


@app.route("/file")
def download():
    options = {"path": request.args["file"], "mode": "r"}
    with open(options["path"]) as f:
        return f.read()


@app.route("/send")
def send():
    return send_file(request.args["name"])


@app.route("/search")
def search():
    words = []
    words.append(request.args["q"])
    return str(db.search("SELECT * FROM t WHERE " + join_words(words)))


@app.route("/user")
def user():
    return str(db.find_user(request.args["name"]))


@app.route("/load", methods=["POST"])
def load():
    obj = apply(pickle.loads, request.get_data())
    return str(obj)


@app.route("/fetch")
def fetch():
    url = f"http://{request.args['host']}/status"
    return requests.get(url).text


@app.route("/hello")
def hello():
    return render_template_string("<h1>Hello %s</h1>" % request.args["name"])


@app.route("/config", methods=["POST"])
def config():
    data = yaml.load("{}".format(request.data))
    safe = yaml.load(request.data, Loader=yaml.SafeLoader)
    return str(data) + str(safe)


@app.route("/sanitized")
def sanitized():
    subprocess.call("ls " + shlex.quote(request.args["dir"]), shell=True)
    os.system("kill " + str(int(request.args["pid"])))
    subprocess.run(["ls", request.args["dir"]])
    return "ok"


@app.route("/program")
def program():
    name = request.args["program"]
    subprocess.run(name)
    argv = ["ls", "--", name]
    subprocess.run(argv)
    return "ok"
