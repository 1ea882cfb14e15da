"""The build's package fetches (mk/fetch-source.sh, mk/fetch-deb.sh) take
the newest version that really downloads.  Each test builds a small apt
repository of its own (dpkg-source, dpkg-deb, dpkg-scansources,
dpkg-scanpackages), serves it over HTTP on 127.0.0.1 and points the
scripts at it with XC_APT_SOURCES; apt itself does every download and
every hash check.  The newest version's files are missing (a real 404)
or corrupt (a hash mismatch): the fetch must fall back to the next
version, newest first by dpkg's ordering (1:0.5 > 2.0 > 2.0~rc1: an
epoch outranks the rest, which sort -V does not know), and say so in one
line; with nothing
downloadable it must fail with one clear line."""
import email.utils
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FETCH_SOURCE = os.path.join(ROOT, "mk", "fetch-source.sh")
FETCH_DEB = os.path.join(ROOT, "mk", "fetch-deb.sh")
PKG = "xcfetch"
VERSIONS = ("1.0", "2.0~rc1", "2.0", "1:0.5")     # dpkg order, oldest first
NEWEST = VERSIONS[-1]
CHANGELOG = """%s (%s) unstable; urgency=low

  * Test package.

 -- Test <test@example.invalid>  Mon, 01 Jan 2024 00:00:00 +0000
"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


class Repository:
    """A flat apt repository (deb and deb-src) in @top/repo, served on
    127.0.0.1 while the object lives."""

    def __init__(self, top):
        self.dir = os.path.join(top, "repo")
        self.pool = os.path.join(self.dir, "pool")
        os.makedirs(self.pool)
        self.generation = 0
        self.port = _free_port()
        self.server = subprocess.Popen(
            ["python3", "-m", "http.server", "--bind", "127.0.0.1",
             "--directory", self.dir, str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.sources_list = os.path.join(top, "sources.list")
        with open(self.sources_list, "w") as f:
            for kind in ("deb", "deb-src"):
                f.write("%s [trusted=yes] http://127.0.0.1:%d/ ./\n"
                        % (kind, self.port))
        self._wait_until_serving()

    def _wait_until_serving(self):
        url = "http://127.0.0.1:%d/" % self.port
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the test repository's HTTP server did not start")

    def close(self):
        self.server.terminate()
        self.server.wait()

    def add_source(self, name, version):
        """A native source package whose file 'version' says @version."""
        tree = os.path.join(self.pool, "%s-%s" % (name, version))
        os.makedirs(os.path.join(tree, "debian", "source"))
        files = {
            "version": version + "\n",
            "debian/source/format": "3.0 (native)\n",
            "debian/changelog": CHANGELOG % (name, version),
            "debian/control": "Source: %s\nMaintainer: Test "
            "<test@example.invalid>\n\nPackage: %s\nArchitecture: all\n"
            "Description: test\n test\n" % (name, name),
        }
        for path, text in files.items():
            with open(os.path.join(tree, path), "w") as f:
                f.write(text)
        subprocess.run(["dpkg-source", "-b", os.path.basename(tree)],
                       cwd=self.pool, check=True, capture_output=True)
        shutil.rmtree(tree)

    def add_binary(self, name, version, source=None, depends=None):
        """A binary package holding usr/share/xcfetch/NAME (@version)."""
        tree = os.path.join(self.pool, "tree")
        os.makedirs(os.path.join(tree, "DEBIAN"))
        os.makedirs(os.path.join(tree, "usr", "share", PKG))
        with open(os.path.join(tree, "usr", "share", PKG, name), "w") as f:
            f.write(version + "\n")
        control = ["Package: " + name, "Version: " + version,
                   "Architecture: all", "Maintainer: Test "
                   "<test@example.invalid>", "Description: test"]
        if source:
            control.append("Source: %s (%s)" % (source, version))
        if depends:
            control.append("Depends: " + depends)
        with open(os.path.join(tree, "DEBIAN", "control"), "w") as f:
            f.write("\n".join(control) + "\n")
        deb = os.path.join(self.pool, "%s_%s_all.deb"
                           % (name, version.split(":")[-1]))
        subprocess.run(["dpkg-deb", "--build", tree, deb], check=True,
                       capture_output=True)
        shutil.rmtree(tree)

    def files_of(self, name, version):
        """The pool files of package @name at @version (epoch-less)."""
        stem = "%s_%s" % (name, version.split(":")[-1])
        return [os.path.join(self.pool, n) for n in os.listdir(self.pool)
                if n.startswith(stem + ".") or n.startswith(stem + "_")]

    def remove(self, name, version):
        for path in self.files_of(name, version):
            os.unlink(path)

    def corrupt(self, name, version):
        """Same size, other bytes: only the indexed hash tells."""
        for path in self.files_of(name, version):
            size = os.path.getsize(path)
            with open(path, "wb") as f:
                f.write(b"\x5a" * size)

    def publish(self):
        """Indexes of what the pool holds now, and a Release over them."""
        for index, tool in (("Sources", "dpkg-scansources"),
                            ("Packages", "dpkg-scanpackages")):
            args = [tool] + (["--multiversion"] if tool ==
                             "dpkg-scanpackages" else []) + ["pool"]
            out = subprocess.run(args, cwd=self.dir, check=True,
                                 capture_output=True, text=True).stdout
            with open(os.path.join(self.dir, index), "w") as f:
                f.write(out)
        lines = ["Origin: xc-test", "Label: xc-test", "Suite: test",
                 "Codename: test", "Date: " + email.utils.formatdate(
                     usegmt=True), "Architectures: all", "SHA256:"]
        for index in ("Sources", "Packages"):
            path = os.path.join(self.dir, index)
            lines.append(" %s %d %s" % (_sha256(path), os.path.getsize(path),
                                        index))
        with open(os.path.join(self.dir, "Release"), "w") as f:
            f.write("\n".join(lines) + "\n")
        # http.server answers If-Modified-Since by whole seconds: each
        # generation of the indexes is dated a minute after the last.
        self.generation += 1
        stamp = time.time() + 60 * self.generation
        for index in ("Sources", "Packages", "Release"):
            os.utime(os.path.join(self.dir, index), (stamp, stamp))


class FetchFallback(unittest.TestCase):
    def setUp(self):
        self.top = tempfile.mkdtemp(prefix="xc-fetch-")
        self.repo = Repository(self.top)
        self.versions_file = os.path.join(self.top, "versions.txt")

    def tearDown(self):
        self.repo.close()
        shutil.rmtree(self.top)

    def fetch(self, script, *args):
        env = dict(os.environ, XC_APT_SOURCES=self.repo.sources_list,
                   XC_APT_DIR=os.path.join(self.top, "apt"),
                   XC_VERSIONS=self.versions_file)
        return subprocess.run([script] + list(args), env=env,
                              capture_output=True, text=True, timeout=120)

    def dest(self, name):
        return os.path.join(self.top, "out", name)

    def read(self, *path):
        with open(os.path.join(*path)) as f:
            return f.read().strip()

    def recorded(self):
        with open(self.versions_file) as f:
            return [line.split() for line in f]

    def assert_fell_back(self, run, pkg, used, skipped):
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertIn("fetch: %s: using %s; not downloadable: %s\n"
                      % (pkg, used, skipped), run.stdout)

    def publish_sources(self):
        for v in VERSIONS:
            self.repo.add_source(PKG, v)

    # --- source packages --------------------------------------------------

    def test_source_newest_missing(self):
        self.publish_sources()
        self.repo.publish()
        self.repo.remove(PKG, NEWEST)
        run = self.fetch(FETCH_SOURCE, PKG, self.dest("src"))
        self.assert_fell_back(run, PKG, "2.0", NEWEST)
        self.assertEqual(self.read(self.dest("src"), "version"), "2.0")
        self.assertTrue(os.path.exists(self.dest("src") + "/.unpacked"))
        self.assertIn(["source", PKG, "2.0"], self.recorded())

    def test_source_newest_corrupt(self):
        self.publish_sources()
        self.repo.publish()
        self.repo.corrupt(PKG, NEWEST)
        run = self.fetch(FETCH_SOURCE, PKG, self.dest("src"))
        self.assert_fell_back(run, PKG, "2.0", NEWEST)
        self.assertEqual(self.read(self.dest("src"), "version"), "2.0")

    def test_source_nothing_downloadable(self):
        self.publish_sources()
        self.repo.publish()
        for v in VERSIONS:
            self.repo.remove(PKG, v)
        run = self.fetch(FETCH_SOURCE, PKG, self.dest("src"))
        self.assertNotEqual(run.returncode, 0)
        errors = run.stderr.splitlines()
        self.assertEqual(len(errors), 1, run.stderr)
        self.assertTrue(errors[0].startswith(
            "fetch: %s: no version could be downloaded (tried 1:0.5 2.0 "
            "2.0~rc1 1.0; see " % PKG), errors[0])
        self.assertFalse(os.path.exists(self.dest("src")))

    def test_stale_lists_are_refreshed_before_falling_back(self):
        """Lists read when only 1.0 existed; the archive then replaced it
        with 2.0: the 1.0 the old lists name is gone, so the fetch
        refreshes them and takes 2.0."""
        self.repo.add_source(PKG, "1.0")
        self.repo.publish()
        run = self.fetch(FETCH_SOURCE, PKG, self.dest("old"))
        self.assertEqual(run.returncode, 0, run.stderr)
        self.assertNotIn("fetch:", run.stdout)
        self.repo.remove(PKG, "1.0")
        self.repo.add_source(PKG, "2.0")
        self.repo.publish()
        run = self.fetch(FETCH_SOURCE, PKG, self.dest("new"))
        self.assert_fell_back(run, PKG, "2.0", "1.0")
        self.assertEqual(self.read(self.dest("new"), "version"), "2.0")
        self.assertIn(["source", PKG, "2.0"], self.recorded())

    # --- binary packages --------------------------------------------------

    def test_binary_newest_missing_then_corrupt(self):
        for v in VERSIONS:
            self.repo.add_binary(PKG, v)
        self.repo.publish()
        self.repo.remove(PKG, NEWEST)
        self.repo.corrupt(PKG, "2.0")
        run = self.fetch(FETCH_DEB, self.dest("deb"), PKG)
        self.assert_fell_back(run, PKG, "2.0~rc1", NEWEST + " 2.0")
        self.assertEqual(self.read(self.dest("deb"), "usr/share", PKG, PKG),
                         "2.0~rc1")
        self.assertIn(["binary", PKG, "2.0~rc1"], self.recorded())

    def test_binary_nothing_downloadable(self):
        for v in VERSIONS:
            self.repo.add_binary(PKG, v)
        self.repo.publish()
        for v in VERSIONS:
            self.repo.corrupt(PKG, v)
        run = self.fetch(FETCH_DEB, self.dest("deb"), PKG)
        self.assertNotEqual(run.returncode, 0)
        self.assertEqual(len(run.stderr.splitlines()), 1, run.stderr)
        self.assertIn("fetch: %s: no version could be downloaded" % PKG,
                      run.stderr)

    def test_packages_of_one_source_fall_back_together(self):
        """Like xen-hypervisor and xen-utils: when the second package's
        newest file is missing, the first falls back with it."""
        for v in ("1.0", "2.0"):
            for name in ("xcfetch-hv", "xcfetch-utils"):
                self.repo.add_binary(name, v, source=PKG)
        self.repo.publish()
        self.repo.remove("xcfetch-utils", "2.0")
        run = self.fetch(FETCH_DEB, self.dest("deb"), "xcfetch-hv",
                         "xcfetch-utils")
        self.assert_fell_back(run, "xcfetch-hv", "1.0", "2.0")
        for name in ("xcfetch-hv", "xcfetch-utils"):
            self.assertEqual(self.read(self.dest("deb"), "usr/share", PKG,
                                       name), "1.0")
            self.assertIn(["binary", name, "1.0"], self.recorded())

    def test_meta_package_falls_back_with_its_image(self):
        """Like linux-image-amd64 and the linux-image-6.1.0-N-amd64 its
        version depends on."""
        for v in ("1", "2"):
            image = "xcfetch-image-%s" % v
            self.repo.add_binary(image, v)
            self.repo.add_binary("xcfetch-meta", v,
                                 depends="%s (= %s)" % (image, v))
        self.repo.publish()
        self.repo.remove("xcfetch-image-2", "2")
        run = self.fetch(FETCH_DEB, "-d", "-m", "xcfetch-image-",
                         self.dest("debs"), "xcfetch-meta")
        self.assert_fell_back(run, "xcfetch-meta", "1", "2")
        self.assertEqual(sorted(os.listdir(self.dest("debs"))),
                         ["xcfetch-image-1_1_all.deb",
                          "xcfetch-meta_1_all.deb"])
        self.assertIn(["binary", "xcfetch-image-1", "1"], self.recorded())
        self.assertIn(["binary", "xcfetch-meta", "1"], self.recorded())


if __name__ == "__main__":
    unittest.main()
