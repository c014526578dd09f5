import { defineConfig } from 'tsup';
import { packageBuild } from '../../scripts/tsup.shared';

// zod/mini is bundled (tree-shaken to the validators the schemas use), so importing an entry
// does not pay for loading zod's whole module graph (~75 ms). zod stays in `dependencies`
// all the same: the exported schemas and the types inferred from them (Sample, …) are
// declared with zod's types, and the published .d.ts files import them from 'zod/mini'.
export default defineConfig(packageBuild(import.meta.dirname, { noExternal: ['zod'] }));
