"""The bundled demo portal: static sites per CMS family, built from the fixture reports, plus a tiny server.

    from scrapers.demo_portal import build, serve
    root = build(tmp_dir)                  # deterministic; writes expected.json next to the sites
    with serve(root) as base_url: ...      # http://127.0.0.1:<ephemeral port>

`python -m scrapers.demo_portal --port 8000` builds into a temp dir and serves it by hand.
"""

from scrapers.demo_portal.build import build, expected
from scrapers.demo_portal.server import DemoServer, serve

__all__ = ["DemoServer", "build", "expected", "serve"]
