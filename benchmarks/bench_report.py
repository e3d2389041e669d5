"""The benchmark's Markdown report: machine, throughput table, ratios, targets, stages, the pypdfium2
layer's comparison and the profile. Split from run.py, which measures."""

from __future__ import annotations

import argparse
import platform
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Measure:
    name: str
    input: str
    pages: int = 0
    seconds: float = 0.0
    peak_rss_mb: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)
    error: str = ""

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


def machine() -> list[str]:
    def sh(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return "?"

    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = []
    dists = ["playa-pdf", "pdfplumber", "pdfminer.six", "pypdfium2", "pypdf", "camelot-py"]
    dists.append("opencv-python-headless")
    for dist in dists:
        try:
            from importlib.metadata import version

            versions.append(f"{dist} {version(dist)}")
        except Exception:
            versions.append(f"{dist} (not installed)")
    free = sh(["free", "-h"])
    return [
        f"- CPU: {cpu}; `nproc` = {sh(['nproc'])}",
        f"- Python {platform.python_version()} on {platform.platform()}",
        f"- {', '.join(versions)}",
        "- `free -h`:",
        "",
        "```",
        free,
        "```",
    ]


def _fmt(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


def _ratio(a: float, b: float) -> str:
    return f"{a / b:.2f}" if b > 0 else "n/a"


def report(results: dict[str, Measure], args: argparse.Namespace, prof: str, pack_pages: int) -> str:
    lines = ["# Benchmarks", ""]
    lines += [
        "Produced by `python benchmarks/run.py"
        + (" --quick" if args.quick else "")
        + "`; re-run it to refresh.",
        "Each measurement runs in its own process; seconds cover the work only (not interpreter start-up",
        "or imports, nor extract's one-off loading of its sentencizer, word list and vocabularies, which",
        "is timed on its own and shown beside the targets), except ingest, which is wall time of the",
        "whole command. Peak RSS is the process's",
        "maximum resident set (for ingest, the largest single process, not the sum over workers).",
        "CPU seconds (user + system) are what to compare when the machine is loaded.",
        "",
    ]
    if args.note:
        lines += [f"**{args.note}**", ""]
    lines += ["## Machine", "", *machine(), ""]
    lines += ["## Throughput and memory", ""]
    lines += [
        "| measurement | input | pages | seconds | pages/s | CPU seconds | peak RSS MiB |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for m in results.values():
        if m.error:
            lines.append(f"| {m.name} | {m.input} | | | failed: {m.error} | | {_fmt(m.peak_rss_mb, 0)} |")
        else:
            lines.append(
                f"| {m.name} | {m.input} | {m.pages} | {_fmt(m.seconds, 2)} | {_fmt(m.pages_per_s)} "
                f"| {_fmt(float(m.extra.get('cpu_seconds', 0.0)), 2)} | {_fmt(m.peak_rss_mb, 0)} |"
            )
    cam = results.get("camelot/samples")
    if cam and not cam.error:
        lines += [
            "",
            f"camelot lattice ran on {cam.pages} pages spread evenly over the samples (every page would take",
            "minutes); its pages/s is from those pages. It found "
            f"{cam.extra.get('tables', '?')} tables there.",
        ]
    lines += ["", "## Ratios of extract to each baseline (time per page, same pages)", ""]
    lines += ["| input | baseline | extract s/page ÷ baseline s/page |", "|---|---|---:|"]
    for label in ["samples", "largest", "pack"]:
        ext = results.get(f"extract/{label}")
        if not ext or ext.error or not ext.pages_per_s:
            continue
        for base in ["pdfium_text", "plumber_words", "camelot", "reader", "pdfium_layer"]:
            b = results.get(f"{base}/{label}")
            if b and not b.error and b.pages_per_s:
                lines.append(f"| {label} | {base} | {_ratio(b.pages_per_s, ext.pages_per_s)} |")
    lines += ["", "## Targets", ""]
    lines += targets(results)
    lines += ["", "## Where extract spends its time", ""]
    lines += stages(results)
    lines += ["", "## The reading layer against pdfplumber and a pypdfium2 layer", ""]
    lines += readers_section(results)
    lines += pdfium_section(results)
    lines += [
        "",
        "## Profile",
        "",
        "pyinstrument call tree of one `extractor extract` (top of the report):",
        "",
    ]
    lines += ["```", *prof.strip().splitlines()[:70], "```", ""]
    lines += [
        f"The pack is {pack_pages} pages: the samples concatenated with pypdf (built in a temp dir).",
        "",
    ]
    return "\n".join(lines)


def _ok(flag: bool) -> str:
    return "met" if flag else "**missed**"


def _speedup(r: dict[str, Measure], label: str, with_load: bool = False) -> float | None:
    """extract's pages/s over pdfplumber extract_words' on the same pages, or None; `with_load`
    counts extract's one-off loading in."""
    ext, plumb = r.get(f"extract/{label}"), r.get(f"plumber_words/{label}")
    if ext and plumb and not ext.error and not plumb.error and plumb.pages_per_s and ext.seconds:
        load = float(ext.extra.get("load_seconds", 0.0)) if with_load else 0.0
        return ext.pages / (ext.seconds + load) / plumb.pages_per_s
    return None


def targets(r: dict[str, Measure]) -> list[str]:
    out = ["| target | measured | |", "|---|---|---|"]
    for label, what in (("largest", "the largest sample"), ("pack", "the pack"), ("samples", "all samples")):
        speedup, cold = _speedup(r, label), _speedup(r, label, with_load=True)
        if speedup is not None and cold is not None:
            mark = _ok(speedup >= 3) if label != "samples" else "(for reference)"
            load = float(r[f"extract/{label}"].extra.get("load_seconds", 0.0))
            out.append(
                f"| extract ≥ 3× pdfplumber extract_words pages/s, {what} | {speedup:.2f}× "
                f"({cold:.2f}× with the one-off loading of {load:.1f} s counted in) | {mark} |"
            )
    ext, cam = r.get("extract/samples"), r.get("camelot/samples")
    if ext and cam and not ext.error and not cam.error and cam.pages_per_s:
        speedup = ext.pages_per_s / cam.pages_per_s
        out.append(f"| (extract against camelot lattice) | {speedup:.1f}× faster | |")
    pack = r.get("extract/pack")
    if pack and not pack.error:
        out.append(
            f"| {pack.pages}-page pack peak RSS < 1 GiB | {pack.peak_rss_mb:,.0f} MiB "
            f"| {_ok(pack.peak_rss_mb < 1024)} |"
        )
    one, two = r.get("ingest/1"), r.get("ingest/2")
    if two and not two.error and two.seconds:
        out.append(
            f"| ingest of all samples ≥ 60 pages/s with 2 workers | {two.pages_per_s:.1f} pages/s "
            f"| {_ok(two.pages_per_s >= 60)} |"
        )
    if one and two and not one.error and not two.error and two.seconds:
        out.append(f"| (ingest 1 → 2 workers) | {one.seconds / two.seconds:.2f}× faster | |")
    local = r.get("ingest/local2")
    if two and local and not two.error and not local.error and local.seconds:
        docs = local.extra.get("documents", 0) or 1
        out.append(
            f"| (ingest, 2 workers: process pool → LocalCluster) | {two.pages_per_s:.1f} → "
            f"{local.pages_per_s:.1f} pages/s; the cluster's overhead "
            f"{(local.seconds - two.seconds) / docs:+.2f} s per document "
            f"(its start-up included) | |"
        )
    for m in (one, two, local):
        if m and not m.error and m.seconds:
            docs = m.extra.get("documents", 0)
            out.append(
                f"| ({m.name}) | {docs / m.seconds * 60:.1f} documents/min, {m.pages_per_s:.1f} pages/s | |"
            )
    return out


def stages(r: dict[str, Measure]) -> list[str]:
    ext = r.get("extract/samples")
    if not ext or ext.error or not ext.extra.get("stages"):
        return ["(no stage timings)"]
    st: dict[str, float] = ext.extra["stages"]
    total = sum(st.values()) or 1.0
    out = [
        "`Document.timings` summed over the samples:",
        "",
        "| stage | seconds | share |",
        "|---|---:|---:|",
    ]
    for name, secs in sorted(st.items(), key=lambda kv: -kv[1]):
        out.append(f"| {name} | {secs:.2f} | {secs / total:.0%} |")
    return out


def readers_section(r: dict[str, Measure]) -> list[str]:
    reader, layer, plumb = (r.get(f"{k}/samples") for k in ("reader", "pdfium_layer", "plumber_words"))
    if not reader or reader.error:
        return ["(the reading layer was not measured alone)", ""]
    out = [
        "The reading layer alone (`parsers.pdf.iter_pages` on playa-pdf: words, rects, rules, curves,",
        f"images, hidden text) read the samples at {reader.pages_per_s:.1f} pages/s",
    ]
    if plumb and not plumb.error and plumb.pages_per_s:
        out[-1] += f", {_ratio(reader.pages_per_s, plumb.pages_per_s)}× pdfplumber's extract_words"
    if layer and not layer.error and layer.pages_per_s:
        out[-1] += f" and {_ratio(reader.pages_per_s, layer.pages_per_s)}× the pypdfium2 prototype below"
    out[-1] += "."
    return [*out, ""]


def pdfium_section(r: dict[str, Measure]) -> list[str]:
    layer, plumb, ext = (
        r.get("pdfium_layer/samples"),
        r.get("plumber_words/samples"),
        r.get("extract/samples"),
    )
    if not layer or layer.error or not plumb or plumb.error:
        return ["(not measured)"]
    out = [
        "`benchmarks/pdfium_layer.py` (PDFium characters with boxes, font name, size and colour, grouped by",
        "pdfplumber's own WordExtractor with the project's settings; path objects read too) ran at "
        f"{layer.pages_per_s:.1f} pages/s against pdfplumber's {plumb.pages_per_s:.1f}: "
        f"{_ratio(layer.pages_per_s, plumb.pages_per_s)}× faster.",
    ]
    floor = r.get("pdfium_text/samples")
    if floor and not floor.error and floor.pages_per_s and plumb.pages_per_s:
        out += [
            "",
            f"For scale: pdfplumber's words take {_ratio(floor.pages_per_s, plumb.pages_per_s)}× the time of "
            "pypdfium2's raw text on the same pages (the floor: no boxes, fonts or Python per character).",
        ]
    compared = int(layer.extra.get("compared", 0))
    if compared:
        same_t, same_b = int(layer.extra["same_texts"]), int(layer.extra["same_boxes"])
        same_d = int(layer.extra.get("same_decodable", 0))
        out += [
            "",
            f"On {compared} sample pages its words equal pdfplumber's on {same_t} pages by text "
            f"({same_t / compared:.0%}) and on {same_b} by text and every box within 1 pt "
            f"({same_b / compared:.0%}). Leaving out the words pdfminer cannot decode (`(cid:N)`, where",
            f"PDFium gives the real glyph, e.g. a bullet), {same_d} pages ({same_d / compared:.0%})",
            "are the same.",
        ]
        if ext and not ext.error and ext.seconds:
            per_page_saved = plumb.seconds / plumb.pages - layer.seconds / layer.pages
            saved = per_page_saved * same_b * ext.pages / compared
            out += [
                "",
                f"Reading only the identical pages through it would save about {saved:.1f} s of extract's "
                f"{ext.seconds:.1f} s on the samples ({saved / ext.seconds:.0%}); on every page, "
                f"{per_page_saved * ext.pages:.1f} s ({per_page_saved * ext.pages / ext.seconds:.0%}).",
            ]
    return out


# ---------------------------------------------------------------- main
