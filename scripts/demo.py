#!/usr/bin/env python3
"""The desk-area network demo: pegasusd sets up camera and audio connections, PNGs, a summary.

Step 1 starts `pegasus sim --net` (pegasus-net with soc0 running pegasusd, the connection
manager, on the 8-port workstation network: camera0, display0, audio0, camera1, audio1;
soc0's UART on TCP) and drives it with the `pegasus` tool over TCP exactly as a user
would: `version`, `devices`, `connect camera0 display0`, `connect camera1 display0`,
`connect audio0 audio1`, `stats`, `window move`. pegasusd draws a border around each
window. The network writes a PNG of display0's screen after every frame drawn (named
by window and frame) and audio1's playout as a WAV file, and ends by itself once
`--max-cycles` have passed with no tool connected; its summary (frames, cells, drops,
what audio1 played against the tone's reference, each camera's pixel-to-framebuffer
latency) comes from pegasus-net. Step 2 measures the latency again in a C++-routed
pegasus-net run of a whole 320x240 capture, for comparison with a frame time.

Why a Python script rather than a shell recipe in the Makefile: the demo has to find the
address the simulator prints, poll counters until frames flow, keep going when the
simulator ends on its own, parse two summaries, and fail with a message a person can act
on; in make/sh that is fragile quoting and no timeouts. The script only runs the
project's binaries and reads what they print; every figure it shows is theirs.

Usage: demo.py --build build/cmake [--out build/demo] [--frames 4]
Exit status 0 when every step did what it says; otherwise a message and 1.
"""
import argparse
import os
import re
import signal
import subprocess
import sys
import time

CAMERA_FRAME_CYCLES = 80840  # camera_top's own pattern: a 320x240 frame with its blanking


class DemoError(Exception):
    """A step failed; the message says which and why."""


def say(text):
    print(text, flush=True)


def binaries(build):
    paths = {
        "pegasus": os.path.join(build, "host", "pegasus", "pegasus"),
        "pegasus-net": os.path.join(build, "sim_cpp", "net", "pegasus-net"),
        "pegasusd": os.path.join(build, "firmware", "pegasusd", "pegasusd.elf"),
    }
    for name, path in paths.items():
        if not os.path.isfile(path):
            raise DemoError(f"{name} is not built: {path} is missing "
                            f"(build it: cmake --build {build} --target {name})")
    return paths


class Tool:
    """The pegasus tool against one TCP address."""

    def __init__(self, pegasus, address):
        self.pegasus = pegasus
        self.address = address

    def run(self, *args, check=True):
        cmd = [self.pegasus, "--quiet-console", "--timeout=20000", f"--tcp={self.address}",
               *args]
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if check and run.returncode != 0:
            raise DemoError(f"`pegasus {' '.join(args)}` failed with exit status "
                            f"{run.returncode}: {run.stderr.strip()}")
        return run

    def stats(self, device):
        out = self.run("stats", device).stdout
        return {line.split()[0].split(".", 1)[1]: int(line.split()[1])
                for line in out.splitlines() if line.strip()}


def number(pattern, text, what, group=1):
    m = re.search(pattern, text, re.M)
    if m is None:
        raise DemoError(f"pegasus-net's output has no {what} (looked for /{pattern}/)")
    return m.group(group)


