"""Writes a directory as a one-layer image in docker-archive format (the format of `docker save`).

Usage: docker_archive.py ROOTFS OUT.tar REPO:TAG
Ownership and modes are set here, not taken from the build machine: everything root:root, except the
directories the services write to (uid/gid 10001). Timestamps are fixed so the same input gives the same layer.
"""
import hashlib
import io
import json
import os
import sys
import tarfile

SERVICE_UID = 10001
SERVICE_OWNED = ("var/lib/tailtalos", "var/lib/tailtalos/data", "var/lib/tailtalos/seal", "home/tailtalos")
EPOCH = 0


def layer_bytes(rootfs):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for dirpath, dirnames, filenames in os.walk(rootfs):
            dirnames.sort()
            for name in sorted(dirnames) + sorted(filenames):
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, rootfs)
                info = tar.gettarinfo(full, arcname=rel)
                info.uid = info.gid = 0
                info.uname = info.gname = "root"
                info.mtime = EPOCH
                if rel in SERVICE_OWNED:
                    info.uid = info.gid = SERVICE_UID
                    info.uname = info.gname = "tailtalos"
                    info.mode = 0o700
                if rel == "tmp":
                    info.mode = 0o1777
                if info.isfile():
                    with open(full, "rb") as f:
                        tar.addfile(info, f)
                else:
                    tar.addfile(info)
    return buf.getvalue()


def main():
    rootfs, out, tag = sys.argv[1], sys.argv[2], sys.argv[3]
    layer = layer_bytes(rootfs)
    diff_id = "sha256:" + hashlib.sha256(layer).hexdigest()
    config = {
        "architecture": "amd64",
        "os": "linux",
        "config": {
            "Env": ["PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "JAVA_HOME=/opt/java/openjdk", "LANG=C.UTF-8"],
            "User": "10001:10001",
            "WorkingDir": "/home/tailtalos",
        },
        "rootfs": {"type": "layers", "diff_ids": [diff_id]},
        "history": [{"created": "1970-01-01T00:00:00Z", "created_by": "deploy/base-image/build.sh"}],
        "created": "1970-01-01T00:00:00Z",
    }
    config_bytes = json.dumps(config, sort_keys=True).encode()
    config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
    layer_name = diff_id.split(":")[1] + "/layer.tar"
    manifest = [{"Config": config_name, "RepoTags": [tag], "Layers": [layer_name]}]
    repositories = {tag.split(":")[0]: {tag.split(":")[1]: diff_id.split(":")[1]}}
    tmp = out + ".tmp"
    with tarfile.open(tmp, mode="w") as tar:
        for name, data in ((config_name, config_bytes), (layer_name, layer),
                           ("manifest.json", json.dumps(manifest).encode()),
                           ("repositories", json.dumps(repositories).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mtime = EPOCH
            tar.addfile(info, io.BytesIO(data))
    os.replace(tmp, out)


if __name__ == "__main__":
    main()
