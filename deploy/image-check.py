"""Checks a docker-archive image tar (what `docker save` and Jib's buildTar write) without a Docker engine.

Usage: image-check.py IMAGE.tar ROOTFS_DIR
Verifies manifest.json (one image, config, layers), the config (os/arch, entrypoint, user, rootfs.diff_ids) and that
every layer's uncompressed SHA-256 equals its diff_id; then unpacks the layers in order into ROOTFS_DIR (applying
whiteouts) and prints the run spec as shell-safe lines: USER=…, ENV=… (one per line), WORKDIR=…, ARGV=… (NUL-free,
JSON array) for the caller to run under chroot.
"""
import gzip
import hashlib
import json
import os
import shutil
import sys
import tarfile


def fail(message):
    print(f"image-check: {message}", file=sys.stderr)
    sys.exit(1)


def main():
    image, rootfs = sys.argv[1], sys.argv[2]
    with tarfile.open(image) as tar:
        names = set(tar.getnames())
        if "manifest.json" not in names:
            fail(f"{image}: no manifest.json (not a docker-archive)")
        manifest = json.load(tar.extractfile("manifest.json"))
        if not isinstance(manifest, list) or len(manifest) != 1:
            fail(f"{image}: manifest.json must describe exactly one image")
        entry = manifest[0]
        for key in ("Config", "RepoTags", "Layers"):
            if key not in entry:
                fail(f"{image}: manifest.json lacks {key}")
        config = json.load(tar.extractfile(entry["Config"]))
        if config.get("os") != "linux" or config.get("architecture") not in ("amd64", "arm64"):
            fail(f"{image}: os/architecture is {config.get('os')}/{config.get('architecture')}")
        run = config.get("config", {})
        argv = (run.get("Entrypoint") or []) + (run.get("Cmd") or [])
        if not argv:
            fail(f"{image}: no Entrypoint/Cmd")
        diff_ids = config.get("rootfs", {}).get("diff_ids", [])
        if len(diff_ids) != len(entry["Layers"]):
            fail(f"{image}: {len(entry['Layers'])} layers but {len(diff_ids)} diff_ids")
        if os.path.exists(rootfs):
            shutil.rmtree(rootfs)
        os.makedirs(rootfs)
        total = 0
        for layer_name, diff_id in zip(entry["Layers"], diff_ids):
            raw = tar.extractfile(layer_name).read()
            data = gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw
            digest = "sha256:" + hashlib.sha256(data).hexdigest()
            if digest != diff_id:
                fail(f"{image}: layer {layer_name} has {digest}, config says {diff_id}")
            total += len(data)
            apply_layer(data, rootfs)
        print(f"# {image}: {entry['RepoTags']} {len(diff_ids)} layers ({total // (1024 * 1024)} MiB), digests verified",
              file=sys.stderr)
    print("USER=" + (run.get("User") or "0:0"))
    print("WORKDIR=" + (run.get("WorkingDir") or "/"))
    for env in run.get("Env") or []:
        print("ENV=" + env)
    print("ARGV=" + json.dumps(argv))


def apply_layer(data, rootfs):
    import io
    with tarfile.open(fileobj=io.BytesIO(data)) as layer:
        members = []
        for member in layer.getmembers():
            path = os.path.normpath(member.name).lstrip("/")
            if path.startswith(".."):
                fail(f"layer entry escapes the root: {member.name}")
            base, name = os.path.split(path)
            if name == ".wh..wh..opq":
                target = os.path.join(rootfs, base)
                if os.path.isdir(target):
                    for child in os.listdir(target):
                        remove(os.path.join(target, child))
                continue
            if name.startswith(".wh."):
                remove(os.path.join(rootfs, base, name[4:]))
                continue
            member.name = path
            members.append(member)
        layer.extractall(rootfs, members=members, numeric_owner=True, filter="fully_trusted")


def remove(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path)
    elif os.path.lexists(path):
        os.remove(path)


if __name__ == "__main__":
    main()