def counters_from_summary(text):
    """Frames, cells and drops from a pegasus-net summary."""
    frames = number(r"^  frames: captured (\d+), drawn (\d+)", text, "frames line", 0)
    captured, drawn = (int(x) for x in re.findall(r"\d+", frames)[:2])
    pngs = int(number(r"PNGs written (\d+)", text, "PNG count"))
    ports = re.findall(r"port (\d+): in (\d+) out (\d+) drops (\d+)", text)
    if not ports:
        raise DemoError("pegasus-net's summary has no switch port counters")
    switch_in = sum(int(p[1]) for p in ports)
    switch_drops = sum(int(p[3]) for p in ports)
    band_drops = sum(int(x) for x in re.findall(r"band drops (\d+)", text))
    reasm = re.findall(r"^  display0: .*drops CRC (\d+), length (\d+), timeout (\d+), "
                       r"buffer (\d+), no VC (\d+)", text, re.M)
    display_drops = sum(int(x) for x in reasm[0]) if reasm else 0
    hec_discards = sum(int(x) for x in re.findall(r"HEC discarded (\d+)", text))
    return {"captured": captured, "drawn": drawn, "pngs": pngs, "switch_in": switch_in,
            "switch_drops": switch_drops, "band_drops": band_drops,
            "display_drops": display_drops, "hec_discards": hec_discards}


