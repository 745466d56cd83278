// Where a server's main thread spent its time, from a V8 CPU profile (node --cpu-prof, or
// BENCH_CPU_PROF with npm run bench:load): self time grouped by package (node_modules), by
// Gatehouse folder, and by Node's own internals, then the heaviest functions.
// Run: npm run bench:profile -- <file.cpuprofile> [more files…]
import { readFileSync } from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number; endTime: number };

/** What a frame belongs to: an npm package, a folder of ours, Node itself, or the engine's own work. */
function ownerOf(url: string, functionName: string) {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const path = url.replace(/^file:\/\//, '');
  const modules = path.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = path.slice(modules + 'node_modules/'.length).split('/');
    const name = rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
    // Next.js bundles its own copies of React and friends under next/dist/compiled.
    if (name === 'next' && rest[2] === 'compiled') return `next (compiled ${rest[3]})`;
    return name;
  }
  if (path.startsWith('node:')) return 'node internals';
  const chunk = /\.next\/server\/(chunks|app)\//.exec(path);
  if (chunk) return `.next/server/${chunk[1]} (bundled app code and libraries)`;
  const ours = /\/(lib|app|scripts|components)\/([^/]+)/.exec(path);
  return ours ? `${ours[1]}/${ours[2]}` : path;
}

function main() {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('Usage: npm run bench:profile -- <file.cpuprofile> …');
  const byOwner = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let total = 0;
  let idle = 0;
  for (const file of files) {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
    const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, i) => {
      const micros = profile.timeDeltas[i] ?? 0;
      const node = nodes.get(id)!;
      const { functionName, url, lineNumber } = node.callFrame;
      total += micros;
      if (functionName === '(idle)') {
        idle += micros;
        return;
      }
      const owner = ownerOf(url, functionName);
      byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
      const fn = `${functionName || '(anonymous)'} ${owner}${url ? `:${lineNumber + 1}` : ''}`;
      byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
    });
  }
  const busy = total - idle;
  const ms = (micros: number) => `${(micros / 1000).toFixed(0).padStart(7)} ms`;
  const pct = (micros: number) => `${((100 * micros) / busy).toFixed(1).padStart(5)}%`;
  console.log(`Profiled ${ms(total)}; main thread busy ${ms(busy)} (${((100 * busy) / total).toFixed(0)}%), idle ${ms(idle)}\n`);
  console.log('Self time of the busy time, by owner');
  for (const [owner, micros] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${pct(micros)} ${ms(micros)}  ${owner}`);
  console.log('\nHeaviest functions (self time)');
  for (const [fn, micros] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${pct(micros)} ${ms(micros)}  ${fn}`);
}

main();
