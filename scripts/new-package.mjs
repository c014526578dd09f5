// Writes the anatomy every package shares (package.json, tsconfig, tsup config, README stub
// is left to the author). Usage: node scripts/new-package.mjs <dir> "<description>"
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [dir, description] = process.argv.slice(2);
const root = join('packages', dir);
mkdirSync(join(root, 'src'), { recursive: true });
const entry = (name) => ({
  import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
  require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` },
});
if (!existsSync(join(root, 'package.json'))) {
  writeFileSync(
    join(root, 'package.json'),
    `${JSON.stringify(
      {
        name: `@medflow/${dir}`,
        version: '0.0.0',
        description,
        license: 'Apache-2.0',
        type: 'module',
        sideEffects: false,
        engines: { node: '>=20.19' },
        exports: { './package.json': './package.json', '.': entry('index') },
        main: './dist/index.cjs',
        module: './dist/index.js',
        types: './dist/index.d.cts',
        files: ['dist', 'README.md', 'CHANGELOG.md'],
        publishConfig: { access: 'public', provenance: true },
        repository: {
          type: 'git',
          url: 'https://github.com/medflow/medflow.git',
          directory: `packages/${dir}`,
        },
        scripts: { build: 'tsup' },
        dependencies: {},
        devDependencies: {},
      },
      null,
      2,
    )}\n`,
  );
}
writeFileSync(
  join(root, 'tsconfig.json'),
  `${JSON.stringify({ extends: '../../tsconfig.base.json', include: ['src'], exclude: ['src/**/*.test.ts'] }, null, 2)}\n`,
);
writeFileSync(
  join(root, 'tsup.config.ts'),
  `import { defineConfig } from 'tsup';\nimport { packageBuild } from '../../scripts/tsup.shared';\n\nexport default defineConfig(packageBuild(import.meta.dirname));\n`,
);
