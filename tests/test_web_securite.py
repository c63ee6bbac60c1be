"""ateliers web is a server: Host check, CSRF, uploads, login, no traceback."""

from __future__ import annotations

import io
import os

import pytest

from ateliers.errors import InputError
from ateliers.web import create_app, security
from ateliers.web.server import read_password, run

from test_web import copy_example, page, post_form
from webcheck import HOST, csrf, fields, form

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"


# ---------------------------------------------------------------- Host header


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.nip.io:8765", "127.0.0.1:9999"])
def test_wrong_host_is_refused_dns_rebinding(client, host):
    r = client.get("/", headers={"Host": host})
    assert r.status_code == 421
    assert "adresse propre" in r.get_data(as_text=True)


@pytest.mark.parametrize("host", ["127.0.0.1:8765", "localhost:8765", "[::1]:8765"])
def test_local_host_names_are_answered(client, host):
    assert client.get("/", headers={"Host": host}).status_code == 200


def test_wrong_host_cannot_change_anything(client, space):
    html = page(client, "/")
    r = client.post("/nouveau", data={"_csrf": csrf(html), "territoire": "Intrus"}, headers={"Host": "evil.example"})
    assert r.status_code == 421
    assert not list(space.glob("atelier-*.yaml"))


# ---------------------------------------------------------------- CSRF


def test_post_without_csrf_token_is_refused_and_changes_nothing(client, space):
    path = copy_example(space)
    before = path.read_bytes()
    data = fields(form(page(client, "/atelier/haut-vallon"), "/atelier/haut-vallon"))
    data.pop("_csrf")
    data["lieu"] = ["Ailleurs"]
    r = client.post("/atelier/haut-vallon", data={k: v[0] for k, v in data.items()})
    assert r.status_code == 400
    assert "jeton de sécurité" in r.get_data(as_text=True)
    assert path.read_bytes() == before
    r = client.post("/nouveau", data={"territoire": "Sans jeton"})
    assert r.status_code == 400 and not (space / "atelier-sans-jeton.yaml").exists()


def test_csrf_token_of_another_session_is_refused(space):
    app = create_app(space)
    a, b = app.test_client(), app.test_client()
    for c in (a, b):
        c.environ_base["HTTP_HOST"] = HOST
    token_a = csrf(a.get("/").get_data(as_text=True))
    b.get("/")
    r = b.post("/nouveau", data={"_csrf": token_a, "territoire": "Volé"})
    assert r.status_code == 400
    assert not list(space.glob("atelier-*.yaml"))


@pytest.mark.parametrize("url", ["/nouveau", "/atelier/haut-vallon", "/atelier/haut-vallon/kit"])
def test_every_changing_route_checks_the_token(client, space, url):
    copy_example(space)
    client.get("/")
    assert client.post(url, data={"territoire": "x"}).status_code == 400


# ---------------------------------------------------------------- uploads


def test_logo_upload_is_saved_under_a_name_of_ours_whatever_the_browser_calls_it(client, space, tmp_path):
    copy_example(space)
    r = post_form(client, "/atelier/haut-vallon", files={"logo_fichier": (io.BytesIO(PNG), "../../../etc/passwd.svg")})
    assert r.status_code == 303, r.get_data(as_text=True)[:3000]
    assert (space / "logo-haut-vallon.png").read_bytes() == PNG  # type from the content: PNG
    assert not (tmp_path / "etc").exists() and not list(tmp_path.glob("*.svg"))
    assert 'logo: "logo-haut-vallon.png"' in (space / "atelier-haut-vallon.yaml").read_text(encoding="utf-8")


def test_logo_that_is_not_an_image_is_refused_from_its_content(client, space):
    path = copy_example(space)
    before = path.read_bytes()
    r = post_form(client, "/atelier/haut-vallon", files={"logo_fichier": (io.BytesIO(b"MZ\x90\x00 not an image"), "logo.png")})
    assert r.status_code == 422
    assert "n’est pas une image PNG, JPEG ou SVG" in r.get_data(as_text=True)
    assert path.read_bytes() == before
    assert not list(space.glob("logo-*"))


def test_oversized_logo_is_refused(client, space):
    copy_example(space)
    big = PNG + b"\x00" * (3 * 1024 * 1024)
    r = post_form(client, "/atelier/haut-vallon", files={"logo_fichier": (io.BytesIO(big), "logo.png")})
    assert r.status_code == 422
    assert "trop gros" in r.get_data(as_text=True)
    assert not list(space.glob("logo-*"))


