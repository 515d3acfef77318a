// The browser channel's pictures in the HTML report: each frame embedded as a data: URI, so
// the report stays one file a reader can mail or upload; a frame that is gone is said to be
// gone, by name, and the report is written anyway.
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { plural, seconds } from '../checkers/format.js';
import type { Filmstrip, OutageShot, Shot, Strip } from './filmstrip.js';
import { escape } from './html-escape.js';

// Colours as the timeline plot's (ok, failed, timed out), so a red frame is a red point.
export const FILMSTRIP_STYLE = `.frames{display:flex;flex-wrap:wrap;gap:1rem;margin:.5rem 0}.frames figure{margin:0;width:320px}
.strip{display:flex;gap:6px;overflow-x:auto;padding:.3rem 0 .6rem;align-items:flex-start}.strip figure{flex:none;margin:0;width:160px;font-size:11px;text-align:center}
figure.shot img,figure.shot .missing{display:block;box-sizing:border-box;width:100%;aspect-ratio:8/5;object-fit:cover;border:3px solid #999}
figure.ok img,figure.ok .missing{border-color:#2a9d8f}figure.fail img,figure.fail .missing{border-color:#e63946}figure.info img,figure.info .missing{border-color:#f4a000}
figure.slow img{border-style:dashed}figure.shot figcaption{font-size:12px;margin-top:.2rem}.strip figure.shot figcaption{font-size:11px}
.missing{background:#f1f1f1;color:#555;font-size:11px;padding:.3rem;overflow:hidden;word-break:break-all}
.mark{flex:none;width:84px;align-self:stretch;border-left:3px dashed #f4a261;padding-left:4px;font-size:11px;color:#8a4b14}
.gap{flex:none;width:70px;height:100px;box-sizing:border-box;border:3px dotted #f4a000;background:#f1f1f1;padding:3px;font-size:10px;color:#555}`;

const MIME: Record<string, string> = { '.png': 'image/png' };

/** A frame as a data: URI, or why it cannot be shown. Each file is read once however often it is shown. */
type Picture = { uri: string } | { missing: string };

function pictures(dir: string) {
  const read = new Map<string, Promise<Picture>>();
  return (frame: string) => {
    let picture = read.get(frame);
    if (!picture) {
      const mime = MIME[extname(frame).toLowerCase()] ?? 'image/jpeg';
      picture = readFile(`${dir}/${frame}`).then(
        (bytes): Picture => ({ uri: `data:${mime};base64,${bytes.toString('base64')}` }),
        (error: NodeJS.ErrnoException): Picture => ({ missing: error.code === 'ENOENT' ? 'missing' : `unreadable (${error.code ?? error.message})` }),
      );
      read.set(frame, picture);
    }
    return picture;
  };
}

type Load = ReturnType<typeof pictures>;

const outcomeClass = (s: Shot) => `shot ${s.outcome}${s.outcome === 'ok' && s.bad ? ' slow' : ''}`;
const described = (s: Shot) => `${s.what}${s.instance ? ` (instance ${s.instance})` : ''}`;

// The whole report goes through redact(): a data: URI followed by a space and another
// attribute, never by `>`, cannot be read as the value of its `token=` shape, should the base64
// happen to end in "token=".
async function image(load: Load, s: Shot, alt: string): Promise<string> {
  if (!s.frame) return `<div class="missing">no picture: the visit left none</div>`;
  const picture = await load(s.frame);
  if ('missing' in picture) return `<div class="missing">frame ${picture.missing}: <code>${escape(s.frame)}</code></div>`;
  return `<img loading="lazy" src="${picture.uri}" alt="${escape(alt)}">`;
}

const offset = (ms: number) => `${ms < 0 ? '−' : '+'}${(Math.abs(ms) / 1000).toFixed(1)} s`;

async function outageFigure(load: Load, o: OutageShot, strip: Strip | undefined): Promise<string> {
  const s = o.shot;
  const into = strip && s.at >= strip.origin ? ` (${offset(s.at - strip.origin)} after ${escape(strip.fault)} began)` : '';
  return `<figure class="${outcomeClass(s)}">${await image(load, s, `the page at ${s.clock}`)}<figcaption><b>${escape(s.clock)}</b>${into}: ${escape(described(s))}.<br>Outage ${escape(o.from)}–${escape(o.to)}, ${escape(seconds(o.durationMs))}: ${escape(o.kinds)}.</figcaption></figure>`;
}

async function stripHtml(load: Load, strip: Strip): Promise<string> {
  const when = (at: number) => offset(at - strip.origin);
  // Fault marks and visits without a picture sit between the frames, where they happened.
  const between = [
    ...strip.marks.map((m) => ({ at: m.at, html: `<div class="mark">${escape(when(m.at))} ${escape(m.label)}</div>` })),
    ...strip.gaps.map((g) => ({
      at: g.at,
      html: `<div class="gap" title="${escape(g.what)}">${escape(g.visits > 1 ? `${when(g.at)} to ${when(g.to)}` : when(g.at))}: ${escape(plural(g.visits, 'visit'))} without a picture</div>`,
    })),
  ].sort((a, b) => a.at - b.at);
  const tiles: string[] = [];
  for (const s of strip.shots) {
    while (between.length > 0 && between[0]!.at <= s.at) tiles.push(between.shift()!.html);
    tiles.push(`<figure class="${outcomeClass(s)}" title="${escape(`${when(s.at)} (${s.clock}): ${described(s)}`)}">${await image(load, s, `the page at ${when(s.at)}`)}<figcaption>${escape(s.tag ? `${when(s.at)} · ${s.tag}` : when(s.at))}</figcaption></figure>`);
  }
  tiles.push(...between.map((b) => b.html));
  const shown = strip.shots.length < strip.pictured ? `${strip.shots.length} of ${strip.pictured} frames shown, evenly spaced, every bad one kept` : `all ${plural(strip.pictured, 'frame')}`;
  const unpictured = strip.gaps.reduce((n, g) => n + g.visits, 0);
  const without = unpictured > 0 ? `; ${plural(unpictured, 'visit')} left no picture` : '';
  return `<p>Every visit from ${escape(strip.from)} to ${escape(strip.to)}, times from the start of ${escape(strip.fault)} at ${escape(strip.originClock)}: ${shown}${without}. Borders: green rendered, dashed green slow, red failed, amber timed out; hover a frame for what happened.</p>
<div class="strip">${tiles.join('')}</div>`;
}

async function channelHtml(load: Load, f: Filmstrip): Promise<string> {
  const capped = f.outages.length < f.outageCount ? ` (the first ${f.outages.length} of ${f.outageCount})` : '';
  const outages =
    f.outages.length > 0
      ? `<div class="frames">${(await Promise.all(f.outages.map((o) => outageFigure(load, o, f.strip)))).join('')}</div>`
      : `<p>No outage on ${escape(f.channel)}: every visit rendered within ${escape(seconds(f.slowMs))}.</p>`;
  return `<h3>What the user saw at each outage${capped}: browser channel <code>${escape(f.channel)}</code></h3>
${outages}
${f.strip ? `<h3>The page across the faults</h3>\n${await stripHtml(load, f.strip)}` : ''}`;
}

export async function filmstripHtml(filmstrips: Filmstrip[], dir: string): Promise<string> {
  const load = pictures(dir);
  return (await Promise.all(filmstrips.map((f) => channelHtml(load, f)))).join('\n');
}