def managed_network(paths, out_dir, frames, max_cycles, log):
    """Step 1: pegasusd on the network, driven by the pegasus tool over TCP."""
    png_dir = os.path.join(out_dir, "managed")
    os.makedirs(png_dir, exist_ok=True)
    for name in os.listdir(png_dir):
        if name.endswith(".png"):
            os.remove(os.path.join(png_dir, name))
    wav = os.path.join(out_dir, "audio1.wav")
    cmd = [paths["pegasus"], "sim", "--net", f"--firmware={paths['pegasusd']}", f"--log={log}",
           "--", f"--out={png_dir}", f"--max-cycles={max_cycles}", f"--audio={wav}"]
    say(f"   $ pegasus sim --net -- --out={png_dir} --max-cycles={max_cycles} --audio={wav}")
    sim = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           start_new_session=True)
    try:
        address = sim.stdout.readline().strip()
        if not re.fullmatch(r"[\d.]+:\d+", address):
            sim.wait(timeout=60)
            raise DemoError(f"pegasus sim --net did not start (exit status {sim.returncode}): "
                            f"{sim.stderr.read().strip()}")
        say(f"   network up, soc0's UART on {address}")
        tool = Tool(paths["pegasus"], address)
        say("   $ pegasus version: " + tool.run("version").stdout.strip().splitlines()[-1])
        devices = [line.split()[2] for line in tool.run("devices").stdout.splitlines()[1:]
                   if len(line.split()) >= 3]
        say(f"   $ pegasus devices: {', '.join(devices)}")
        for needed in ("soc0", "sw0", "camera0", "display0", "camera1", "audio0", "audio1"):
            if needed not in devices:
                raise DemoError(f"pegasusd does not list {needed} (devices: {devices})")
        connect = tool.run("connect", "camera0", "display0", "--at", "16,16",
                           "--size", "160x120").stdout.strip()
        say(f"   $ pegasus connect camera0 display0 --at 16,16 --size 160x120: {connect}")
        m = re.match(r"connection (\d+):", connect)
        if m is None:
            raise DemoError(f"pegasus connect printed no connection id: {connect!r}")
        cid = m.group(1)
        second = tool.run("connect", "camera1", "display0", "--at", "200,24",
                          "--size", "96x64").stdout.strip()
        say(f"   $ pegasus connect camera1 display0 --at 200,24 --size 96x64: {second}")
        if re.match(r"connection \d+: camera1 -> display0 window", second) is None:
            raise DemoError(f"pegasus connect camera1 display0 printed {second!r}")
        audio = tool.run("connect", "audio0", "audio1").stdout.strip()
        say(f"   $ pegasus connect audio0 audio1: {audio}")
        if re.match(r"connection \d+: audio0 -> audio1 \(audio\)$", audio) is None:
            raise DemoError(f"pegasus connect audio0 audio1 printed {audio!r}")
        # audio0 sends its tone from boot: sw0 dropped its cells (no VC) until now.
        audio_dropped = tool.stats("audio0")["drops"]
        def while_up(*args):
            """The tool's stdout, or None once the network has reached --max-cycles."""
            run = tool.run(*args, check=False)
            if run.returncode == 0:
                return run.stdout
            try:
                sim.wait(timeout=10)  # the tool could not connect: has the network ended?
            except subprocess.TimeoutExpired:
                raise DemoError(f"`pegasus {' '.join(args)}` failed with exit status "
                                f"{run.returncode}: {run.stderr.strip()}") from None
            return None

        start = tool.stats("camera0")["frame_syncs"]
        moved = ended = window_moved = False
        deadline = time.monotonic() + 300
        while not ended:
            if time.monotonic() > deadline:
                raise DemoError(f"camera0 sent fewer than {frames} frame syncs in 300 s")
            out = while_up("stats", "camera0")
            if out is None:
                ended = True
                break
            syncs = int(number(r"^camera0\.frame_syncs (\d+)", out, "frame_syncs"))
            if syncs - start >= frames // 2 and not moved:
                line = while_up("window", "move", cid, "144,104")
                window_moved = line is not None
                if window_moved:
                    say(f"   camera0 streaming ({syncs - start} frame syncs); "
                        f"$ pegasus window move {cid} 144,104: {line.strip()}")
                moved = True
            if syncs - start >= frames:
                out = while_up("stats", "sw0")
                if out is not None:
                    sw = {l.split()[0]: int(l.split()[1]) for l in out.splitlines() if l.strip()}
                    say(f"   {syncs - start} frame syncs since the connect; sw0 port 1 (camera0) "
                        f"in {sw['sw0.port1.in']}, port 2 (display0) out {sw['sw0.port2.out']}, "
                        f"drops {sw['sw0.port1.drops'] + sw['sw0.port2.drops']}")
                break
            time.sleep(0.2)
        if ended:
            say("   the network reached --max-cycles while the tool was still polling "
                "(a loaded machine); its summary says how far camera0 got")
        else:
            say("   tool done; the network runs on to --max-cycles and prints its summary")
        sim.wait(timeout=600)
    finally:
        if sim.poll() is None:  # pegasus sim and pegasus-net are one process group
            os.killpg(sim.pid, signal.SIGTERM)
            sim.wait()
    with open(log, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if "pegasusd: serving HCP" not in text:
        raise DemoError(f"pegasusd never said it was serving HCP; console in {log}")
    if "\nsummary:" not in text:
        raise DemoError(f"pegasus-net printed no summary (exit status {sim.returncode}); "
                        f"see {log}")
    # pegasusd serves forever, so the run ends at --max-cycles: "still running" is the
    # expected ending and pegasus-net's exit status 1 says only that.
    if "summary: firmware still running" not in text:
        raise DemoError(f"the firmware ended unexpectedly; see {log}")
    c = counters_from_summary(text)
    # Drops of audio0's cells before `pegasus connect audio0 audio1`, as pegasusd counted
    # them right after; the rest, if any, count as drops.
    port3 = re.search(r"port 3: in \d+ out \d+ drops (\d+)", text)
    before = min(int(port3.group(1)), audio_dropped) if port3 else 0
    c["switch_drops"] -= before
    c["audio_unrouted"] = before
    c.update(audio_figures(text))
    c["wav"] = wav
    c["cycles"] = int(number(r"still running at cycle (\d+)", text, "cycle count"))
    c["mgmt"] = int(number(r"management bus soc0->sw0: (\d+) accesses", text,
                           "management bus line"))
    c["window_moved"] = window_moved
    c["png_dir"] = png_dir
    c["latency"] = managed_latency(text)
    return c, text


def managed_latency(text):
    """{camera: (tile PDUs, newest mean us, newest max us)} from a --soc summary."""
    found = {}
    for m in re.finditer(r"latency, pixel into (camera\d) -> in display0's framebuffer "
                         r"\((\d+) tile PDUs\):\n\s+newest pixel of a PDU: min \d+, mean \d+, "
                         r"max \d+ cycles \(([\d.]+) / ([\d.]+) / ([\d.]+) us\)", text):
        found[m.group(1)] = (int(m.group(2)), float(m.group(4)), float(m.group(5)))
    return found


def audio_figures(text):
    """What audio1 played, from a pegasus-net summary's audio line."""
    audio = re.search(r"audio: audio0 -> audio1: (\d+) cells sent \((\d+) dropped at the "
                      r"sender\), (\d+) taken by the playout; (\d+) frames played \(([\d.]+) "
                      r"ms\), (\d+) equal to the tone's reference, (\d+) silence, (\d+) other; "
                      r"underruns (\d+), late (\d+), early (\d+), bad (\d+)", text)
    if audio is None:
        raise DemoError("pegasus-net printed no audio line")
    return dict(audio_cells=int(audio.group(1)), audio_taken=int(audio.group(3)),
                audio_played=int(audio.group(4)), audio_ms=float(audio.group(5)),
                audio_exact=int(audio.group(6)), audio_silence=int(audio.group(7)),
                audio_other=int(audio.group(8)),
                audio_faults=sum(int(audio.group(i)) for i in (2, 10, 11, 12)),
                audio_underruns=int(audio.group(9)))


def latency(paths, out_dir, frames):
    """Step 2: the latency, in a C++-routed pegasus-net run."""
    png_dir = os.path.join(out_dir, "routed")
    cmd = [paths["pegasus-net"], f"--frames={frames}", f"--out={png_dir}", "--at=80,60"]
    say(f"   $ pegasus-net --frames={frames} --out={png_dir} --at=80,60")
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if run.returncode != 0:
        raise DemoError(f"pegasus-net failed (exit status {run.returncode}):\n"
                        f"{run.stdout[-2000:]}{run.stderr[-2000:]}")
    text = run.stdout
    c = counters_from_summary(text)
    newest = re.search(r"newest pixel of a PDU: min (\d+), mean (\d+), max (\d+) cycles "
                       r"\(([\d.]+) / ([\d.]+) / ([\d.]+) us\)", text)
    oldest = re.search(r"oldest pixel of a PDU: min (\d+), mean (\d+), max (\d+) cycles "
                       r"\(([\d.]+) / ([\d.]+) / ([\d.]+) us\)", text)
    frame = re.search(r"frame time: (\d+) cycles \(([\d.]+) us", text)
    if not (newest and oldest and frame):
        raise DemoError("pegasus-net printed no latency line:\n" + text[-2000:])
    c.update(newest_mean_us=float(newest.group(5)), newest_max_us=float(newest.group(6)),
             oldest_mean_us=float(oldest.group(5)), oldest_max_us=float(oldest.group(6)),
             frame_cycles=int(frame.group(1)), frame_us=float(frame.group(2)),
             png_dir=png_dir)
    return c, text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--build", required=True, help="the CMake build folder")
    parser.add_argument("--out", help="PNGs, WAV and logs (default: BUILD/../demo)")
    parser.add_argument("--frames", type=int, default=4,
                        help="frame syncs the tool waits for after its connect; frames of "
                             "the second run (at most 2) (default 4)")
    parser.add_argument("--max-cycles", type=int, default=0,
                        help="cycles the managed network runs (default: from --frames)")
    args = parser.parse_args()
    if args.frames < 1:
        parser.error("--frames must be at least 1")
    out_dir = args.out or os.path.join(os.path.dirname(os.path.abspath(args.build)), "demo")
    os.makedirs(out_dir, exist_ok=True)
    # pegasusd boots and the tool connects in a few hundred thousand cycles; each camera
    # frame is 80,840 more; the rest is margin for a loaded machine.
    max_cycles = args.max_cycles or 1_000_000 + 3 * args.frames * CAMERA_FRAME_CYCLES
    t0 = time.monotonic()
    try:
        paths = binaries(args.build)
        say("== 1/2  pegasusd on soc0 sets up camera0, camera1 -> sw0 -> display0 and "
            "audio0 -> sw0 -> audio1; the pegasus tool drives it over TCP")
        log = os.path.join(out_dir, "managed.log")
        m, _ = managed_network(paths, out_dir, args.frames, max_cycles, log)
        if m["drawn"] < args.frames or m["pngs"] < 1:
            raise DemoError(f"display0 drew {m['drawn']} frames and wrote {m['pngs']} PNGs, "
                            f"fewer than the {args.frames} asked for; see {log}")
        say(f"   pegasus-net: {m['cycles']:,} cycles, frames captured {m['captured']}, "
            f"drawn {m['drawn']}, PNGs {m['pngs']} in {m['png_dir']}")
        if m["audio_exact"] == 0 or m["audio_other"] or m["audio_faults"]:
            raise DemoError(f"audio1 did not play audio0's tone cleanly: {m}; see {log}")
        say("== 2/2  the pixel latency (C++-routed network, no SoC)")
        r, _ = latency(paths, out_dir, min(args.frames, 2))
        drops = sum(m[k] + r[k] for k in ("switch_drops", "band_drops", "display_drops",
                                           "hec_discards"))
    except (DemoError, subprocess.TimeoutExpired, OSError) as e:
        print(f"demo FAILED: {e}", file=sys.stderr)
        return 1
    ratio = r["oldest_max_us"] / r["frame_us"]
    say("\nwhat happened:")
    say(f"  pegasusd (RISC-V firmware on soc0) took `pegasus connect` over its UART, set up "
        f"the VCs in sw0 through the management bus ({m['mgmt']} register accesses in all, "
        f"with the counter reads for `pegasus stats`) and started camera0 and camera1, each "
        f"in a window on display0 with a border pegasusd drew into the decorations window; "
        f"video went camera -> sw0 -> display0 without touching the processor")
    say(f"  frames: camera0 and camera1 captured {m['captured']}, display0 drew {m['drawn']}; "
        f"{m['pngs']} PNGs of the screen in {m['png_dir']}" +
        (" (the window moved once mid-run; pegasusd painted its border and the decorations "
         "over the place it left)" if m["window_moved"] else ""))
    say(f"  cells: {m['switch_in']:,} into sw0 in {m['cycles']:,} cycles "
        f"({m['cycles'] / 50e3:.1f} ms at 50 MHz); drops: {drops} "
        f"(switch, camera bands, display reassembler, HEC discards, both runs)")
    say(f"  audio: `pegasus connect audio0 audio1` routed audio0's tone through sw0 to "
        f"audio1 (guaranteed class); audio0 sent {m['audio_cells']} cells since boot, "
        f"{m['audio_unrouted']} of them dropped at sw0 before the connection (no VC yet), "
        f"{m['audio_taken']} taken by audio1's playout; {m['audio_played']} frames played "
        f"({m['audio_ms']} ms), {m['audio_exact']} equal to the tone's reference, "
        f"{m['audio_silence']} silent, {m['audio_underruns']} underruns, no late/early/bad "
        f"cells; WAV {m['wav']}")
    for cam, (pdus, mean, worst) in sorted(m["latency"].items()):
        say(f"  latency, pixel into {cam} -> in display0's framebuffer (step 1, {pdus} tile "
            f"PDUs): newest pixel of a tile PDU mean {mean} us, max {worst} us")
    say(f"  latency, pixel into camera0 -> in display0's framebuffer (second run): newest "
        f"pixel of a tile PDU mean {r['newest_mean_us']} us, max {r['newest_max_us']} us; "
        f"oldest (waits for its band's 8 lines) mean {r['oldest_mean_us']} us, max "
        f"{r['oldest_max_us']} us")
    say(f"  one frame of this camera: {r['frame_us']} us ({r['frame_cycles']:,} cycles); "
        f"the worst pixel's latency is {ratio:.3f} of it")
    say(f"  demo took {time.monotonic() - t0:.1f} s wall; console of step 1 in {log}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
