import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cruise } from './module-graph';

/** A tree that breaks each rule once, to show the check catches what it claims to. */
const PLANTED: Record<string, string> = {
  'src/modules/alpha/index.ts': "export * from './contract';\nexport { AlphaModule } from './alpha.module';\n",
  'src/modules/alpha/alpha.module.ts': "import { helper } from './application/reads-beta-internals';\nexport class AlphaModule { h = helper; }\n",
  'src/modules/alpha/contract/index.ts': "export type AlphaHappened = { name: 'alpha.happened' };\n",
  'src/modules/alpha/application/reads-beta-internals.ts':
    "import { secret } from '../../beta/application/secret';\nimport { BetaModule } from '../../beta';\nexport const helper = [secret, BetaModule];\n",
  'src/modules/alpha/application/uses-a-test-helper.ts': "import { fixture } from '../../../../test/fixture';\nexport const f = fixture;\n",
  'src/modules/alpha/domain/rule-with-framework.ts': "import { Injectable } from '@nestjs/common';\nexport const i = Injectable;\n",
  'src/modules/alpha/domain/rule-with-sql.ts': "import { repo } from '../infrastructure/repo';\nexport const r = repo;\n",
  'src/modules/alpha/infrastructure/repo.ts': 'export const repo = 1;\n',
  'src/modules/alpha/application/ping.ts': "import { pong } from './pong';\nexport const ping = () => pong;\n",
  'src/modules/alpha/application/pong.ts': "import { ping } from './ping';\nexport const pong = () => ping;\n",
  'src/modules/beta/index.ts': "export { BetaModule } from './beta.module';\n",
  'src/modules/beta/beta.module.ts': "import { AlphaModule } from '../alpha';\nexport class BetaModule { a = AlphaModule; }\n",
  'src/modules/beta/application/secret.ts': 'export const secret = 1;\n',
  'src/modules/beta/contract/index.ts': "import { secret } from '../application/secret';\nexport type BetaHappened = { n: typeof secret };\n",
  'src/shared/knows-a-module.ts': "import { AlphaModule } from '../modules/alpha';\nexport const m = AlphaModule;\n",
  'test/fixture.ts': 'export const fixture = 1;\n',
};

describe('module boundaries (dependency-cruiser, .dependency-cruiser.cjs)', () => {
  it('src/ keeps every boundary: no cycles, no reaching into another module, plain domains, a shared kernel that knows no module', () => {
    const { violations, moduleCycles } = cruise(join(__dirname, '../..'));
    expect(violations).toEqual([]);
    expect(moduleCycles).toEqual([]);
  });

  describe('on a tree with planted violations', () => {
    let root: string;
    let found: ReturnType<typeof cruise>;
    beforeAll(() => {
      root = mkdtempSync(join(tmpdir(), 'boundaries-'));
      for (const [path, text] of Object.entries(PLANTED)) {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), text);
      }
      found = cruise(root);
    });
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    const flagged = (rule: string) => found.violations.filter((v) => v.rule === rule).map((v) => `${v.from} -> ${v.to}`);

    it('flags a module reaching into another module\'s internals', () => {
      expect(flagged('module-internals')).toEqual([
        'src/modules/alpha/application/reads-beta-internals.ts -> src/modules/beta/application/secret.ts',
      ]);
    });

    it('flags a contract that imports anything but the shared kernel', () => {
      expect(flagged('contract-is-a-leaf')).toEqual(['src/modules/beta/contract/index.ts -> src/modules/beta/application/secret.ts']);
    });

    it('flags a domain folder importing Nest or infrastructure', () => {
      expect(flagged('domain-is-plain-typescript').sort()).toEqual([
        'src/modules/alpha/domain/rule-with-framework.ts -> @nestjs/common',
        'src/modules/alpha/domain/rule-with-sql.ts -> src/modules/alpha/infrastructure/repo.ts',
      ]);
    });

    it('flags the shared kernel importing a module', () => {
      expect(flagged('shared-knows-no-module')).toEqual(['src/shared/knows-a-module.ts -> src/modules/alpha/index.ts']);
    });

    it('flags src/ importing test/', () => {
      expect(flagged('src-never-imports-test')).toEqual(['src/modules/alpha/application/uses-a-test-helper.ts -> test/fixture.ts']);
    });

    it('flags files that import each other in a circle', () => {
      expect(flagged('no-cycles')).toEqual(
        expect.arrayContaining(['src/modules/alpha/application/ping.ts -> src/modules/alpha/application/pong.ts']),
      );
    });

    it('flags two modules that need each other', () => {
      expect(found.moduleCycles).toEqual([['alpha', 'beta', 'alpha']]);
    });
  });
});
