import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const DEPCRUISE = join(__dirname, '../../node_modules/.bin/depcruise');
const CONFIG = join(__dirname, '../../.dependency-cruiser.cjs');

export interface Violation {
  rule: string;
  from: string;
  to: string;
}

interface CruiseResult {
  modules: Array<{ source: string; dependencies: Array<{ resolved: string }> }>;
  summary: { violations: Array<{ rule: { name: string }; from: string; to: string }> };
}

/** Runs dependency-cruiser with the project's rules over `src/` below `root`. */
export function cruise(root: string): { violations: Violation[]; moduleCycles: string[][] } {
  const run = spawnSync(DEPCRUISE, ['src', '--config', CONFIG, '--output-type', 'json'], { cwd: root, encoding: 'utf8' });
  if (!run.stdout) throw new Error(`depcruise printed nothing: ${run.stderr}`);
  const result = JSON.parse(run.stdout) as CruiseResult;
  return {
    violations: result.summary.violations.map((v) => ({ rule: v.rule.name, from: v.from, to: v.to })),
    moduleCycles: moduleCycles(result),
  };
}

const moduleOf = (path: string) => /^src\/modules\/([^/]+)\//.exec(path)?.[1];
const isContract = (path: string) => /^src\/modules\/[^/]+\/contract(\.ts|\/)/.test(path);

/**
 * Cycles between modules, counting every import of another module except of its contract: a
 * contract is a leaf, so listening to each other's events is fine, but two modules that need each
 * other's code are one module split in two.
 */
function moduleCycles(result: CruiseResult): string[][] {
  const edges = new Map<string, Set<string>>();
  for (const { source, dependencies } of result.modules) {
    const from = moduleOf(source);
    if (!from) continue;
    for (const { resolved } of dependencies) {
      const to = moduleOf(resolved);
      if (to && to !== from && !isContract(resolved)) edges.set(from, (edges.get(from) ?? new Set()).add(to));
    }
  }
  const cycles: string[][] = [];
  const visit = (path: string[]) => {
    for (const next of edges.get(path[path.length - 1]) ?? []) {
      if (next === path[0]) cycles.push([...path, next]);
      else if (!path.includes(next) && next > path[0]) visit([...path, next]);
    }
  };
  for (const start of [...edges.keys()].sort()) visit([start]);
  return cycles;
}
