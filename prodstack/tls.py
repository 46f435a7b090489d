"""A local certificate authority, made at the first start, and the proxy's certificate signed by it.

Browsers and test clients trust `ca.crt` (CA_FILE in urls.env); the proxy
serves `proxy.pem` (certificate and key). A city uses its own certificate
instead (TLS_CERT_FILE).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from devstack.process import StackError
from prodstack import layout

CA_CERT = layout.TLS_DIR / "ca.crt"
PROXY_PEM = layout.TLS_DIR / "proxy.pem"
_EC = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes"]


def _openssl(*args: str, cwd: Path) -> None:
    result = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        raise StackError(f"openssl {args[0]} failed: {result.stderr.strip()}")


def ensure() -> Path:
    """Make the CA and the proxy certificate unless they exist; returns the CA certificate's path."""
    tls = layout.TLS_DIR
    if CA_CERT.exists() and PROXY_PEM.exists():
        return CA_CERT
    tls.mkdir(parents=True, exist_ok=True)
    tls.chmod(0o700)
    _openssl("req", "-x509", *_EC, "-keyout", "ca.key", "-out", "ca.crt", "-days", "3650",
             "-subj", "/O=Portail Famille (production-like run)/CN=Portail Famille local CA",
             "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
             cwd=tls)
    _openssl("req", *_EC, "-keyout", "proxy.key", "-out", "proxy.csr", "-subj", f"/CN={layout.PUBLIC_HOST}", cwd=tls)
    (tls / "proxy.ext").write_text(
        f"subjectAltName=DNS:{layout.PUBLIC_HOST},IP:{layout.HOST}\n"
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
    )
    _openssl("x509", "-req", "-in", "proxy.csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
             "-out", "proxy.crt", "-days", "397", "-extfile", "proxy.ext", cwd=tls)
    PROXY_PEM.write_bytes((tls / "proxy.crt").read_bytes() + (tls / "proxy.key").read_bytes())
    PROXY_PEM.chmod(0o600)
    return CA_CERT
