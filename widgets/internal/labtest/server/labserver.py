"""Serves the JupyterLab 4.6 application that install/frontend/build.sh builds.

The test harness of package labtest (doc.go) runs this with Debian's
/usr/bin/python3 (python3-jupyterlab-server 2.16.5 on python3-jupyter-server
1.23.3):

    labserver.py --app APP_DIR --port N [--root DIR] [--settings DIR]

APP_DIR holds static/, schemas/ and themes/. Prebuilt extensions load from the
Jupyter data path (labextensions/ under JUPYTER_DATA_DIR, JUPYTER_PATH, ...),
where `activis-kernel install` writes them. The server listens on 127.0.0.1
only, with no token, and logs its URL once it listens.
"""

import argparse
import json
import os
import sys

from jupyter_server.base.handlers import APIHandler
from jupyter_server.serverapp import ServerApp
from jupyterlab_server import LabServerApp
from tornado import web, websocket

HERE = os.path.dirname(os.path.abspath(__file__))

# Plugins that need the language-server protocol, which jupyter_server 1.x
# lacks (the application does not ship @jupyterlab/lsp-extension).
DISABLED = [
    "@jupyterlab/notebook-extension:language-server",
    "@jupyterlab/fileeditor-extension:language-server",
    "@jupyterlab/completer-extension:lsp",
    # No news pop-up over the notebook (it asks the network).
    "@jupyterlab/apputils-extension:announcements",
]


class MeHandler(APIHandler):
    """/api/me of jupyter_server 2, which JupyterLab 4 asks for."""

    @web.authenticated
    def get(self):
        self.finish(json.dumps({
            "identity": {"username": "test", "name": "Test", "display_name": "Test",
                         "initials": "T", "avatar_url": None, "color": None},
            "permissions": {},
        }))


class EventsSocket(websocket.WebSocketHandler):
    """/api/events/subscribe of jupyter_server 2: accepted, never sends."""

    def check_origin(self, origin):
        return True

    def on_message(self, message):
        pass


class ActivisLab(LabServerApp):
    name = "lab"
    app_name = "JupyterLab"
    app_version = "4.6"
    load_other_extensions = False
    templates_dir = os.path.join(HERE, "templates")

    def initialize_handlers(self):
        super().initialize_handlers()
        self.handlers.append(("/api/me", MeHandler))
        self.handlers.append(("/api/events/subscribe", EventsSocket))

    def initialize_settings(self):
        super().initialize_settings()
        settings = self.serverapp.web_app.settings
        settings["terminals_available"] = False
        settings.setdefault("page_config_data", {})["exposeAppInBrowser"] = True


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": ActivisLab}]


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--app", required=True, help="built application: static/, schemas/, themes/")
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--root", default=os.getcwd(), help="notebook directory")
    p.add_argument("--settings", default=None, help="user settings and workspaces directory")
    a = p.parse_args()
    app = os.path.abspath(a.app)
    settings = a.settings or os.path.join(a.root, ".lab-settings")
    ActivisLab.static_dir = os.path.join(app, "static")
    ActivisLab.schemas_dir = os.path.join(app, "schemas")
    ActivisLab.themes_dir = os.path.join(app, "themes")
    ActivisLab.app_settings_dir = os.path.join(settings, "app")
    ActivisLab.user_settings_dir = os.path.join(settings, "user")
    ActivisLab.workspaces_dir = os.path.join(settings, "workspaces")
    os.makedirs(ActivisLab.app_settings_dir, exist_ok=True)
    with open(os.path.join(ActivisLab.app_settings_dir, "page_config.json"), "w") as f:
        json.dump({"disabledExtensions": DISABLED}, f)
    argv = [
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={a.port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.open_browser=False",
        "--ServerApp.token=",
        "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True",
        f"--ServerApp.root_dir={os.path.abspath(a.root)}",
    ]
    if os.geteuid() == 0:
        argv.append("--ServerApp.allow_root=True")
    ActivisLab.launch_instance(argv=argv)


if __name__ == "__main__":
    main()