def test_request_over_the_size_limit_is_refused_before_reading(client, space):
    copy_example(space)
    token = csrf(page(client, "/"))
    body = io.BytesIO(b"x" * (26 * 1024 * 1024))
    r = client.post("/atelier/haut-vallon", data={"_csrf": token, "logo_fichier": (body, "a.png")}, content_type="multipart/form-data")
    assert r.status_code == 413
    assert "Envoi trop gros" in r.get_data(as_text=True)


@pytest.mark.parametrize("path", ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd", "manifest.json/../../x"])
def test_kit_files_outside_the_kit_are_never_served(client, space, path):
    copy_example(space)
    assert client.get(f"/atelier/haut-vallon/kit/fichiers/{path}", follow_redirects=True).status_code == 404


@pytest.mark.parametrize("name", ["..", "../espace", "haut-vallon/../../x", "%2e%2e"])
def test_workshop_names_come_from_the_folder_listing(client, space, name):
    copy_example(space)
    assert client.get(f"/atelier/{name}").status_code == 404


def test_a_link_leading_out_of_the_workspace_is_not_followed(client, space, tmp_path):
    outside = tmp_path / "dehors.yaml"
    outside.write_text("territoire: Dehors\n", encoding="utf-8")
    (space / "atelier-lien.yaml").symlink_to(outside)
    assert client.get("/atelier/lien").status_code == 403


# ---------------------------------------------------------------- network sharing and login


def test_sharing_on_the_network_refuses_to_start_without_a_password(space):
    with pytest.raises(InputError, match="mot de passe"):
        run(space, host="0.0.0.0", port=8765, password=None, open_browser=False, echo=lambda *_: None)
    with pytest.raises(InputError, match="mot de passe"):
        create_app(space, any_host=True)


def test_password_file_is_read_and_short_passwords_refused(tmp_path):
    secret = tmp_path / "mdp.txt"
    secret.write_text("un mot de passe solide\n", encoding="utf-8")
    assert read_password(None, secret) == "un mot de passe solide"
    with pytest.raises(InputError, match="trop court"):
        read_password("court", None)
    with pytest.raises(InputError, match="ne peut pas être lu"):
        read_password(None, tmp_path / "absent.txt")


@pytest.fixture()
def shared(space):
    app = create_app(space, password="mot de passe du réseau", any_host=True)
    app.extensions["ateliers_login"].base_delay = 0.2
    c = app.test_client()
    c.environ_base["HTTP_HOST"] = "192.168.1.20:8765"
    yield app, c
    app.extensions["ateliers"].builds.shutdown()


def test_shared_app_needs_a_login_for_every_page(shared, space):
    app, c = shared
    copy_example(space)
    for url in ("/", "/atelier/haut-vallon", "/referentiel", "/atelier/haut-vallon/kit", "/atelier/haut-vallon/kit.zip"):
        r = c.get(url)
        assert r.status_code == 302 and r.headers["Location"].startswith("/connexion"), url
    assert c.get("/style.css").status_code == 200  # the login page needs it; nothing private in it


def test_login_sets_an_httponly_samesite_cookie_and_opens_the_pages(shared, monkeypatch):
    app, c = shared
    monkeypatch.setattr("ateliers.web.pages.auth.FAILED_LOGIN_PAUSE", 0)
    html = c.get("/connexion").get_data(as_text=True)
    r = c.post("/connexion", data={"_csrf": csrf(html), "mot_de_passe": "mot de passe du réseau", "suite": "/referentiel"})
    assert r.status_code == 302 and r.headers["Location"] == "/referentiel"
    cookie = r.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert c.get("/referentiel").status_code == 200


def test_login_never_redirects_elsewhere(shared):
    app, c = shared
    html = c.get("/connexion").get_data(as_text=True)
    r = c.post("/connexion", data={"_csrf": csrf(html), "mot_de_passe": "mot de passe du réseau", "suite": "//evil.example/x"})
    assert r.headers["Location"] == "/"


def test_failed_logins_are_slowed_down(shared, monkeypatch):
    import time

    app, c = shared
    monkeypatch.setattr("ateliers.web.pages.auth.FAILED_LOGIN_PAUSE", 0)
    token = csrf(c.get("/connexion").get_data(as_text=True))
    r = c.post("/connexion", data={"_csrf": token, "mot_de_passe": "faux"})
    assert r.status_code == 401 and "Mot de passe incorrect" in r.get_data(as_text=True)
    # At once again, even with the right password: wait first.
    r = c.post("/connexion", data={"_csrf": token, "mot_de_passe": "mot de passe du réseau"})
    assert r.status_code == 429 and "réessayez dans" in r.get_data(as_text=True)
    time.sleep(0.25)
    assert c.post("/connexion", data={"_csrf": token, "mot_de_passe": "faux"}).status_code == 401
    guard = app.extensions["ateliers_login"]
    assert guard.wait("127.0.0.1") > 0.2  # the second failure doubled the wait
    time.sleep(guard.wait("127.0.0.1") + 0.05)
    assert c.post("/connexion", data={"_csrf": token, "mot_de_passe": "mot de passe du réseau"}).status_code == 302


def test_login_guard_doubles_and_caps_the_wait():
    guard = security.LoginGuard(base_delay=1, max_delay=8)
    for _ in range(10):
        guard.failed("x")
    assert 7.5 < guard.wait("x") <= 8
    guard.succeeded("x")
    assert guard.wait("x") == 0


# ---------------------------------------------------------------- errors and headers


def test_the_browser_never_sees_a_traceback(space, monkeypatch, caplog):
    app = create_app(space)
    c = app.test_client()
    c.environ_base["HTTP_HOST"] = HOST

    def broken():
        raise RuntimeError("détail interne secret")

    monkeypatch.setattr(app.extensions["ateliers"], "referentiel", broken)
    r = c.get("/referentiel")
    body = r.get_data(as_text=True)
    assert r.status_code == 500
    assert "Erreur interne" in body and "Traceback" not in body and "secret" not in body
    assert "détail interne secret" in caplog.text  # in the server's log


def test_pages_send_protective_headers(client):
    r = client.get("/")
    policy = r.headers["Content-Security-Policy"]
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy and "script-src 'self'" in policy
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["X-Content-Type-Options"] == "nosniff"


def test_pages_load_nothing_from_outside(client, space):
    copy_example(space)
    import re

    for url in ("/", "/atelier/haut-vallon", "/referentiel", "/atelier/haut-vallon/kit"):
        html = page(client, url)
        for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert ref.startswith(("/", "#")), (url, ref)


# ---------------------------------------------------------------- the command


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ateliers_web_serves_the_folder_prints_its_address_and_stops_on_ctrl_c(space):
    import os
    import signal
    import subprocess
    import sys
    import urllib.request

    copy_example(space)
    port = _free_port()
    env = dict(os.environ, PYTHONIOENCODING="utf-8", PYTHONUNBUFFERED="1")
    process = subprocess.Popen(
        [sys.executable, "-m", "ateliers", "web", str(space), "--port", str(port), "--sans-navigateur"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
    )
    try:
        first = process.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in first, first
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as r:
            assert r.status == 200 and "Communauté de communes du Haut-Vallon" in r.read().decode()
        process.send_signal(signal.SIGINT)
        out, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, out
    assert "Arrêt du serveur" in out and "Traceback" not in out


def test_ateliers_web_takes_the_next_free_port(space):
    import socket

    from ateliers.web.server import run

    port = _free_port()
    seen = []
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", port))
        busy.listen()
        thread_error = []

        def stop_soon(text):
            seen.append(text)
            if "Ctrl-C" in text:
                raise KeyboardInterrupt  # as the user would, once the address is printed

        run(space, port=port, open_browser=False, echo=stop_soon)  # Ctrl-C is a clean stop
        assert not thread_error
    assert seen[-1] == "Arrêt du serveur…"
    assert f"http://127.0.0.1:{port + 1}/" in seen[0] or f":{port + 2}/" in seen[0], seen


def test_ateliers_web_on_the_network_without_password_does_not_start(space):
    from conftest import run_cli

    result = run_cli("web", str(space), "--hote", "0.0.0.0", "--sans-navigateur")
    assert result.returncode == 2
    assert "mot de passe" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- paths confined to the workspace


@pytest.mark.parametrize("logo", ["{outside}/prive.png", "../hors/prive.png", "..\\hors\\prive.png", "lien/prive.png", "file:///{outside}/prive.png"])
def test_logo_path_outside_the_workspace_is_refused(client, space, tmp_path, logo):
    outside = tmp_path / "hors"
    outside.mkdir()
    (outside / "prive.png").write_bytes(PNG)
    (space / "lien").symlink_to(outside)  # a link inside the workspace that leaves it
    path = copy_example(space)
    before = path.read_bytes()
    r = post_form(client, "/atelier/haut-vallon", {"logo": logo.format(outside=outside)})
    assert r.status_code == 422
    assert "image de l’espace de travail" in r.get_data(as_text=True)
    assert path.read_bytes() == before  # nothing saved


def test_logo_chosen_among_the_workspace_images(client, space):
    copy_example(space)
    (space / "blason.png").write_bytes(PNG)
    html = page(client, "/atelier/haut-vallon")
    assert '<option value="blason.png"' in html
    r = post_form(client, "/atelier/haut-vallon", {"logo": "blason.png"})
    assert r.status_code == 303, r.get_data(as_text=True)[:2000]
    assert 'logo: "blason.png"' in (space / "atelier-haut-vallon.yaml").read_text(encoding="utf-8")


def test_kit_refused_when_the_workshop_file_names_a_logo_outside(client, space, tmp_path):
    outside = tmp_path / "hors"
    outside.mkdir()
    (outside / "prive.png").write_bytes(PNG)
    path = copy_example(space)
    path.write_text(path.read_text(encoding="utf-8") + f"logo: {outside / 'prive.png'}\n", encoding="utf-8")
    html = page(client, "/atelier/haut-vallon/kit")
    r = client.post("/atelier/haut-vallon/kit", data={"_csrf": csrf(html)})
    assert r.status_code == 422
    assert "image de l’espace de travail" in r.get_data(as_text=True)
    assert app_builds(client) is None


def app_builds(client):
    return client.application.extensions["ateliers"].builds.get("kit:haut-vallon")


# ---------------------------------------------------------------- a workspace that refuses writes


@pytest.fixture(params=[(30, "lecture seule"), (13, "dossier protégé"), (28, "plein")], ids=["EROFS", "EACCES", "ENOSPC"])
def refusing_disk(request, monkeypatch, space):
    """Every write into the workspace fails as on a read-only, protected or full disk."""
    import pathlib
    import tempfile

    code, words = request.param
    real_mkstemp, real_mkdir = tempfile.mkstemp, pathlib.Path.mkdir

    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and str(dir).startswith(str(space)):
            raise OSError(code, os.strerror(code))
        return real_mkstemp(*args, dir=dir, **kwargs)

    def mkdir(self, *args, **kwargs):
        if str(self).startswith(str(space)) and not self.exists():
            raise OSError(code, os.strerror(code))
        return real_mkdir(self, *args, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
    monkeypatch.setattr(pathlib.Path, "mkdir", mkdir)
    return words


def _french_only(html: str) -> None:
    for english in ("Read-only", "Permission denied", "No space left", "file system", "Errno", "--sortie", "--"):
        assert english not in html, english


def test_saving_the_workshop_on_a_refusing_disk(client, space, refusing_disk):
    path = copy_example(space)
    before = path.read_bytes()
    r = post_form(client, "/atelier/haut-vallon", {"lieu": "Salle des fêtes"})
    html = r.get_data(as_text=True)
    assert r.status_code == 503
    assert refusing_disk in html and "rien n’a été modifié" in html
    assert "Enregistrement impossible" in html and "erreur à corriger" not in html
    assert "Salle des fêtes" in html  # what was typed is still in the form
    _french_only(text_of(html))
    assert path.read_bytes() == before


def test_uploading_results_on_a_refusing_disk(client, space, refusing_disk):
    copy_example(space)
    data = "N°;Compétence;Qui la détient sur notre territoire ?;Type d'acteur;Contact;Statut;Commentaire\r\nC1-01;;Mairie;;;détenue;\r\n"
    html = page(client, "/atelier/haut-vallon/resultats")
    r = client.post("/atelier/haut-vallon/resultats/fiches", data={"_csrf": csrf(html), "fiches": (io.BytesIO(data.encode()), "groupe.csv")}, content_type="multipart/form-data")
    body = r.get_data(as_text=True)
    assert r.status_code == 503, body[:2000]
    assert refusing_disk in body
    _french_only(text_of(body))
    assert not (space / "resultats").exists()


def text_of(html: str) -> str:
    from webcheck import text

    return text(html)


def test_absurd_sheet_refused_at_upload_by_its_name(client, space, tmp_path):
    import sys

    sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
    from hostile_files import build

    copy_example(space)
    hostile = {p.name: p for p in build(tmp_path)}
    html = page(client, "/atelier/haut-vallon/resultats")
    data = hostile["gridspan.docx"].read_bytes()
    r = client.post("/atelier/haut-vallon/resultats/fiches", data={"_csrf": csrf(html), "fiches": (io.BytesIO(data), "groupe-3.docx")}, content_type="multipart/form-data")
    body = text_of(r.get_data(as_text=True))
    assert r.status_code == 422
    assert "nombre absurde" in body, body[-3000:]
    assert "« groupe-3.docx »" in body.replace("\u00a0", " ").replace("\u202f", " ")
    assert not list((space / "resultats").rglob("fiche-*"))
